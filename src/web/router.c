/*
 * router.c — see router.h. Tables are short and matching is a segment
 * walk with no allocation; a typed parameter is checked where it matches.
 */
#include "web/router.h"

#include <assert.h>
#include <string.h>

enum param_type { PARAM_TEXT, PARAM_INT, PARAM_RANGE, PARAM_PUBLIC_ID, PARAM_TOKEN, PARAM_BAD };

struct param_spec {
	struct str name;
	enum param_type type;
	long lo, hi; /* PARAM_RANGE */
};

/* Reads "{name:type}" at p (which points at '{'); returns the length of the
 * whole parameter, 0 when malformed. */
static size_t param_spec_read(const char *p, struct param_spec *out)
{
	const char *close = strchr(p, '}');
	if (!close)
		return 0;
	struct str inside = {p + 1, (size_t)(close - p - 1)};
	long colon = str_index(inside, ':');
	out->type = PARAM_TEXT;
	out->name = colon < 0 ? inside : (struct str){inside.p, (size_t)colon};
	if (out->name.n == 0)
		return 0;
	if (colon >= 0) {
		struct str type = {inside.p + colon + 1, inside.n - (size_t)colon - 1};
		long dots = -1;
		for (size_t i = 0; i + 1 < type.n; i++)
			if (type.p[i] == '.' && type.p[i + 1] == '.')
				dots = (long)i;
		if (str_eq_lit(type, "int"))
			out->type = PARAM_INT;
		else if (str_eq_lit(type, "public_id"))
			out->type = PARAM_PUBLIC_ID;
		else if (str_eq_lit(type, "token"))
			out->type = PARAM_TOKEN;
		else if (dots > 0 &&
		         !str_to_long((struct str){type.p, (size_t)dots}, 0, 9999, &out->lo) &&
		         !str_to_long((struct str){type.p + dots + 2, type.n - (size_t)dots - 2}, 0,
		                      9999, &out->hi) &&
		         out->lo <= out->hi)
			out->type = PARAM_RANGE;
		else
			out->type = PARAM_BAD;
	}
	return (size_t)(close - p) + 1;
}

static bool all_of(struct str s, size_t max, bool (*ok)(char c))
{
	if (s.n == 0 || s.n > max)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!ok(s.p[i]))
			return false;
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_public_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
}

static bool is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
	       c == '_';
}

/* Checks a segment against its type; the number goes to *number. */
static bool param_fits(const struct param_spec *spec, struct str seg, int64_t *number)
{
	long v;
	*number = 0;
	switch (spec->type) {
	case PARAM_TEXT:
		return seg.n <= ROUTE_PARAM_MAX;
	case PARAM_INT:
		if (!all_of(seg, 18, is_digit) || seg.p[0] == '0' ||
		    str_to_long(seg, 1, INT64_MAX, &v))
			return false;
		*number = v;
		return true;
	case PARAM_RANGE:
		if (!all_of(seg, 4, is_digit) || (seg.n > 1 && seg.p[0] == '0') ||
		    str_to_long(seg, spec->lo, spec->hi, &v))
			return false;
		*number = v;
		return true;
	case PARAM_PUBLIC_ID:
		return all_of(seg, 64, is_public_id_char);
	case PARAM_TOKEN:
		return all_of(seg, 128, is_token_char);
	case PARAM_BAD:
		break;
	}
	return false;
}

/* The literal suffix that may follow a parameter in its segment: "." and
 * lower-case letters or digits up to the segment's end ("{id:int}.ics");
 * 0 when there is none, -1 when what follows is not one. */
static long param_suffix(const char *after)
{
	if (*after == '\0' || *after == '/')
		return 0;
	if (*after != '.')
		return -1;
	long n = 1;
	for (; after[n] && after[n] != '/'; n++)
		if (!((after[n] >= 'a' && after[n] <= 'z') || is_digit(after[n])))
			return -1;
	return n > 1 ? n : -1;
}

/* Matches one pattern; params receive the {name} segments (without a
 * suffix such as ".ics", which is matched as literal text). */
static bool pattern_match(const char *pattern, struct str path,
                          struct route_param params[REQ_MAX_PARAMS], size_t *nparams)
{
	size_t np = 0, pi = 0, si = 0, plen = strlen(pattern);
	while (pi < plen && si < path.n) {
		if (pattern[pi] == '{') {
			struct param_spec spec;
			size_t len = param_spec_read(pattern + pi, &spec);
			size_t start = si;
			while (si < path.n && path.p[si] != '/')
				si++;
			struct str seg = {path.p + start, si - start};
			long suffix = len ? param_suffix(pattern + pi + len) : -1;
			if (len == 0 || suffix < 0 || np >= REQ_MAX_PARAMS)
				return false;
			if (suffix) {
				struct str tail = {pattern + pi + len, (size_t)suffix};
				if (seg.n <= tail.n ||
				    memcmp(seg.p + seg.n - tail.n, tail.p, tail.n) != 0)
					return false;
				seg.n -= tail.n;
				si = start + seg.n;
			}
			if (seg.n == 0)
				return false;
			params[np].name = spec.name;
			params[np].text = seg;
			if (!param_fits(&spec, seg, &params[np].number))
				return false;
			np++;
			pi += len;
		} else {
			if (pattern[pi] != path.p[si])
				return false;
			pi++;
			si++;
		}
	}
	*nparams = np;
	return pi == plen && si == path.n;
}

enum route_match router_match(const struct route *routes, size_t n, enum http_method method,
                              struct str path, const struct route **out,
                              struct route_param params[REQ_MAX_PARAMS], size_t *nparams,
                              unsigned *allowed)
{
	*allowed = 0;
	for (size_t i = 0; i < n; i++) {
		struct route_param found[REQ_MAX_PARAMS];
		size_t nfound = 0;
		if (!pattern_match(routes[i].pattern, path, found, &nfound))
			continue;
		enum http_method m = routes[i].method;
		*allowed |= 1u << m;
		if (m == HTTP_GET)
			*allowed |= 1u << HTTP_HEAD;
		if (m == method || (m == HTTP_GET && method == HTTP_HEAD)) {
			*out = &routes[i];
			memcpy(params, found, nfound * sizeof found[0]);
			*nparams = nfound;
			return ROUTE_FOUND;
		}
	}
	return *allowed ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}

char *router_allow_header(struct arena *a, unsigned allowed)
{
	struct buf b;
	buf_init(&b, a, 128);
	for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
		if (!(allowed & (1u << m)))
			continue;
		if ((b.n && buf_append_cstr(&b, ", ")) ||
		    buf_append_cstr(&b, http_method_name((enum http_method)m)))
			return NULL;
	}
	return buf_cstr(&b);
}

bool router_pattern_valid(const char *pattern)
{
	struct str names[REQ_MAX_PARAMS];
	size_t n = 0;
	if (pattern[0] != '/')
		return false;
	for (const char *p = pattern; *p; p++) {
		if (*p == '}')
			return false; /* a '}' without its '{' */
		if (*p != '{')
			continue;
		struct param_spec spec;
		size_t len = param_spec_read(p, &spec);
		if (len == 0 || spec.type == PARAM_BAD || n >= REQ_MAX_PARAMS ||
		    param_suffix(p + len) < 0 || p[-1] != '/')
			return false;
		for (size_t i = 0; i < n; i++)
			if (str_eq(names[i], spec.name))
				return false;
		names[n++] = spec.name;
		p += len - 1;
	}
	return true;
}

/* The next segment of a pattern at *p ("" at the end); moves *p past it. */
static struct str next_segment(const char **p)
{
	if (**p == '/')
		(*p)++;
	const char *start = *p;
	while (**p && **p != '/')
		(*p)++;
	return (struct str){start, (size_t)(*p - start)};
}

bool router_pattern_covers(const char *a, const char *b)
{
	for (;;) {
		bool a_end = *a == '\0', b_end = *b == '\0';
		if (a_end || b_end)
			return a_end && b_end;
		struct str sa = next_segment(&a), sb = next_segment(&b);
		struct param_spec pa = {0}, pb = {0};
		bool a_param = sa.n && sa.p[0] == '{', b_param = sb.n && sb.p[0] == '{';
		int64_t ignored;
		if (!a_param) {
			if (b_param || !str_eq(sa, sb))
				return false;
			continue;
		}
		size_t la = param_spec_read(sa.p, &pa);
		struct str xa = {sa.p + la, sa.n - la}; /* a's suffix, "" when none */
		if (!b_param) {
			if (sb.n <= xa.n || memcmp(sb.p + sb.n - xa.n, xa.p, xa.n) != 0 ||
			    !param_fits(&pa, (struct str){sb.p, sb.n - xa.n}, &ignored))
				return false;
			continue;
		}
		size_t lb = param_spec_read(sb.p, &pb);
		struct str xb = {sb.p + lb, sb.n - lb};
		/* With a suffix, only the same suffix is covered; without, plain
		 * text covers any suffix, a typed parameter none. */
		if (xa.n ? !str_eq(xa, xb) : (xb.n && pa.type != PARAM_TEXT))
			return false;
		/* A parameter covers another of its own type, and plain text
		 * covers every type. */
		if (pa.type != PARAM_TEXT && (pa.type != pb.type || pa.lo > pb.lo || pa.hi < pb.hi))
			return false;
	}
}

const char *router_right_name(enum right r)
{
	static const char *const names[RIGHT_COUNT] = {
	    [RIGHT_PUBLIC] = "public",       [RIGHT_USER] = "user",
	    [RIGHT_MEMBER] = "member",       [RIGHT_OWNER] = "owner",
	    [RIGHT_ORG_READ] = "org_read",   [RIGHT_ORG_EDIT] = "org_edit",
	    [RIGHT_ORG_OWNER] = "org_owner", [RIGHT_ADMIN] = "admin",
	    [RIGHT_LINK] = "link",
	};
	assert(r < RIGHT_COUNT);
	return names[r];
}
