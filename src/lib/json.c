/*
 * json.c — see json.h.
 */
#include "lib/json.h"

#include <inttypes.h>
#include <stdio.h>

#include "lib/utf8.h"

void json_init(struct json *j, struct buf *out)
{
	*j = (struct json){.out = out};
}

static void fail(struct json *j, enum mm_err e)
{
	if (!j->err)
		j->err = e;
}

/* Writes the comma a value at this level needs, and checks that a value
 * may stand here: at the top once, in an array, or after a key. */
static bool value_start(struct json *j)
{
	if (j->err)
		return false;
	if (j->depth == 0) {
		if (j->out->n != 0) {
			fail(j, MM_ERR_INVALID); /* a second top-level value */
			return false;
		}
		return true;
	}
	unsigned d = j->depth - 1;
	if (j->is_object[d]) {
		if (!j->after_key) {
			fail(j, MM_ERR_INVALID);
			return false;
		}
		j->after_key = false;
		return true;
	}
	if (j->has_value[d] && buf_append_char(j->out, ',')) {
		fail(j, MM_ERR_NOMEM);
		return false;
	}
	j->has_value[d] = true;
	return true;
}

static void append(struct json *j, struct str s)
{
	if (!j->err && buf_append_str(j->out, s))
		fail(j, MM_ERR_NOMEM);
}

static void open_level(struct json *j, bool object)
{
	if (!value_start(j))
		return;
	if (j->depth == JSON_MAX_DEPTH) {
		fail(j, MM_ERR_INVALID);
		return;
	}
	j->is_object[j->depth] = object;
	j->has_value[j->depth] = false;
	j->depth++;
	append(j, object ? STR("{") : STR("["));
}

static void close_level(struct json *j, bool object)
{
	if (j->err)
		return;
	if (j->depth == 0 || j->is_object[j->depth - 1] != object || j->after_key) {
		fail(j, MM_ERR_INVALID);
		return;
	}
	j->depth--;
	append(j, object ? STR("}") : STR("]"));
}

void json_object_begin(struct json *j)
{
	open_level(j, true);
}

void json_object_end(struct json *j)
{
	close_level(j, true);
}

void json_array_begin(struct json *j)
{
	open_level(j, false);
}

void json_array_end(struct json *j)
{
	close_level(j, false);
}

void json_key(struct json *j, const char *key)
{
	if (j->err)
		return;
	if (j->depth == 0 || !j->is_object[j->depth - 1] || j->after_key) {
		fail(j, MM_ERR_INVALID);
		return;
	}
	unsigned d = j->depth - 1;
	if (j->has_value[d] && buf_append_char(j->out, ',')) {
		fail(j, MM_ERR_NOMEM);
		return;
	}
	j->has_value[d] = true;
	enum mm_err e = json_append_escaped(j->out, str_from(key));
	if (e || buf_append_char(j->out, ':')) {
		fail(j, e ? e : MM_ERR_NOMEM);
		return;
	}
	j->after_key = true;
}

enum mm_err json_append_escaped(struct buf *b, struct str s)
{
	static const char hex[] = "0123456789abcdef";
	if (!utf8_valid(s) && s.n)
		return MM_ERR_INVALID;
	if (buf_append_char(b, '"'))
		return MM_ERR_NOMEM;
	size_t run = 0; /* start of the bytes copied as they are */
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		const char *esc = NULL;
		char u[7];
		size_t skip = 1;
		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4],
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		} else if (c == 0xe2 && i + 2 < s.n && (unsigned char)s.p[i + 1] == 0x80 &&
		           ((unsigned char)s.p[i + 2] == 0xa8 ||
		            (unsigned char)s.p[i + 2] == 0xa9)) {
			/* U+2028, U+2029: line terminators in JavaScript */
			esc = (unsigned char)s.p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!esc)
			continue;
		if (buf_append(b, s.p + run, i - run) || buf_append_cstr(b, esc))
			return MM_ERR_NOMEM;
		i += skip - 1;
		run = i + 1;
	}
	if (buf_append(b, s.p + run, s.n - run) || buf_append_char(b, '"'))
		return MM_ERR_NOMEM;
	return MM_OK;
}

void json_write_string(struct json *j, struct str s)
{
	if (!value_start(j))
		return;
	enum mm_err e = json_append_escaped(j->out, s);
	if (e)
		fail(j, e);
}

void json_write_cstring(struct json *j, const char *s)
{
	json_write_string(j, str_from(s));
}

void json_write_string_or_null(struct json *j, struct str s)
{
	if (s.n)
		json_write_string(j, s);
	else
		json_write_null(j);
}

void json_write_int(struct json *j, int64_t n)
{
	char text[24];
	if (!value_start(j))
		return;
	int len = snprintf(text, sizeof text, "%" PRId64, n);
	if (len < 0 || (size_t)len >= sizeof text) {
		fail(j, MM_ERR_INVALID);
		return;
	}
	append(j, (struct str){text, (size_t)len});
}

void json_write_bool(struct json *j, bool b)
{
	if (value_start(j))
		append(j, b ? STR("true") : STR("false"));
}

void json_write_null(struct json *j)
{
	if (value_start(j))
		append(j, STR("null"));
}

void json_member_string(struct json *j, const char *key, struct str s)
{
	json_key(j, key);
	json_write_string(j, s);
}

void json_member_cstring(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_write_cstring(j, s);
}

void json_member_int(struct json *j, const char *key, int64_t n)
{
	json_key(j, key);
	json_write_int(j, n);
}

void json_member_bool(struct json *j, const char *key, bool b)
{
	json_key(j, key);
	json_write_bool(j, b);
}

void json_member_string_or_null(struct json *j, const char *key, struct str s)
{
	json_key(j, key);
	json_write_string_or_null(j, s);
}

enum mm_err json_finish(struct json *j)
{
	if (j->err)
		return j->err;
	if (j->depth != 0 || j->after_key || j->out->n == 0)
		return MM_ERR_INVALID;
	return MM_OK;
}
