/*
 * ip_address.c — see ip_address.h.
 */
#include "lib/ip_address.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"

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

/* The items of the comma-separated list spec, each read by parse into the
 * next element (of size bytes) of out: false, with *n 0, when one does not
 * read or there are more than max ("a," has an empty last item, which is
 * refused). */
static bool list_parse(const char *spec, bool (*parse)(struct str text, void *item), void *out,
                       size_t size, size_t max, size_t *n)
{
	struct str rest = str_from(spec);
	*n = 0;
	for (bool more = true; more;) {
		long comma = str_index(rest, ',');
		struct str item = str_trim(comma < 0 ? rest : (struct str){rest.p, (size_t)comma});
		more = comma >= 0;
		if (more)
			rest = (struct str){rest.p + comma + 1, rest.n - (size_t)comma - 1};
		if (*n == max || !parse(item, (char *)out + *n * size)) {
			*n = 0;
			return false;
		}
		(*n)++;
	}
	return true;
}

static bool address_item(struct str text, void *item)
{
	return ip_address_parse(text, item);
}

bool ip_address_list_parse(const char *spec, struct ip_address out[], size_t max, size_t *n)
{
	return list_parse(spec, address_item, out, sizeof *out, max, n);
}

bool ip_address_setting(const char *name, const char *spec, const char *example,
                        struct ip_address out[], size_t max, size_t *n, char err[256])
{
	*n = 0;
	if (!spec || !*spec)
		return true;
	if (ip_address_list_parse(spec, out, max, n))
		return true;
	char shown[LOG_SETTING_SHOWN_BYTES];
	snprintf(err, 256, "%s=%s: expected up to %zu addresses separated by commas (%s)", name,
	         log_setting_shown(shown, spec), max, example);
	return false;
}

bool ip_prefix_parse(struct str text, struct ip_prefix *out)
{
	long slash = str_index(text, '/');
	struct str addr = slash < 0 ? text : (struct str){text.p, (size_t)slash};
	memset(out, 0, sizeof *out);
	if (!ip_address_parse(addr, &out->address))
		return false;
	int max = out->address.family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash >= 0) {
		struct str digits = {text.p + slash + 1, text.n - (size_t)slash - 1};
		if (digits.n == 0 || digits.n > 3)
			return false;
		int bits = 0;
		for (size_t i = 0; i < digits.n; i++) {
			if (digits.p[i] < '0' || digits.p[i] > '9')
				return false;
			bits = bits * 10 + (digits.p[i] - '0');
		}
		if (bits > max)
			return false;
		out->bits = bits;
	}
	/* no bit set after the prefix: "10.0.0.1/8" is a mistake, not 10/8 */
	for (int i = out->bits; i < max; i++)
		if (out->address.bytes[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

static bool prefix_item(struct str text, void *item)
{
	return ip_prefix_parse(text, item);
}

bool ip_prefix_list_parse(const char *spec, struct ip_prefix out[], size_t max, size_t *n)
{
	return list_parse(spec, prefix_item, out, sizeof *out, max, n);
}

/* Whether the first bits of a and b are the same. */
static bool same_prefix(const unsigned char *a, const unsigned char *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;
	if (memcmp(a, b, (size_t)whole) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

bool ip_prefix_contains(const struct ip_prefix *p, const struct ip_address *a)
{
	struct ip_address plain = *a;
	ip_address_unmap(&plain);
	return plain.family == p->address.family &&
	       same_prefix(plain.bytes, p->address.bytes, p->bits);
}

struct special_range {
	unsigned char bytes[16];
	int bits;
};

/* IANA's special-purpose IPv4 registry (RFC 6890 and later), and the
 * rest of what is not one public host: this network, multicast, the
 * reserved 240/4 with broadcast. */
static const struct special_range ipv4_special[] = {
    {{0}, 8},             /* "this network" */
    {{10}, 8},            /* private */
    {{100, 64}, 10},      /* shared address space (carrier-grade NAT) */
    {{127}, 8},           /* loopback */
    {{169, 254}, 16},     /* link-local, with the cloud metadata address */
    {{172, 16}, 12},      /* private */
    {{192, 0, 0}, 24},    /* IETF protocol assignments */
    {{192, 0, 2}, 24},    /* documentation */
    {{192, 31, 196}, 24}, /* AS112 */
    {{192, 52, 193}, 24}, /* AMT */
    {{192, 88, 99}, 24},  /* 6to4 relay anycast */
    {{192, 168}, 16},     /* private */
    {{192, 175, 48}, 24}, /* direct delegation AS112 */
    {{198, 18}, 15},      /* benchmarking */
    {{198, 51, 100}, 24}, /* documentation */
    {{203, 0, 113}, 24},  /* documentation */
    {{224}, 4},           /* multicast */
    {{240}, 4},           /* reserved, and the broadcast address */
};

/* Inside global unicast (2000::/3), the special ranges. */
static const struct special_range ipv6_special[] = {
    {{0x20, 0x01, 0x00, 0x00}, 23}, /* IETF protocol assignments (Teredo, ORCHID…) */
    {{0x20, 0x01, 0x0d, 0xb8}, 32}, /* documentation */
    {{0x20, 0x02}, 16},             /* 6to4: another address inside */
    {{0x3f, 0xff, 0x00}, 20},       /* documentation */
};

static bool in_ranges(const struct ip_address *a, const struct special_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (same_prefix(a->bytes, r[i].bytes, r[i].bits))
			return true;
	return false;
}

bool ip_address_is_public(const struct ip_address *a)
{
	static const unsigned char global_unicast[16] = {0x20};
	struct ip_address plain = *a;
	ip_address_unmap(&plain);
	if (plain.family == AF_INET)
		return !in_ranges(&plain, ipv4_special,
		                  sizeof ipv4_special / sizeof ipv4_special[0]);
	if (plain.family != AF_INET6)
		return false;
	/* Everything outside 2000::/3 is not a public host: ::, ::1, the
	 * IPv4-compatible ::/96, NAT64 64:ff9b::/96 (another address inside),
	 * discard 100::/64, ULA fc00::/7, link-local fe80::/10, site-local
	 * fec0::/10, multicast ff00::/8. */
	return same_prefix(plain.bytes, global_unicast, 3) &&
	       !in_ranges(&plain, ipv6_special, sizeof ipv6_special / sizeof ipv6_special[0]);
}
