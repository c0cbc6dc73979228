/*
 * form.h — strict parsers for what arrives in a request: percent-encoding,
 * query strings and application/x-www-form-urlencoded bodies, Cookie
 * headers. Strict means: a bad %-escape, a NUL byte or invalid UTF-8 is an
 * error (the caller answers 400), never silently repaired. Every list has a
 * maximum number of fields and every field a maximum length.
 */
#ifndef MM_FORM_H
#define MM_FORM_H

#include "lib/str.h"

#define FORM_MAX_FIELDS 1000
#define FORM_MAX_KEY 256
#define COOKIE_MAX_COUNT 50

struct kv {
	struct str key, value;
};

struct kvlist {
	struct kv *items;
	size_t n, cap;
};

MM_MUST_USE enum mm_err kvlist_push(struct arena *a, struct kvlist *l, struct str key,
                                    struct str value);
/* MM_ERR_NOT_FOUND when absent, MM_ERR_DUPLICATE when given more than once. */
MM_MUST_USE enum mm_err kvlist_get_one(const struct kvlist *l, const char *key, struct str *out);
size_t kvlist_count(const struct kvlist *l, const char *key);

/* Decodes %XX (and '+' as space when plus_is_space). The result must be
 * valid UTF-8 without NUL. */
MM_MUST_USE enum mm_err url_decode(struct arena *a, struct str in, bool plus_is_space,
                                   struct str *out);
/* "a=1&b=2" (query string or form body). Empty pairs ("a=1&&b=2") are
 * skipped; a key without '=' has an empty value. */
MM_MUST_USE enum mm_err form_parse_urlencoded(struct arena *a, struct str body, struct kvlist *out);
/* "name=value; name2=value2". Malformed pairs are skipped (browsers send
 * cookies we did not set); values are not percent-decoded. Cookies past
 * COOKIE_MAX_COUNT are ignored. */
MM_MUST_USE enum mm_err cookie_parse(struct arena *a, struct str header, struct kvlist *out);

#endif
