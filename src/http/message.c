/*
 * message.c — see message.h.
 */
#include "http/message.h"

#include <string.h>

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_one_of(unsigned char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* A field name: one or more tchar (RFC 9110 §5.6.2). A space before the
 * colon ("Host : x") is not one, and RFC 9112 §5.1 requires a 400 for it. */
static bool is_token(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (!is_alnum((unsigned char)s.p[i]) &&
		    !is_one_of((unsigned char)s.p[i], "!#$%&'*+-.^_`|~"))
			return false;
	return s.n > 0;
}

/* Host = uri-host [ ":" port ] (RFC 3986 §3.2.2): an IP literal in
 * brackets, or a non-empty reg-name (an http URI has a host). */
static bool host_valid(struct str h)
{
	size_t i = 0;
	if (h.n > 0 && h.p[0] == '[') {
		for (i = 1; i < h.n && h.p[i] != ']'; i++)
			if (!is_alnum((unsigned char)h.p[i]) &&
			    !is_one_of((unsigned char)h.p[i], ":.%_~-"))
				return false;
		if (i == 1 || i == h.n)
			return false;
		i++; /* the ']' */
	} else {
		for (; i < h.n && h.p[i] != ':'; i++)
			if (!is_alnum((unsigned char)h.p[i]) &&
			    !is_one_of((unsigned char)h.p[i], "-._~%!$&'()*+,;="))
				return false;
		if (i == 0)
			return false;
	}
	if (i < h.n && h.p[i++] != ':')
		return false;
	for (; i < h.n; i++)
		if (h.p[i] < '0' || h.p[i] > '9')
			return false;
	return true;
}

/* Whether a Transfer-Encoding list ends in chunked after other codings
 * ("gzip, chunked"): a body this server could frame but not decode.
 * chunked twice is no such list (RFC 9112 §7: it is applied once). */
static bool chunked_after_another(struct str list)
{
	struct str coding;
	size_t n = 0, chunked = 0;
	bool last_chunked = false;
	while (str_next_item(&list, ',', &coding)) {
		if (!coding.n)
			continue;
		last_chunked = str_eq_nocase(coding, "chunked");
		n++;
		chunked += last_chunked;
	}
	return n > 1 && last_chunked && chunked == 1;
}

/* Transfer-Encoding: served only as libmicrohttpd reads it, one field of
 * exactly "chunked" (any case) on an HTTP/1.1 request. It takes anything
 * else ("chunked;x=1", ", chunked", "chunked,", a second field, an empty
 * one) as a body running until the connection closes, where a proxy in
 * front may have read chunks: 400. An HTTP/1.0 request with it is badly
 * framed (RFC 9112 §6.1): 400. 501 for a coding before chunked, which a
 * client may send and this server does not decode. */
static int transfer_coding_refusal(const struct req *r, bool http11)
{
	size_t fields = 0;
	struct str value = STR_NULL;
	for (size_t i = 0; i < r->headers.n; i++)
		if (str_eq_nocase(r->headers.items[i].key, "Transfer-Encoding"))
			value = r->headers.items[i].value, fields++;
	if (fields == 1 && http11 && str_eq_nocase(value, "chunked"))
		return 0;
	return fields == 1 && http11 && chunked_after_another(value) ? 501 : 400;
}

/* How the body's length is told: Content-Length given twice must say the
 * same; with Transfer-Encoding as well, the two could be read apart by a
 * proxy and by this server. */
static int framing_refusal(const struct req *r, bool http11)
{
	struct str length = STR_NULL;
	bool transfer_coded = false;
	for (size_t i = 0; i < r->headers.n; i++) {
		const struct kv *h = &r->headers.items[i];
		if (str_eq_nocase(h->key, "Transfer-Encoding"))
			transfer_coded = true;
		if (!str_eq_nocase(h->key, "Content-Length"))
			continue;
		if (length.p && !str_eq(length, h->value))
			return 400;
		length = h->value;
	}
	if (!transfer_coded)
		return 0;
	return length.p ? 400 : transfer_coding_refusal(r, http11);
}

int message_head_refusal(const struct req *r, bool http11)
{
	size_t hosts = 0;
	for (size_t i = 0; i < r->headers.n; i++) {
		const struct kv *h = &r->headers.items[i];
		if (!is_token(h->key))
			return 400;
		/* one Host, well formed; required of HTTP/1.1 (RFC 9112 §3.2) */
		if (str_eq_nocase(h->key, "Host") && (++hosts > 1 || !host_valid(h->value)))
			return 400;
	}
	if (http11 && hosts == 0)
		return 400;
	return framing_refusal(r, http11);
}

struct str message_origin_form(struct arena *a, struct str target)
{
	static const char *const schemes[] = {"http://", "https://"};
	for (size_t s = 0; s < sizeof schemes / sizeof schemes[0]; s++) {
		size_t n = strlen(schemes[s]);
		if (target.n <= n || !str_eq_nocase((struct str){target.p, n}, schemes[s]))
			continue;
		struct str rest = {target.p + n, target.n - n};
		size_t authority = 0;
		while (authority < rest.n && rest.p[authority] != '/' && rest.p[authority] != '?')
			authority++;
		if (authority == 0)
			return target; /* no host: left for the web layer to refuse */
		rest = (struct str){rest.p + authority, rest.n - authority};
		if (rest.n > 0 && rest.p[0] == '/')
			return rest;
		char *path = arena_printf(a, "/%.*s", (int)rest.n, rest.p);
		return path ? (struct str){path, rest.n + 1} : STR_NULL;
	}
	return target;
}
