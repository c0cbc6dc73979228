/*
 * proxy.c — see proxy.h.
 */
#include "web/proxy.h"

#include "lib/ip_address.h"

static struct ip_address trusted[PROXY_MAX_TRUSTED];
static size_t trusted_n;

static bool is_trusted(const struct ip_address *a)
{
	for (size_t i = 0; i < trusted_n; i++)
		if (ip_address_eq(&trusted[i], a))
			return true;
	return false;
}

bool proxy_configure(const char *spec, char err[256])
{
	return ip_address_setting("MAMORI_TRUSTED_PROXIES", spec, "127.0.0.1,::1", trusted,
	                          PROXY_MAX_TRUSTED, &trusted_n, err);
}

void proxy_client_address(struct req *r)
{
	struct ip_address peer, hop;
	if (trusted_n == 0 || !ip_address_parse(r->ip, &peer) || !is_trusted(&peer))
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
		if (!ip_address_parse(item, &hop))
			return; /* not an address: keep the peer rather than guess */
		if (!is_trusted(&hop)) {
			r->ip = item;
			r->ip_forwarded = true;
			return;
		}
		list = comma < 0 ? STR("") : (struct str){list.p, (size_t)comma};
	}
}
