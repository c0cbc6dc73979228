/*
 * metrics_allow.c — see metrics_allow.h.
 */
#include "web/metrics_allow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

struct address {
	int family;
	unsigned char bytes[16];
};

static struct address allowed[METRICS_ALLOW_MAX];
static size_t allowed_n;

/* One textual address (no port, no brackets) into binary form; an
 * IPv4-mapped IPv6 address becomes the IPv4 address it carries. */
static bool address_parse(struct str text, struct address *out)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	char buf[INET6_ADDRSTRLEN + 1];
	if (text.n == 0 || text.n >= sizeof buf)
		return false;
	memcpy(buf, text.p, text.n);
	buf[text.n] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, buf, out->bytes) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, out->bytes) != 1)
		return false;
	out->family = AF_INET6;
	if (memcmp(out->bytes, mapped, sizeof mapped) == 0) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = AF_INET;
	}
	return true;
}

static bool is_loopback(const struct address *a)
{
	static const unsigned char v6_loopback[16] = {[15] = 1};
	if (a->family == AF_INET)
		return a->bytes[0] == 127;
	return memcmp(a->bytes, v6_loopback, 16) == 0;
}

bool metrics_allow_configure(const char *spec, char err[256])
{
	allowed_n = 0;
	if (!spec || !*spec)
		return true;
	struct str rest = str_from(spec);
	for (bool more = true; more;) {
		long comma = str_index(rest, ',');
		struct str item = str_trim(comma < 0 ? rest : (struct str){rest.p, (size_t)comma});
		more = comma >= 0; /* "a," has an empty last item, which is refused */
		if (more)
			rest = (struct str){rest.p + comma + 1, rest.n - (size_t)comma - 1};
		if (allowed_n == METRICS_ALLOW_MAX || !address_parse(item, &allowed[allowed_n])) {
			snprintf(
			    err, 256,
			    "MAMORI_METRICS_ALLOW=%s: expected up to %d addresses separated by "
			    "commas (10.0.0.5,2001:db8::7)",
			    spec, METRICS_ALLOW_MAX);
			allowed_n = 0;
			return false;
		}
		allowed_n++;
	}
	return true;
}

bool metrics_allowed(const struct req *r)
{
	struct address client;
	if ((req_header(r, "X-Forwarded-For").p || req_header(r, "Forwarded").p) &&
	    !r->ip_forwarded)
		return false;
	if (!address_parse(r->ip, &client))
		return false;
	if (is_loopback(&client))
		return true;
	for (size_t i = 0; i < allowed_n; i++)
		if (allowed[i].family == client.family &&
		    memcmp(allowed[i].bytes, client.bytes, 16) == 0)
			return true;
	return false;
}
