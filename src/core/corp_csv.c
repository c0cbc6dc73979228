/*
 * corp_csv.c — see corp_csv.h. The Agency quotes every field; unquoted
 * fields are read too (an empty field is often written bare). A field is
 * copied only when it holds a doubled quote.
 */
#include "core/corp_csv.h"

#include <string.h>

#include "core/corporate_number.h"
#include "lib/str.h"
#include "lib/utf8.h"

enum {
	F_SEQUENCE,
	F_NUMBER,
	F_PROCESS,
	F_CORRECTION,
	F_UPDATE_DATE,
	F_CHANGE_DATE,
	F_NAME,
	F_NAME_IMAGE,
	F_KIND,
	F_PREFECTURE_NAME,
	F_CITY_NAME,
	F_STREET,
	F_ADDRESS_IMAGE,
	F_PREFECTURE_CODE,
	F_CITY_CODE,
	F_POSTAL_CODE,
	F_ADDRESS_OUTSIDE,
	F_ADDRESS_OUTSIDE_IMAGE,
	F_CLOSE_DATE,
	F_CLOSE_CAUSE,
	F_SUCCESSOR,
	F_CHANGE_CAUSE,
	F_ASSIGNMENT_DATE,
	F_LATEST,
	F_NAME_EN,
	F_PREFECTURE_EN,
	F_CITY_EN,
	F_ADDRESS_OUTSIDE_EN,
	F_FURIGANA,
	F_HIDDEN,
};

const char *corp_csv_error_name(enum corp_csv_error e)
{
	static const char *const names[] = {
	    "ok",
	    "line or field too long",
	    "not UTF-8",
	    "misplaced quote",
	    "not 30 fields",
	    "bad sequence number",
	    "bad corporate number",
	    "bad process kind",
	    "bad flag (0 or 1)",
	    "bad date",
	    "empty name",
	    "bad kind",
	    "bad prefecture code",
	    "bad postal code",
	    "bad close cause",
	    "bad successor number",
	};
	return (size_t)e < sizeof names / sizeof names[0] ? names[e] : "error";
}

static bool all_digits(struct str s, size_t n)
{
	return s.n == n && str_all_digits(s);
}

static int number_of(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

bool corp_date_valid(struct str s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-' || !all_digits((struct str){s.p, 4}, 4) ||
	    !all_digits((struct str){s.p + 5, 2}, 2) || !all_digits((struct str){s.p + 8, 2}, 2))
		return false;
	int y = number_of(s.p, 4), m = number_of(s.p + 5, 2), d = number_of(s.p + 8, 2);
	if (y < 1868 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* Splits line into fields; unquotes them. */
static enum corp_csv_error split(struct arena *a, struct str line, struct str f[CORP_CSV_FIELDS])
{
	size_t i = 0, k = 0;
	for (;;) {
		if (k == CORP_CSV_FIELDS)
			return CORP_CSV_FIELD_COUNT;
		if (i < line.n && line.p[i] == '"') {
			size_t start = ++i, quotes = 0;
			for (;;) {
				if (i >= line.n)
					return CORP_CSV_QUOTES;
				if (line.p[i] == '"') {
					if (i + 1 < line.n && line.p[i + 1] == '"') {
						quotes++;
						i += 2;
						continue;
					}
					break;
				}
				i++;
			}
			struct str v = {line.p + start, i - start};
			i++; /* the closing quote */
			if (quotes) {
				char *copy = arena_alloc(a, v.n + 1);
				if (!copy)
					return CORP_CSV_TOO_LONG;
				size_t n = 0;
				for (size_t j = 0; j < v.n; j++) {
					copy[n++] = v.p[j];
					if (v.p[j] == '"')
						j++;
				}
				v = (struct str){copy, n};
			}
			f[k++] = v;
		} else {
			size_t start = i;
			while (i < line.n && line.p[i] != ',') {
				if (line.p[i] == '"')
					return CORP_CSV_QUOTES;
				i++;
			}
			f[k++] = (struct str){line.p + start, i - start};
		}
		if (f[k - 1].n > CORP_CSV_FIELD_MAX)
			return CORP_CSV_TOO_LONG;
		if (i == line.n)
			break;
		if (line.p[i] != ',')
			return CORP_CSV_QUOTES;
		i++;
	}
	return k == CORP_CSV_FIELDS ? CORP_CSV_OK : CORP_CSV_FIELD_COUNT;
}

static bool flag_of(struct str s, bool *out)
{
	if (s.n != 1 || (s.p[0] != '0' && s.p[0] != '1'))
		return false;
	*out = s.p[0] == '1';
	return true;
}

static bool date_or_empty(struct str s)
{
	return s.n == 0 || corp_date_valid(s);
}

bool corp_csv_is_header(struct str line)
{
	if (line.n >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0)
		line = (struct str){line.p + 3, line.n - 3};
	if (line.n && line.p[0] == '"')
		line = (struct str){line.p + 1, line.n - 1};
	return line.n > 0 && (line.p[0] < '0' || line.p[0] > '9');
}

/* The checks of the fields that say what state the row is. */
static enum corp_csv_error check_state(const struct str f[CORP_CSV_FIELDS], struct corp_row *o)
{
	if (f[F_SEQUENCE].n == 0 || f[F_SEQUENCE].n > 10 ||
	    !all_digits(f[F_SEQUENCE], f[F_SEQUENCE].n))
		return CORP_CSV_SEQUENCE;
	o->sequence = 0;
	for (size_t i = 0; i < f[F_SEQUENCE].n; i++)
		o->sequence = o->sequence * 10 + (f[F_SEQUENCE].p[i] - '0');
	if (!core_corporate_number_valid(f[F_NUMBER]))
		return CORP_CSV_NUMBER;
	if (!all_digits(f[F_PROCESS], 2))
		return CORP_CSV_PROCESS;
	if (!flag_of(f[F_CORRECTION], &o->correction) || !flag_of(f[F_LATEST], &o->latest) ||
	    !flag_of(f[F_HIDDEN], &o->hidden))
		return CORP_CSV_FLAG;
	if (!corp_date_valid(f[F_UPDATE_DATE]) || !date_or_empty(f[F_CHANGE_DATE]) ||
	    !date_or_empty(f[F_CLOSE_DATE]) || !date_or_empty(f[F_ASSIGNMENT_DATE]))
		return CORP_CSV_DATE;
	return CORP_CSV_OK;
}

enum corp_csv_error corp_csv_parse(struct arena *a, struct str line, struct corp_row *o)
{
	if (line.n && line.p[line.n - 1] == '\r')
		line.n--;
	if (line.n >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0)
		line = (struct str){line.p + 3, line.n - 3};
	if (line.n > CORP_CSV_LINE_MAX)
		return CORP_CSV_TOO_LONG;
	if (memchr(line.p, '\0', line.n) || !utf8_valid(line))
		return CORP_CSV_ENCODING;
	struct str f[CORP_CSV_FIELDS];
	enum corp_csv_error e = split(a, line, f);
	if (e)
		return e;
	*o = (struct corp_row){0};
	if ((e = check_state(f, o)))
		return e;
	o->number = f[F_NUMBER];
	if (!str_trim(f[F_NAME]).n)
		return CORP_CSV_NAME;
	if (!all_digits(f[F_KIND], 3))
		return CORP_CSV_KIND;
	if (f[F_PREFECTURE_CODE].n) {
		if (!all_digits(f[F_PREFECTURE_CODE], 2))
			return CORP_CSV_PREFECTURE;
		o->prefecture_code = number_of(f[F_PREFECTURE_CODE].p, 2);
		if (o->prefecture_code < 1 || o->prefecture_code > 47)
			return CORP_CSV_PREFECTURE;
	}
	if (f[F_POSTAL_CODE].n && !all_digits(f[F_POSTAL_CODE], 7))
		return CORP_CSV_POSTAL_CODE;
	if (f[F_CLOSE_CAUSE].n && !all_digits(f[F_CLOSE_CAUSE], 2))
		return CORP_CSV_CLOSE_CAUSE;
	if (f[F_SUCCESSOR].n && !core_corporate_number_valid(f[F_SUCCESSOR]))
		return CORP_CSV_SUCCESSOR;
	o->process = f[F_PROCESS];
	o->update_date = f[F_UPDATE_DATE];
	o->change_date = f[F_CHANGE_DATE];
	o->name = f[F_NAME];
	o->kind = f[F_KIND];
	o->prefecture_name = f[F_PREFECTURE_NAME];
	o->city_name = f[F_CITY_NAME];
	o->street = f[F_STREET];
	o->city_code = f[F_CITY_CODE];
	o->postal_code = f[F_POSTAL_CODE];
	o->address_outside = f[F_ADDRESS_OUTSIDE];
	o->close_date = f[F_CLOSE_DATE];
	o->close_cause = f[F_CLOSE_CAUSE];
	o->successor_number = f[F_SUCCESSOR];
	o->change_cause = f[F_CHANGE_CAUSE];
	o->assignment_date = f[F_ASSIGNMENT_DATE];
	o->name_en = f[F_NAME_EN];
	/* The English address in one line, as it is printed: city and street
	 * first, then the prefecture (or the address abroad). */
	struct str city_en = f[F_CITY_EN], pref_en = f[F_PREFECTURE_EN];
	if (f[F_ADDRESS_OUTSIDE_EN].n && !city_en.n)
		o->address_en = f[F_ADDRESS_OUTSIDE_EN];
	else if (city_en.n && pref_en.n) {
		char *p = arena_alloc(a, city_en.n + 2 + pref_en.n);
		if (!p)
			return CORP_CSV_TOO_LONG;
		memcpy(p, city_en.p, city_en.n);
		memcpy(p + city_en.n, ", ", 2);
		memcpy(p + city_en.n + 2, pref_en.p, pref_en.n);
		o->address_en = (struct str){p, city_en.n + 2 + pref_en.n};
	} else
		o->address_en = city_en.n ? city_en : pref_en;
	o->furigana = f[F_FURIGANA];
	return CORP_CSV_OK;
}

bool corp_row_replaces(struct str a_update, bool a_latest, int64_t a_sequence, struct str b_update,
                       bool b_latest, int64_t b_sequence)
{
	size_t n = a_update.n < b_update.n ? a_update.n : b_update.n;
	int c = memcmp(a_update.p, b_update.p, n);
	if (c == 0 && a_update.n != b_update.n)
		c = a_update.n < b_update.n ? -1 : 1;
	if (c != 0)
		return c < 0;
	if (a_latest != b_latest)
		return b_latest;
	return b_sequence > a_sequence;
}
