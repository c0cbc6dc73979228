/*
 * fetch_rate.c — see fetch_rate.h.
 */
#include "web/fetch_rate.h"

#include <stdio.h>

#include "lib/log.h"
#include "web/ratelimit.h"

static struct ratelimit_pair limit =
    RATELIMIT_PAIR_INIT(FETCH_RATE_NETWORK_PER_HOUR, FETCH_RATE_OWNER_PER_HOUR);

bool fetch_rate_configure(const char *spec, char err[256])
{
	if (ratelimit_pair_configure(&limit, spec, FETCH_RATE_NETWORK_PER_HOUR,
	                             FETCH_RATE_OWNER_PER_HOUR))
		return true;
	char shown[LOG_SETTING_SHOWN_BYTES];
	snprintf(
	    err, 256,
	    "MAMORI_FETCH_RATE=%s: expected NETWORK/OWNER, fetches per hour (e.g. %d/%d), or 0",
	    log_setting_shown(shown, spec), FETCH_RATE_NETWORK_PER_HOUR, FETCH_RATE_OWNER_PER_HOUR);
	return false;
}

bool fetch_rate_take(struct req *r, struct str owner, unsigned *retry_after_s)
{
	return ratelimit_pair_take(&limit, r->ip, owner, retry_after_s);
}
