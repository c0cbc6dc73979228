/*
 * ip_address.c — see ip_address.h.
 */
#include "lib/ip_address.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

bool ip_address_parse(struct str text, struct ip_address *out)
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

void ip_address_unmap(struct ip_address *a)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (a->family != AF_INET6 || memcmp(a->bytes, mapped, sizeof mapped) != 0)
		return;
	memmove(a->bytes, a->bytes + 12, 4);
	memset(a->bytes + 4, 0, 12);
	a->family = AF_INET;
}

bool ip_address_eq(const struct ip_address *a, const struct ip_address *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

void ip_address_network(struct str address, char out[IP_NETWORK_TEXT_BYTES])
{
	struct ip_address a;
	if (!ip_address_parse(address, &a)) {
		size_t n =
		    address.n < IP_NETWORK_TEXT_BYTES - 1 ? address.n : IP_NETWORK_TEXT_BYTES - 1;
		memcpy(out, address.p, n);
		out[n] = '\0';
		return;
	}
	ip_address_unmap(&a);
	if (a.family == AF_INET6)
		memset(a.bytes + 8, 0, 8);
	if (!inet_ntop(a.family, a.bytes, out, IP_NETWORK_TEXT_BYTES - 3))
		out[0] = '\0'; /* cannot happen: the buffer fits any address */
	else if (a.family == AF_INET6)
		memcpy(out + strlen(out), "/64", 4);
}

bool ip_address_list_parse(const char *spec, struct ip_address out[], size_t max, size_t *n)
{
	struct str rest = str_from(spec);
	*n = 0;
	for (bool more = true; more;) {
		long comma = str_index(rest, ',');
		struct str item = str_trim(comma < 0 ? rest : (struct str){rest.p, (size_t)comma});
		more = comma >= 0; /* "a," has an empty last item, which is refused */
		if (more)
			rest = (struct str){rest.p + comma + 1, rest.n - (size_t)comma - 1};
		if (*n == max || !ip_address_parse(item, &out[*n])) {
			*n = 0;
			return false;
		}
		(*n)++;
	}
	return true;
}

bool ip_address_setting(const char *name, const char *spec, const char *example,
                        struct ip_address out[], size_t max, size_t *n, char err[256])
{
	*n = 0;
	if (!spec || !*spec)
		return true;
	if (ip_address_list_parse(spec, out, max, n))
		return true;
	snprintf(err, 256, "%s=%s: expected up to %zu addresses separated by commas (%s)", name,
	         spec, max, example);
	return false;
}
