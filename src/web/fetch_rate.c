/*
 * fetch_rate.c — see fetch_rate.h.
 */
#include "web/fetch_rate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ip_address.h"
#include "web/ratelimit.h"

#define HOUR_S 3600
#define FETCH_RATE_MAX 100000 /* per hour: beyond it, say "0" */

static struct ratelimit by_network =
    RATELIMIT_INIT(FETCH_RATE_NETWORK_PER_HOUR, HOUR_S, FETCH_RATE_NETWORK_PER_HOUR);
static struct ratelimit by_owner =
    RATELIMIT_INIT(FETCH_RATE_OWNER_PER_HOUR, HOUR_S, FETCH_RATE_OWNER_PER_HOUR);

/* One positive number up to FETCH_RATE_MAX at *p, ending at stop. */
static bool parse_count(const char *p, char stop, unsigned long *out, const char **end)
{
	char *e;
	*out = strtoul(p, &e, 10);
	*end = e;
	return e != p && *e == stop && *p != '-' && *out > 0 && *out <= FETCH_RATE_MAX;
}

bool fetch_rate_configure(const char *spec, char err[256])
{
	unsigned long network = FETCH_RATE_NETWORK_PER_HOUR, owner = FETCH_RATE_OWNER_PER_HOUR;
	if (spec && strcmp(spec, "0") == 0) {
		network = owner = 0;
	} else if (spec && *spec) {
		const char *end;
		if (!parse_count(spec, '/', &network, &end) ||
		    !parse_count(end + 1, '\0', &owner, &end)) {
			snprintf(
			    err, 256,
			    "MAMORI_FETCH_RATE=%s: expected NETWORK/OWNER, fetches per hour (e.g. "
			    "%d/%d), or 0",
			    spec, FETCH_RATE_NETWORK_PER_HOUR, FETCH_RATE_OWNER_PER_HOUR);
			return false;
		}
	}
	ratelimit_set(&by_network, (unsigned)network, HOUR_S, (unsigned)network);
	ratelimit_set(&by_owner, (unsigned)owner, HOUR_S, (unsigned)owner);
	return true;
}

bool fetch_rate_take(struct req *r, struct str owner, unsigned *retry_after_s)
{
	char network[IP_NETWORK_TEXT_BYTES];
	uint64_t now = ratelimit_now_us();
	unsigned retry_network = 0, retry_owner = 0;
	ip_address_network(r->ip, network);
	bool ok = ratelimit_take_key(&by_network, str_from(network), now, 1, &retry_network);
	/* The owner's token is taken only when the network had one, so a flood
	 * from one network does not spend the allowance of a firm it names. */
	if (ok)
		ok = ratelimit_take_key(&by_owner, owner, now, 1, &retry_owner);
	*retry_after_s = retry_network > retry_owner ? retry_network : retry_owner;
	return ok;
}
