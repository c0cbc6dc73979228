/*
 * catalogue_format.c — see catalogue_format.h.
 */
#include "pages/catalogue/catalogue_format.h"

#include "pages/catalogue/catalogue_fields.h"
#include "pages/shared/words.h"
#include "view/labels.h"
#include "web/page.h"

/* Whether f is required, and for which kind of listing. */
static struct str need_text(struct req *r, const struct catalogue_field *f)
{
	static const char *const keys[] = {
	    [CATALOGUE_REQUIRED] = "catalogue.format.required",
	    [CATALOGUE_OPTIONAL] = "catalogue.format.optional",
	    [CATALOGUE_REQUIRED_FOR_KIND] = "catalogue.format.required_for",
	    [CATALOGUE_OPTIONAL_FOR_KIND] = "catalogue.format.optional_for",
	};
	static const char *const kind_name[] = {"kind"};
	struct str kind = labels_keyed(r->lang, "catalogue.kind", str_from(service_kinds[f->kind]));
	return words_fill(r, keys[f->need], kind_name, &kind, 1);
}

/* "up to 100 characters", "0 to 100,000,000 yen"…; "" for none. */
static struct str limit_text(struct req *r, const struct catalogue_field *f)
{
	static const char *const keys[] = {
	    [CATALOGUE_NO_LIMIT] = NULL,
	    [CATALOGUE_CHARACTERS] = "catalogue.format.characters",
	    [CATALOGUE_BYTES] = "catalogue.format.bytes",
	    [CATALOGUE_YEN] = "catalogue.format.yen",
	    [CATALOGUE_MONTHS] = "catalogue.format.months",
	};
	static const char *const max_name[] = {"max"};
	if (!keys[f->limit])
		return STR("");
	const char *max = labels_format_count(r->arena, f->max);
	struct str value = max ? str_from(max) : STR("");
	return words_fill(r, keys[f->limit], max_name, &value, 1);
}

static enum mm_err set_values(struct req *r, struct val *row, const struct catalogue_field *f)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list_counted(a, row, "values", "has_values", f->n_values);
	if (!list || !val_set_bool(a, row, "several", f->several))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < f->n_values; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_cstr(a, v, "word", f->values[i]))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err add_column(struct req *r, struct val *list, const struct catalogue_field *f)
{
	struct arena *a = r->arena;
	struct val *row = val_list_push_obj(a, list);
	char *label_key = arena_printf(a, "catalogue.field.%s", f->name);
	struct str limit = limit_text(r, f);
	if (!row || !label_key || !val_set_cstr(a, row, "name", f->name) ||
	    !val_set_str(a, row, "label", page_t(r, label_key)) ||
	    !val_set_str(a, row, "need", need_text(r, f)) || !val_set_str(a, row, "limit", limit) ||
	    !val_set_bool(a, row, "has_limit", limit.n > 0) ||
	    !val_set_str(a, row, "note", f->note ? page_t(r, f->note) : STR("")) ||
	    !val_set_bool(a, row, "has_note", f->note != NULL))
		return MM_ERR_NOMEM;
	return set_values(r, row, f);
}

enum mm_err catalogue_format_set(struct req *r, struct val *ctx)
{
	struct val *list = val_set_list(r->arena, ctx, "csv_columns");
	enum mm_err e = list ? MM_OK : MM_ERR_NOMEM;
	for (size_t i = 0; !e && i < CATALOGUE_IMPORT_KEY_COUNT; i++)
		e = add_column(r, list, &catalogue_import_keys[i]);
	for (size_t i = 0; !e && i < CATALOGUE_FIELD_COUNT; i++)
		e = add_column(r, list, &catalogue_fields[i]);
	return e;
}
