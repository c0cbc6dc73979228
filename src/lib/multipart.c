/*
 * multipart.c — see multipart.h. The body is scanned for "\r\n--boundary";
 * every part header line is checked, and any structure we do not expect
 * (missing name, unterminated part, stray bytes after the close delimiter
 * other than the epilogue) is MM_ERR_INVALID.
 */
#include "lib/multipart.h"

#include <string.h>

#include "lib/utf8.h"

enum { BOUNDARY_MAX = 70 }; /* RFC 2046 */

static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = hay + hn - nn;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

/* Finds parameter `param` (case-insensitive name) in a header value of
 * the form `type; a=b; c="d; e"` and returns its value: a token, or the
 * contents of a quoted string (which may hold ';' and backslash-escaped
 * quotes; escapes are returned as sent). Parameters are read one after
 * another, so a name inside another parameter's quotes is never matched. */
static bool header_param(struct str value, const char *param, struct str *out)
{
	size_t pn = strlen(param);
	const char *semi = memchr(value.p, ';', value.n);
	size_t i = semi ? (size_t)(semi - value.p) + 1 : value.n; /* skip the type */
	while (i < value.n) {
		while (i < value.n && (value.p[i] == ' ' || value.p[i] == '\t'))
			i++;
		size_t name_start = i;
		while (i < value.n && value.p[i] != '=' && value.p[i] != ';')
			i++;
		struct str name = str_trim((struct str){value.p + name_start, i - name_start});
		if (i >= value.n || value.p[i] != '=')
			return false; /* a parameter without a value */
		i++;
		while (i < value.n && (value.p[i] == ' ' || value.p[i] == '\t'))
			i++;
		struct str v;
		if (i < value.n && value.p[i] == '"') {
			size_t start = ++i;
			while (i < value.n && value.p[i] != '"')
				i += value.p[i] == '\\' ? 2 : 1;
			if (i >= value.n)
				return false; /* unterminated quoted string */
			v = (struct str){value.p + start, i - start};
			i++;
			while (i < value.n && (value.p[i] == ' ' || value.p[i] == '\t'))
				i++;
			if (i < value.n && value.p[i] != ';')
				return false; /* bytes after the closing quote */
		} else {
			size_t start = i;
			while (i < value.n && value.p[i] != ';')
				i++;
			v = str_trim((struct str){value.p + start, i - start});
		}
		i++; /* past ';' */
		if (name.n == pn && str_eq_nocase(name, param)) {
			*out = v;
			return true;
		}
	}
	return false;
}

enum mm_err multipart_boundary(struct str content_type, struct str *boundary)
{
	static const char type[] = "multipart/form-data";
	size_t tn = sizeof type - 1;
	if (content_type.n < tn || !str_eq_nocase((struct str){content_type.p, tn}, type) ||
	    (content_type.n > tn && content_type.p[tn] != ';' && content_type.p[tn] != ' '))
		return MM_ERR_INVALID;
	struct str b;
	if (!header_param(content_type, "boundary", &b) || b.n == 0 || b.n > BOUNDARY_MAX)
		return MM_ERR_INVALID;
	*boundary = b;
	return MM_OK;
}

static enum mm_err parse_part_headers(struct str headers, struct part *part)
{
	size_t i = 0;
	bool have_disposition = false;
	while (i < headers.n) {
		const char *crlf = find(headers.p + i, headers.n - i, "\r\n", 2);
		size_t end = crlf ? (size_t)(crlf - headers.p) : headers.n;
		struct str line = {headers.p + i, end - i};
		i = crlf ? end + 2 : headers.n;
		if (line.n == 0)
			continue;
		long colon = str_index(line, ':');
		if (colon <= 0)
			return MM_ERR_INVALID;
		struct str name = {line.p, (size_t)colon};
		struct str value =
		    str_trim((struct str){line.p + colon + 1, line.n - (size_t)colon - 1});
		if (!utf8_valid(value))
			return MM_ERR_INVALID;
		if (str_eq_nocase(name, "Content-Disposition")) {
			if (!str_starts_with(value, "form-data"))
				return MM_ERR_INVALID;
			if (!header_param(value, "name", &part->name) || part->name.n == 0 ||
			    part->name.n > FORM_MAX_KEY)
				return MM_ERR_INVALID;
			struct str fn;
			if (header_param(value, "filename", &fn))
				part->filename = fn.p ? fn : STR("");
			have_disposition = true;
		} else if (str_eq_nocase(name, "Content-Type")) {
			part->content_type = value;
		}
	}
	return have_disposition ? MM_OK : MM_ERR_INVALID;
}

enum mm_err multipart_parse(struct arena *a, struct str boundary, struct str body,
                            struct multipart *out)
{
	char delim[BOUNDARY_MAX + 4];
	if (boundary.n == 0 || boundary.n > BOUNDARY_MAX)
		return MM_ERR_INVALID;
	delim[0] = '\r';
	delim[1] = '\n';
	delim[2] = '-';
	delim[3] = '-';
	memcpy(delim + 4, boundary.p, boundary.n);
	size_t dn = boundary.n + 4;

	out->parts = NULL;
	out->n = 0;
	size_t cap = 0;
	/* The body starts with "--boundary" (no leading CRLF); treat it as if
	 * it had one by matching from delim + 2. */
	if (body.n < dn - 2 || memcmp(body.p, delim + 2, dn - 2) != 0)
		return MM_ERR_INVALID;
	size_t i = dn - 2;
	for (;;) {
		/* After a delimiter: "--" closes, CRLF opens a part. */
		if (body.n - i >= 2 && body.p[i] == '-' && body.p[i + 1] == '-')
			return MM_OK; /* epilogue ignored */
		if (body.n - i < 2 || body.p[i] != '\r' || body.p[i + 1] != '\n')
			return MM_ERR_INVALID;
		i += 2;
		const char *hend = find(body.p + i, body.n - i, "\r\n\r\n", 4);
		struct str headers;
		if (hend) {
			headers = (struct str){body.p + i, (size_t)(hend - body.p) - i};
		} else {
			return MM_ERR_INVALID;
		}
		if (headers.n > MULTIPART_MAX_HEADER)
			return MM_ERR_TOO_LONG;
		size_t data_start = (size_t)(hend - body.p) + 4;
		const char *next =
		    find(body.p + data_start - 2, body.n - data_start + 2, delim, dn);
		/* A part may be empty, so the delimiter's CRLF may be the one that
		 * ended the header block: search from data_start - 2. */
		if (!next)
			return MM_ERR_INVALID;
		if (out->n >= MULTIPART_MAX_PARTS)
			return MM_ERR_TOO_LONG;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct part *p =
			    arena_realloc(a, out->parts, cap * sizeof *p, ncap * sizeof *p);
			if (!p)
				return MM_ERR_NOMEM;
			out->parts = p;
			cap = ncap;
		}
		struct part *part = &out->parts[out->n];
		memset(part, 0, sizeof *part);
		enum mm_err err = parse_part_headers(headers, part);
		if (err)
			return err;
		size_t data_end = (size_t)(next - body.p);
		part->data = data_end >= data_start
		                 ? (struct str){body.p + data_start, data_end - data_start}
		                 : STR("");
		if (!part->filename.p && !utf8_valid(part->data))
			return MM_ERR_INVALID;
		out->n++;
		i = data_end + dn;
	}
}

enum mm_err multipart_fields(struct arena *a, const struct multipart *m, struct kvlist *out)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->parts[i].filename.p)
			continue;
		enum mm_err err = kvlist_push(a, out, m->parts[i].name, m->parts[i].data);
		if (err)
			return err;
	}
	return MM_OK;
}

struct str multipart_form_file(struct arena *a, struct str content_type, struct str body,
                               const char *field)
{
	struct str boundary;
	struct multipart m;
	if (!str_starts_with(content_type, "multipart/form-data") ||
	    multipart_boundary(content_type, &boundary) || multipart_parse(a, boundary, body, &m))
		return STR_NULL;
	for (size_t i = 0; i < m.n; i++)
		if (m.parts[i].filename.p && str_eq(m.parts[i].name, str_from(field)) &&
		    m.parts[i].data.n)
			return m.parts[i].data;
	return STR_NULL;
}
