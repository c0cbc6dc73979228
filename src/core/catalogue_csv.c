/*
 * catalogue_csv.c — see catalogue_csv.h.
 */
#include "core/catalogue_csv.h"

#include "lib/utf8.h"

void csv_reader_init(struct csv_reader *c, struct str in)
{
	*c = (struct csv_reader){.in = in, .pos = 0, .line = 1};
	if (in.n >= 3 && (unsigned char)in.p[0] == 0xef && (unsigned char)in.p[1] == 0xbb &&
	    (unsigned char)in.p[2] == 0xbf)
		c->pos = 3;
}

/* Moves past the rest of the current line (after an error). */
static void skip_line(struct csv_reader *c)
{
	while (c->pos < c->in.n && c->in.p[c->pos] != '\n')
		c->pos++;
	if (c->pos < c->in.n) {
		c->pos++;
		c->line++;
	}
}

static bool at_record_end(const struct csv_reader *c)
{
	return c->pos >= c->in.n || c->in.p[c->pos] == '\n' ||
	       (c->in.p[c->pos] == '\r' && (c->pos + 1 == c->in.n || c->in.p[c->pos + 1] == '\n'));
}

/* One field from c->pos, up to (not past) the comma or record end. */
static enum csv_result read_field(struct csv_reader *c, struct arena *a, struct str *out)
{
	const char *in = c->in.p;
	size_t n = c->in.n;
	if (c->pos < n && in[c->pos] == '"') {
		/* Measured first, so that the copy takes what the field needs
		 * (not the rest of the file). */
		size_t start = ++c->pos, end = start, len = 0;
		for (;; end++, len++) {
			if (end >= n)
				return CSV_BAD_QUOTE;
			if (in[end] == '"') {
				if (end + 1 < n && in[end + 1] == '"') {
					end++;
					continue;
				}
				break;
			}
		}
		char *buf = arena_alloc(a, len + 1);
		if (!buf)
			return CSV_NO_MEMORY;
		len = 0;
		for (size_t i = start; i < end; i++) {
			if (in[i] == '"')
				i++; /* the first of "" */
			else if (in[i] == '\n')
				c->line++;
			buf[len++] = in[i];
		}
		c->pos = end + 1;
		if (!at_record_end(c) && in[c->pos] != ',')
			return CSV_BAD_QUOTE;
		buf[len] = '\0';
		*out = (struct str){buf, len};
	} else {
		size_t start = c->pos;
		while (!at_record_end(c) && in[c->pos] != ',') {
			if (in[c->pos] == '"')
				return CSV_BAD_QUOTE;
			c->pos++;
		}
		*out = (struct str){in + start, c->pos - start};
	}
	return utf8_valid(*out) ? CSV_RECORD : CSV_BAD_ENCODING;
}

enum csv_result csv_next(struct csv_reader *c, struct arena *a, struct csv_record *rec)
{
	/* blank lines (a CR is one only before LF or at the very end) */
	while (c->pos < c->in.n && at_record_end(c)) {
		if (c->in.p[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->in.n)
			c->pos++;
		c->line++;
	}
	if (c->pos >= c->in.n)
		return CSV_END;
	rec->n = 0;
	rec->line = c->line;
	rec->column = 0;
	for (;;) {
		if (rec->n == CATALOGUE_CSV_MAX_FIELDS) {
			rec->column = rec->n + 1;
			skip_line(c);
			return CSV_TOO_MANY_FIELDS;
		}
		enum csv_result r = read_field(c, a, &rec->fields[rec->n]);
		rec->n++;
		if (r != CSV_RECORD) {
			rec->column = rec->n;
			if (r != CSV_NO_MEMORY)
				skip_line(c);
			return r;
		}
		if (c->pos < c->in.n && c->in.p[c->pos] == ',') {
			c->pos++;
			continue;
		}
		break;
	}
	if (c->pos < c->in.n && c->in.p[c->pos] == '\r')
		c->pos++;
	if (c->pos < c->in.n) {
		c->pos++; /* '\n' */
		c->line++;
	}
	return CSV_RECORD;
}
