/*
 * proxy.c — see proxy.h.
 */
#include "web/proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

struct address {
	int family;
	unsigned char bytes[16];
};

static struct address trusted[PROXY_MAX_TRUSTED];
static size_t trusted_n;

/* One textual address (no port, no brackets) into binary form. */
static bool address_parse(struct str text, struct address *out)
{
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
	if (inet_pton(AF_INET6, buf, out->bytes) == 1) {
		out->family = AF_INET6;
		return true;
	}
	return false;
}

static bool is_trusted(const struct address *a)
{
	for (size_t i = 0; i < trusted_n; i++)
		if (trusted[i].family == a->family && memcmp(trusted[i].bytes, a->bytes, 16) == 0)
			return true;
	return false;
}

bool proxy_configure(const char *spec, char err[256])
{
	trusted_n = 0;
	if (!spec || !*spec)
		return true;
	struct str rest = str_from(spec);
	for (bool more = true; more;) {
		long comma = str_index(rest, ',');
		struct str item = str_trim(comma < 0 ? rest : (struct str){rest.p, (size_t)comma});
		more = comma >= 0; /* "a," has an empty last item, which is refused */
		if (more)
			rest = (struct str){rest.p + comma + 1, rest.n - (size_t)comma - 1};
		if (trusted_n == PROXY_MAX_TRUSTED || !address_parse(item, &trusted[trusted_n])) {
			snprintf(err, 256,
			         "MAMORI_TRUSTED_PROXIES=%s: expected up to %d addresses separated "
			         "by commas (127.0.0.1,::1)",
			         spec, PROXY_MAX_TRUSTED);
			trusted_n = 0;
			return false;
		}
		trusted_n++;
	}
	return true;
}

void proxy_client_address(struct req *r)
{
	struct address peer, hop;
	if (trusted_n == 0 || !address_parse(r->ip, &peer) || !is_trusted(&peer))
		return;
	struct str list = req_header(r, "X-Forwarded-For");
	/* From the right: each trusted hop appended the address it saw. */
	while (list.n) {
		long comma = -1;
		for (size_t i = list.n; i > 0; i--)
			if (list.p[i - 1] == ',') {
				comma = (long)i - 1;
				break;
			}
		struct str item = str_trim(
		    comma < 0 ? list
		              : (struct str){list.p + comma + 1, list.n - (size_t)comma - 1});
		if (!address_parse(item, &hop))
			return; /* not an address: keep the peer rather than guess */
		if (!is_trusted(&hop)) {
			r->ip = item;
			r->ip_forwarded = true;
			return;
		}
		list = comma < 0 ? STR("") : (struct str){list.p, (size_t)comma};
	}
}
