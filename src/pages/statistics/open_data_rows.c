/*
 * open_data_rows.c — see open_data_rows.h.
 */
#include "pages/statistics/open_data_rows.h"

#include <stdio.h>
#include <string.h>

#include "lib/civil.h"
#include "lib/json.h"
#include "view/labels.h"

const char *const open_data_declarant_columns[OPEN_DATA_DECLARANT_COLUMNS] = {
    "declaration_id",  "level",           "status",           "name",       "name_kana",
    "prefecture_code", "prefecture_name", "corporate_number", "declared_on"};

void open_data_date(int64_t now, char out[11])
{
	struct civil c = civil_utc(now + CIVIL_JAPAN_OFFSET_S);
	char text[48];
	snprintf(text, sizeof text, "%04d-%02d-%02d", c.year % 10000, c.month % 100, c.day % 100);
	memcpy(out, text, 10);
	out[10] = '\0';
}

enum mm_err open_data_declarant_csv_header(struct buf *b)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; i < OPEN_DATA_DECLARANT_COLUMNS && !e; i++)
		e = buf_append_csv(b, str_from(open_data_declarant_columns[i]),
		                   i + 1 == OPEN_DATA_DECLARANT_COLUMNS);
	return e;
}

enum mm_err open_data_declarant_csv(struct buf *b, enum lang l,
                                    const struct statistics_declarant *d)
{
	char code[4], day[11];
	snprintf(code, sizeof code, "%02d", d->prefecture % 100);
	open_data_date(d->declared_at, day);
	enum mm_err e;
	if ((e = buf_append_csv(b, d->public_id, false)) ||
	    (e = buf_append_csv_int(b, d->level, false)) ||
	    (e = buf_append_csv(b, d->status, false)) || (e = buf_append_csv(b, d->name, false)) ||
	    (e = buf_append_csv(b, d->name_kana, false)) ||
	    (e = buf_append_csv(b, str_from(code), false)) ||
	    (e = buf_append_csv(b, labels_prefecture(l, d->prefecture), false)) ||
	    (e = buf_append_csv(b, d->corporate_number, false)))
		return e;
	return buf_append_csv(b, str_from(day), true);
}

enum mm_err open_data_declarant_jsonl(struct buf *b, enum lang l,
                                      const struct statistics_declarant *d)
{
	char code[4], day[11];
	struct json j;
	struct buf line; /* the JSON writer takes one value per buffer */
	snprintf(code, sizeof code, "%02d", d->prefecture % 100);
	open_data_date(d->declared_at, day);
	buf_init(&line, b->arena, OPEN_DATA_LINE_MAX);
	json_init(&j, &line);
	json_object_begin(&j);
	json_key(&j, "declaration_id");
	json_write_string(&j, d->public_id);
	json_key(&j, "level");
	json_write_int(&j, d->level);
	json_key(&j, "status");
	json_write_string(&j, d->status);
	json_key(&j, "name");
	json_write_string_or_null(&j, d->name);
	json_key(&j, "name_kana");
	json_write_string_or_null(&j, d->name_kana);
	json_key(&j, "prefecture_code");
	json_write_cstring(&j, code);
	json_key(&j, "prefecture_name");
	json_write_string(&j, labels_prefecture(l, d->prefecture));
	json_key(&j, "corporate_number");
	json_write_string_or_null(&j, d->corporate_number);
	json_key(&j, "declared_on");
	json_write_cstring(&j, day);
	json_object_end(&j);
	enum mm_err e = json_finish(&j);
	if (e || (e = buf_append_str(b, buf_str(&line))))
		return e;
	return buf_append_char(b, '\n');
}

bool open_data_name_ok(struct str name)
{
	if (str_eq(name, STR(OPEN_DATA_SUMS)) || str_eq(name, STR(OPEN_DATA_SCHEMA)))
		return true;
	if (name.n > OPEN_DATA_NAME_MAX || !str_starts_with(name, "mamori-"))
		return false;
	for (size_t i = 0; i < name.n; i++) {
		char c = name.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return false;
	}
	return !str_ends_with(name, ".tmp") && name.p[name.n - 1] != '.';
}
