/*
 * mail_rate.c — see mail_rate.h.
 */
#include "web/mail_rate.h"

#include <ctype.h>

#include "web/ratelimit.h"

static struct ratelimit_pair limit =
    RATELIMIT_PAIR_INIT(MAIL_RATE_NETWORK_PER_HOUR, MAIL_RATE_ADDRESS_PER_HOUR);

static const struct ratelimit_pair_setting setting = {"MAMORI_MAIL_RATE", "NETWORK/ADDRESS, mails",
                                                      MAIL_RATE_NETWORK_PER_HOUR,
                                                      MAIL_RATE_ADDRESS_PER_HOUR};

bool mail_rate_configure(const char *spec, char err[256])
{
	return ratelimit_pair_setting_read(&limit, &setting, spec, err);
}

bool mail_rate_take(struct req *r, struct str address, unsigned *retry_after_s)
{
	/* One bucket per address however its case was typed. */
	char *lower = arena_alloc(r->arena, address.n + 1);
	if (!lower) {
		*retry_after_s = 60; /* no memory even for this: refuse rather than guess */
		return false;
	}
	for (size_t i = 0; i < address.n; i++)
		lower[i] = (char)tolower((unsigned char)address.p[i]);
	return ratelimit_pair_take(&limit, r->ip, (struct str){lower, address.n}, retry_after_s);
}
