/*
 * fetch_rate.c — see fetch_rate.h.
 */
#include "web/fetch_rate.h"

#include "web/ratelimit.h"

static struct ratelimit_pair limit =
    RATELIMIT_PAIR_INIT(FETCH_RATE_NETWORK_PER_HOUR, FETCH_RATE_OWNER_PER_HOUR);

static const struct ratelimit_pair_setting setting = {"MAMORI_FETCH_RATE", "NETWORK/OWNER, fetches",
                                                      FETCH_RATE_NETWORK_PER_HOUR,
                                                      FETCH_RATE_OWNER_PER_HOUR};

bool fetch_rate_configure(const char *spec, char err[256])
{
	return ratelimit_pair_setting_read(&limit, &setting, spec, err);
}

bool fetch_rate_take(struct req *r, struct str owner, unsigned *retry_after_s)
{
	return ratelimit_pair_take(&limit, r->ip, owner, retry_after_s);
}
