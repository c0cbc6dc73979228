/*
 * catalogue_import.c — the service catalogue's CSV import and its exports,
 * for administrators. "/admin/services/import" reads an uploaded file
 * (columns in README, "Service catalogue CSV"): a check lists every
 * problem by line and column and changes nothing; an import does too
 * unless the whole file is clean, and then writes every line in one
 * transaction. A line's external_key names its listing: a key seen before
 * changes that listing (a new live version, only when something differs),
 * so importing the same file twice changes nothing. An import is its own
 * review: its versions become live at once, through the one function that
 * makes a version live. "/admin/services/export.csv" and ".json" write the
 * live catalogue in the same columns, so an export imports back unchanged.
 */
#include <jansson.h>
#include <string.h>

#include "core/catalogue.h"
#include "core/catalogue_csv.h"
#include "core/corporate_number.h"
#include "lib/multipart.h"
#include "lib/utf8.h"
#include "pages/admin/admin_page.h"
#include "pages/catalogue/catalogue_fields.h"
#include "pages/catalogue/catalogue_view.h"
#include "pages/shared/json_export.h"
#include "store/services.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"

#define IMPORT_BODY_MAX (CATALOGUE_CSV_MAX_BYTES + 64 * 1024)
#define IMPORT_ERRORS_MAX 500 /* shown; the count says how many more */
#define EXPORT_BATCH 500
/* Keys of listings written on /provider, in exports: "mamori-" and the id. */
#define OWN_KEY_PREFIX "mamori-"

#define COLUMN_COUNT (CATALOGUE_IMPORT_KEY_COUNT + CATALOGUE_FIELD_COUNT)

static const char *column_name(size_t i)
{
	return i < CATALOGUE_IMPORT_KEY_COUNT
	           ? catalogue_import_keys[i].name
	           : catalogue_fields[i - CATALOGUE_IMPORT_KEY_COUNT].name;
}

/* ---- reading a file ------------------------------------------------------------- */

struct import_line {
	size_t line;
	struct service v;
	int64_t existing; /* the listing its key names; 0: a new one */
	bool unchanged;
};

struct import {
	struct req *r;
	int order[COLUMN_COUNT]; /* the file's column of each of ours */
	struct import_line *lines;
	size_t n, errors, news, changes, unchanged;
	size_t columns; /* the header's */
	struct val *error_list;
	/* the line being read */
	const struct csv_record *rec;
	size_t line;
};

static void add_error(struct import *im, size_t line, size_t column, const char *name,
                      struct str message)
{
	struct arena *a = im->r->arena;
	im->errors++;
	if (im->errors > IMPORT_ERRORS_MAX)
		return;
	struct val *v = val_list_push_obj(a, im->error_list);
	if (v) {
		(void)val_set_long(a, v, "line", (long)line);
		(void)val_set_long(a, v, "column", (long)column);
		(void)val_set_cstr(a, v, "name", name);
		(void)val_set_str(a, v, "message", message);
	}
}

static int column_of(const char *name)
{
	for (int i = 0; i < COLUMN_COUNT; i++)
		if (!strcmp(column_name((size_t)i), name))
			return i;
	return -1;
}

/* A cell as written, without the apostrophe that an export puts before a
 * leading = + - @ (so that a spreadsheet reads it as text). */
static struct str cell(const struct import *im, int ours)
{
	int col = im->order[ours];
	if (col < 0 || (size_t)col >= im->rec->n)
		return STR("");
	struct str s = im->rec->fields[col];
	if (s.n >= 2 && s.p[0] == '\'' && strchr("=+-@\t\r", s.p[1]))
		return (struct str){s.p + 1, s.n - 1};
	return s;
}

static struct str source_get(void *ctx, const char *name)
{
	struct import *im = ctx;
	int ours = column_of(name);
	return ours < 0 ? STR("") : cell(im, ours);
}

static void source_error(void *ctx, const char *name, const char *key)
{
	struct import *im = ctx;
	int ours = column_of(name);
	add_error(im, im->line, ours < 0 ? 0 : (size_t)im->order[ours] + 1, name,
	          page_t(im->r, key));
}

static bool read_header(struct import *im, const struct csv_record *rec)
{
	bool ok = true;
	for (int i = 0; i < COLUMN_COUNT; i++)
		im->order[i] = -1;
	im->columns = rec->n;
	for (size_t c = 0; c < rec->n; c++) {
		char name[64];
		struct str h = str_trim(rec->fields[c]);
		int ours = -1;
		if (h.n < sizeof name) {
			memcpy(name, h.p, h.n);
			name[h.n] = '\0';
			ours = column_of(name);
		}
		if (ours < 0 || im->order[ours] >= 0) {
			add_error(im, rec->line, c + 1, "",
			          page_t(im->r, ours < 0 ? "catalogue.import.unknown_column"
			                                 : "catalogue.import.repeated_column"));
			ok = false;
			continue;
		}
		im->order[ours] = (int)c;
	}
	for (int i = 0; i < COLUMN_COUNT; i++)
		if (im->order[i] < 0) {
			add_error(im, rec->line, 0, column_name((size_t)i),
			          page_t(im->r, "catalogue.import.missing_column"));
			ok = false;
		}
	return ok;
}

/* The listing a key names: its own key, or "mamori-N" for listing N that
 * was written on /provider (an export's key for it). */
static enum mm_err find_existing(struct import *im, struct str key, struct service *out,
                                 bool *found)
{
	struct req *r = im->r;
	enum mm_err e = store_service_by_external_key(r->store, r->arena, key, out);
	*found = !e;
	if (e != MM_ERR_NOT_FOUND)
		return e;
	size_t p = sizeof OWN_KEY_PREFIX - 1;
	if (key.n > p && key.n < p + 19 && !memcmp(key.p, OWN_KEY_PREFIX, p)) {
		int64_t id = 0;
		for (size_t i = p; i < key.n; i++) {
			if (key.p[i] < '0' || key.p[i] > '9')
				return MM_OK;
			id = id * 10 + (key.p[i] - '0');
		}
		e = store_service_latest(r->store, r->arena, id, out);
		*found = !e && out->external_key.n == 0;
		return e == MM_ERR_NOT_FOUND ? MM_OK : e;
	}
	return MM_OK;
}

static enum mm_err read_line(struct import *im, const struct csv_record *rec)
{
	struct req *r = im->r;
	struct import_line *l = &im->lines[im->n];
	struct catalogue_source src = {.get = source_get, .error = source_error, .ctx = im};
	size_t before = im->errors;
	enum mm_err e;
	im->rec = rec;
	im->line = rec->line;
	*l = (struct import_line){.line = rec->line};
	if (rec->n != im->columns) {
		add_error(im, rec->line, 0, "", page_t(r, "catalogue.import.column_count"));
		return MM_OK;
	}
	struct str key = str_trim(cell(im, 0));
	if (!str_is_plain_name(key, (size_t)catalogue_import_keys[0].max))
		source_error(im, "external_key", "catalogue.error.external_key");
	for (size_t i = 0; i < im->n; i++)
		if (str_eq(im->lines[i].v.external_key, key))
			source_error(im, "external_key", "catalogue.import.repeated_key");
	struct service_provider p;
	struct str number;
	if (!core_corporate_number_read(r->arena, cell(im, 1), &number))
		source_error(im, "provider_corporate_number", "catalogue.import.provider");
	else if ((e = store_provider_by_corporate_number(r->store, r->arena, number, &p)) ==
	         MM_ERR_NOT_FOUND)
		source_error(im, "provider_corporate_number", "catalogue.import.provider");
	else if (e)
		return e;
	else
		l->v.provider_id = p.id;
	catalogue_fields_read(&src, &l->v);
	l->v.external_key = key;
	if (im->errors > before)
		return MM_OK;
	struct service old;
	bool found;
	if ((e = find_existing(im, key, &old, &found)))
		return e;
	if (found) {
		if (old.kind != l->v.kind)
			source_error(im, "kind", "catalogue.error.kind_fixed");
		if (old.provider_id != l->v.provider_id)
			source_error(im, "provider_corporate_number",
			             "catalogue.import.other_provider");
		struct service live;
		l->existing = old.id;
		e = store_service_live_version(r->store, r->arena, old.id, &live);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		/* Unchanged when its live version says the same (a provider's
		 * change waiting for review stays waiting). */
		l->unchanged = !e && service_content_equal(&live, &l->v);
	}
	if (im->errors == before) {
		im->n++;
		if (!found)
			im->news++;
		else if (l->unchanged)
			im->unchanged++;
		else
			im->changes++;
	}
	return MM_OK;
}

static enum mm_err read_file(struct import *im, struct str csv)
{
	struct csv_reader c;
	struct csv_record *rec = arena_alloc(im->r->arena, sizeof *rec);
	bool header = true;
	enum mm_err e;
	if (!rec ||
	    !(im->lines = arena_alloc(im->r->arena, CATALOGUE_CSV_MAX_ROWS * sizeof *im->lines)))
		return MM_ERR_NOMEM;
	csv_reader_init(&c, csv);
	for (;;) {
		enum csv_result res = csv_next(&c, im->r->arena, rec);
		if (res == CSV_END)
			break;
		if (res == CSV_NO_MEMORY)
			return MM_ERR_NOMEM;
		if (res != CSV_RECORD) {
			add_error(im, rec->line, rec->column, "",
			          page_t(im->r,
			                 res == CSV_BAD_ENCODING ? "catalogue.import.encoding"
			                 : res == CSV_BAD_QUOTE  ? "catalogue.import.quote"
			                                        : "catalogue.import.column_count"));
			header = false;
			continue;
		}
		if (header) {
			header = false;
			if (!read_header(im, rec))
				return MM_OK; /* no line can be read without its columns */
			continue;
		}
		if (im->n + 1 >= CATALOGUE_CSV_MAX_ROWS) {
			add_error(im, rec->line, 0, "", page_t(im->r, "catalogue.import.too_many"));
			return MM_OK;
		}
		if ((e = read_line(im, rec)))
			return e;
	}
	if (header)
		add_error(im, 1, 0, "", page_t(im->r, "catalogue.import.empty"));
	return MM_OK;
}

/* ---- writing it ------------------------------------------------------------------ */

static enum mm_err import_tx(struct req *r, struct store *s, void *arg)
{
	struct import *im = arg;
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < im->n; i++) {
		struct import_line *l = &im->lines[i];
		int64_t id;
		if (l->unchanged)
			continue;
		e = l->existing
		        ? store_service_import_change(s, l->existing, &l->v, r->user->id, r->now)
		        : store_service_import_new(s, &l->v, r->user->id, r->now, &id);
	}
	if (e)
		return e;
	return audit_log(r, "service.import", 0, 0, STR("services.csv"), AUDIT_OK,
	                 arena_printf(r->arena, "%zu new, %zu changed, %zu unchanged", im->news,
	                              im->changes, im->unchanged));
}

static struct str uploaded(struct req *r)
{
	return multipart_form_file(r->arena, req_header(r, "Content-Type"), r->body, "file");
}

static enum mm_err page_admin_services_import_post(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct import im = {.r = r};
	struct str mode, csv = uploaded(r);
	bool apply = kvlist_get_one(&r->form, "mode", &mode) == MM_OK && str_eq_lit(mode, "import");
	enum mm_err e;
	if (!ctx || !(im.error_list = val_set_list(a, ctx, "errors")))
		return MM_ERR_NOMEM;
	if (!csv.p)
		add_error(&im, 0, 0, "", page_t(r, "catalogue.import.no_file"));
	else if (csv.n > CATALOGUE_CSV_MAX_BYTES)
		add_error(&im, 0, 0, "", page_t(r, "catalogue.import.too_big"));
	else if ((e = read_file(&im, csv)))
		return e;
	bool clean = im.errors == 0;
	if (clean && apply && (e = page_tx(r, import_tx, &im)))
		return e;
	if (!val_set_bool(a, ctx, "clean", clean) ||
	    !val_set_bool(a, ctx, "applied", clean && apply) ||
	    !val_set_bool(a, ctx, "checked", clean && !apply) ||
	    !val_set_cstr(a, ctx, "error_count", labels_format_count(a, (int64_t)im.errors)) ||
	    !val_set_bool(a, ctx, "more_errors", im.errors > IMPORT_ERRORS_MAX) ||
	    !val_set_cstr(a, ctx, "lines", labels_format_count(a, (int64_t)im.n)) ||
	    !val_set_cstr(a, ctx, "news", labels_format_count(a, (int64_t)im.news)) ||
	    !val_set_cstr(a, ctx, "changes", labels_format_count(a, (int64_t)im.changes)) ||
	    !val_set_cstr(a, ctx, "unchanged", labels_format_count(a, (int64_t)im.unchanged)))
		return MM_ERR_NOMEM;
	return admin_render(r, res, clean ? 200 : 422, "admin_services_import", ctx,
	                    page_t(r, "catalogue.import.title"), "catalogue.admin.title",
	                    "/admin/services");
}

/* ---- exports ---------------------------------------------------------------------- */

/* Every live listing shown today, a batch at a time, through each. */
static enum mm_err each_live(struct req *r,
                             enum mm_err (*each)(struct req *r, const struct service *v,
                                                 const struct service_provider *p, void *ctx),
                             void *ctx)
{
	struct str today = page_today(r);
	int64_t after = 0;
	for (;;) {
		struct service *list;
		size_t n;
		enum mm_err e = store_services_live_after(r->store, r->arena, today, after,
		                                          EXPORT_BATCH, &list, &n);
		if (e)
			return e;
		for (size_t i = 0; i < n; i++) {
			struct service_provider p;
			if ((e = store_provider_by_id(r->store, r->arena, list[i].provider_id,
			                              &p)) ||
			    (e = each(r, &list[i], &p, ctx)))
				return e;
		}
		if (n < EXPORT_BATCH)
			return MM_OK;
		after = list[n - 1].id;
	}
}

static const char *export_key(struct arena *a, const struct service *v)
{
	return v->external_key.n ? str_dup(a, v->external_key)
	                         : arena_printf(a, OWN_KEY_PREFIX "%lld", (long long)v->id);
}

static enum mm_err csv_row(struct req *r, const struct service *v, const struct service_provider *p,
                           void *ctx)
{
	struct buf *b = ctx;
	enum mm_err e;
	const char *key = export_key(r->arena, v);
	if (!key)
		return MM_ERR_NOMEM;
	if ((e = buf_append_csv(b, str_from(key), false)) ||
	    (e = buf_append_csv(b, p->corporate_number, false)))
		return e;
	for (size_t i = 0; !e && i < CATALOGUE_FIELD_COUNT; i++) {
		const char *text = catalogue_field_text(r->arena, v, catalogue_fields[i].name);
		e = text ? buf_append_csv(b, str_from(text), i + 1 == CATALOGUE_FIELD_COUNT)
		         : MM_ERR_NOMEM;
	}
	return e;
}

static enum mm_err page_admin_services_csv(struct req *r, struct res *res)
{
	struct buf b;
	enum mm_err e;
	buf_init(&b, r->arena, RES_MAX_BODY);
	e = buf_append_cstr(&b, "\xEF\xBB\xBF"); /* the BOM tells Excel the file is UTF-8 */
	for (size_t i = 0; !e && i < COLUMN_COUNT; i++)
		e = buf_append_csv(&b, str_from(column_name(i)), i + 1 == COLUMN_COUNT);
	if (e || (e = each_live(r, csv_row, &b)))
		return e;
	audit_note(r, "service.export", 0, 0, STR("services.csv"), AUDIT_OK, NULL);
	return page_download(r, res, "text/csv; charset=utf-8", "mamori-services.csv", buf_str(&b));
}

static enum mm_err json_row(struct req *r, const struct service *v,
                            const struct service_provider *p, void *ctx)
{
	json_t *list = ctx, *o = json_object();
	const char *key = export_key(r->arena, v);
	if (!o || !key || json_array_append_new(list, o) ||
	    json_object_set_new(o, "id", json_integer(v->id)) ||
	    json_object_set_new(o, "external_key", json_string(key)) ||
	    json_object_set_new(o, "provider", json_export_str(p->company_name)) ||
	    json_object_set_new(o, "provider_corporate_number",
	                        json_export_str(p->corporate_number)))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < CATALOGUE_FIELD_COUNT; i++) {
		const char *text = catalogue_field_text(r->arena, v, catalogue_fields[i].name);
		if (!text || json_object_set_new(o, catalogue_fields[i].name, json_string(text)))
			return MM_ERR_NOMEM;
	}
	return json_object_set_new(o, "reviewed_at", json_export_time(v->reviewed_at))
	           ? MM_ERR_NOMEM
	           : MM_OK;
}

static enum mm_err page_admin_services_json(struct req *r, struct res *res)
{
	json_t *root = json_object(), *list = json_array();
	struct str body;
	enum mm_err e = MM_ERR_NOMEM;
	if (root && list && !json_object_set_new(root, "services", list)) {
		list = NULL; /* root owns it now */
		json_t *items = json_object_get(root, "services");
		if (!(e = each_live(r, json_row, items)))
			e = json_export_text(r->arena, root, &body);
	}
	json_decref(list);
	json_decref(root);
	if (e)
		return e;
	audit_note(r, "service.export", 0, 0, STR("services.json"), AUDIT_OK, NULL);
	return page_download(r, res, "application/json; charset=utf-8", "mamori-services.json",
	                     body);
}

/* This file's routes, in dispatch order (see catalogue_routes.c). */
const struct route_table catalogue_import_routes =
    ROUTE_TABLE(ROUTE_POST_BODY("/admin/services/import", page_admin_services_import_post,
                                RIGHT_ADMIN, IMPORT_BODY_MAX),
                ROUTE_GET("/admin/services/export.csv", page_admin_services_csv, RIGHT_ADMIN),
                ROUTE_GET("/admin/services/export.json", page_admin_services_json, RIGHT_ADMIN));
