/*
 * metrics_allow.c — see metrics_allow.h.
 */
#include "web/metrics_allow.h"

#include <arpa/inet.h>
#include <string.h>

#include "lib/ip_address.h"

static struct ip_address allowed[METRICS_ALLOW_MAX];
static size_t allowed_n;

static bool is_loopback(const struct ip_address *a)
{
	static const unsigned char v6_loopback[16] = {[15] = 1};
	if (a->family == AF_INET)
		return a->bytes[0] == 127;
	return memcmp(a->bytes, v6_loopback, 16) == 0;
}

bool metrics_allow_configure(const char *spec, char err[256])
{
	if (!ip_address_setting("MAMORI_METRICS_ALLOW", spec, "10.0.0.5,2001:db8::7", allowed,
	                        METRICS_ALLOW_MAX, &allowed_n, err))
		return false;
	for (size_t i = 0; i < allowed_n; i++)
		ip_address_unmap(&allowed[i]);
	return true;
}

bool metrics_allowed(const struct req *r)
{
	struct ip_address client;
	if ((req_header(r, "X-Forwarded-For").p || req_header(r, "Forwarded").p) &&
	    !r->ip_forwarded)
		return false;
	if (!ip_address_parse(r->ip, &client))
		return false;
	ip_address_unmap(&client);
	if (is_loopback(&client))
		return true;
	for (size_t i = 0; i < allowed_n; i++)
		if (ip_address_eq(&allowed[i], &client))
			return true;
	return false;
}
