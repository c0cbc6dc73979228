/*
 * mail_rate.c — see mail_rate.h.
 */
#include "web/mail_rate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ip_address.h"
#include "web/ratelimit.h"

#define HOUR_S 3600

static struct ratelimit by_network =
    RATELIMIT_INIT(MAIL_RATE_NETWORK_PER_HOUR, HOUR_S, MAIL_RATE_NETWORK_PER_HOUR);
static struct ratelimit by_address =
    RATELIMIT_INIT(MAIL_RATE_ADDRESS_PER_HOUR, HOUR_S, MAIL_RATE_ADDRESS_PER_HOUR);

bool mail_rate_configure(const char *spec, char err[256])
{
	unsigned long network = MAIL_RATE_NETWORK_PER_HOUR, address = MAIL_RATE_ADDRESS_PER_HOUR;
	if (spec && strcmp(spec, "0") == 0) {
		network = address = 0;
	} else if (spec && *spec) {
		char *end;
		const char *second;
		network = strtoul(spec, &end, 10);
		if (end == spec || *end != '/' || network == 0 || network > 100000)
			goto malformed;
		second = end + 1;
		address = strtoul(second, &end, 10);
		if (end == second || *end || address == 0 || address > 100000)
			goto malformed;
	}
	ratelimit_set(&by_network, (unsigned)network, HOUR_S, (unsigned)network);
	ratelimit_set(&by_address, (unsigned)address, HOUR_S, (unsigned)address);
	return true;
malformed:
	snprintf(err, 256,
	         "MAMORI_MAIL_RATE=%s: expected NETWORK/ADDRESS, mails per hour (e.g. %d/%d), or 0",
	         spec, MAIL_RATE_NETWORK_PER_HOUR, MAIL_RATE_ADDRESS_PER_HOUR);
	return false;
}

bool mail_rate_take(struct req *r, struct str address, unsigned *retry_after_s)
{
	char network[IP_NETWORK_TEXT_BYTES];
	uint64_t now = ratelimit_now_us();
	unsigned retry_network = 0, retry_address = 0;
	ip_address_network(r->ip, network);
	/* One bucket per address however its case was typed. */
	char *lower = arena_alloc(r->arena, address.n + 1);
	if (!lower) {
		*retry_after_s = 60; /* no memory even for this: refuse rather than guess */
		return false;
	}
	for (size_t i = 0; i < address.n; i++)
		lower[i] = (char)tolower((unsigned char)address.p[i]);
	address = (struct str){lower, address.n};
	bool ok = ratelimit_take_key(&by_network, str_from(network), now, 1, &retry_network);
	/* The address's token is taken only when the network had one, so a
	 * flood from one network does not spend a stranger's allowance. */
	if (ok)
		ok = ratelimit_take_key(&by_address, address, now, 1, &retry_address);
	*retry_after_s = retry_network > retry_address ? retry_network : retry_address;
	return ok;
}
