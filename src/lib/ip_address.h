/*
 * ip_address.h — IPv4 and IPv6 addresses as bytes, read from text (no
 * port, no brackets), and the comma-separated address lists of settings
 * (MAMORI_TRUSTED_PROXIES, MAMORI_METRICS_ALLOW). Used by whatever must
 * compare a client's address with a configured one, and the rule of which
 * addresses are public (ip_address_is_public: what mamori may fetch from
 * on a user's word, web/fetch.h) with the CIDR lists that widen it.
 *
 * It never resolves a name: only literal addresses are read.
 */
#ifndef MM_LIB_IP_ADDRESS_H
#define MM_LIB_IP_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/str.h"

struct ip_address {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char bytes[16]; /* IPv4 in the first 4, the rest 0 */
};

/* One textual address into *out; false when text is not one. */
bool ip_address_parse(struct str text, struct ip_address *out);
/* An IPv4-mapped IPv6 address (::ffff:10.0.0.5) becomes the IPv4 address
 * it carries; any other address stays as it is. */
void ip_address_unmap(struct ip_address *a);
bool ip_address_eq(const struct ip_address *a, const struct ip_address *b);
/* The network a client's address stands for, as text, for counting
 * abuse: an IPv4 address is itself (one household or office behind NAT),
 * an IPv6 address is its /64 ("2001:db8:1:2::/64"), which one subscriber
 * usually holds whole, so it cannot dodge a limit by changing the lower 64
 * bits. IPv4-mapped addresses count as IPv4. Text that is no address is
 * copied as it is (at most IP_NETWORK_TEXT_BYTES - 1 bytes). */
#define IP_NETWORK_TEXT_BYTES 50 /* INET6_ADDRSTRLEN + "/64" */
void ip_address_network(struct str address, char out[IP_NETWORK_TEXT_BYTES]);
/* "a,b,c" (blanks around items allowed) into out[0..*n): false (and *n 0)
 * when an item is empty or not an address or there are more than max. */
bool ip_address_list_parse(const char *spec, struct ip_address out[], size_t max, size_t *n);
/* The setting named name (its value spec, NULL or "" for none) read with
 * ip_address_list_parse(); false with err saying what was expected (up to
 * max addresses, like example). */
bool ip_address_setting(const char *name, const char *spec, const char *example,
                        struct ip_address out[], size_t max, size_t *n, char err[256]);

/* An address prefix, "10.0.0.0/8" or "fc00::/7" (a bare address is its
 * own /32 or /128). */
struct ip_prefix {
	struct ip_address address; /* bits after the prefix are zero */
	int bits;
};

/* One textual prefix into *out; false when it is not one (a prefix
 * longer than the family's, bits set after it, a bad address). */
bool ip_prefix_parse(struct str text, struct ip_prefix *out);
/* "p,q" like ip_address_list_parse, with prefixes. */
bool ip_prefix_list_parse(const char *spec, struct ip_prefix out[], size_t max, size_t *n);
/* Whether a (IPv4-mapped IPv6 read as IPv4) lies in p. */
bool ip_prefix_contains(const struct ip_prefix *p, const struct ip_address *a);

/* Whether a is a public unicast address of the internet: false for the
 * unspecified, loopback, private (RFC 1918, IPv6 ULA fc00::/7), shared
 * (CGNAT 100.64.0.0/10), link-local (169.254.0.0/16 with the cloud
 * metadata address, fe80::/10), multicast, broadcast, documentation,
 * benchmarking and reserved ranges, and for IPv6 outside global unicast
 * (2000::/3) or in its special ranges (Teredo, 6to4, NAT64, ORCHID…).
 * An IPv4-mapped IPv6 address is judged as the IPv4 address it carries. */
bool ip_address_is_public(const struct ip_address *a);

#endif
