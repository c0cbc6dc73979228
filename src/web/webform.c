/*
 * webform.c — see webform.h.
 */
#include "web/webform.h"

#include <assert.h>
#include <stdarg.h>

#include "lib/utf8.h"
#include "web/page.h"
#include "web/session.h"

enum mm_err webform_init(struct webform *f, struct req *r, struct res *res, struct val *ctx)
{
	const char *csrf = session_csrf(r, res);
	f->r = r;
	f->ctx = ctx;
	f->broken = false;
	f->fields = val_set_obj(r->arena, ctx, "fields");
	f->errors = val_set_list(r->arena, ctx, "errors");
	if (!csrf || !f->fields || !f->errors || !val_set_cstr(r->arena, ctx, "csrf", csrf) ||
	    !val_set_bool(r->arena, ctx, "has_errors", false))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static struct val *field(struct webform *f, const char *name)
{
	struct val *v = (struct val *)val_get(f->fields, str_from(name));
	if (v)
		return v;
	v = val_set_obj(f->r->arena, f->fields, name);
	if (v && (!val_set_cstr(f->r->arena, v, "value", "") ||
	          !val_set_cstr(f->r->arena, v, "error", "")))
		return NULL;
	return v;
}

enum mm_err webform_set(struct webform *f, const char *name, struct str value)
{
	struct val *v = field(f, name);
	return v && val_set_str(f->r->arena, v, "value", value) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err webform_blank(struct webform *f, const char *name, ...)
{
	assert(name && "a field to blank before the NULL");
	enum mm_err e = MM_OK;
	va_list names;
	va_start(names, name);
	for (; name && !e; name = va_arg(names, const char *))
		e = webform_set(f, name, STR(""));
	va_end(names);
	return e;
}

struct str webform_value(const struct webform *f, const char *name)
{
	const struct val *v = val_get(val_get(f->fields, str_from(name)), STR("value"));
	return v ? v->s : STR("");
}

struct str webform_take(struct webform *f, const char *name, size_t max_chars)
{
	struct str value = STR("");
	enum mm_err e = kvlist_get_one(&f->r->form, name, &value);
	if (e == MM_ERR_DUPLICATE) {
		webform_error(f, name, "form.invalid");
		return STR("");
	}
	value = str_trim(e == MM_OK ? value : STR(""));
	if (webform_set(f, name, value))
		f->broken = true;
	if (utf8_length(value) > max_chars)
		webform_error(f, name, "form.too_long");
	return value;
}

struct str webform_take_checked(struct webform *f, const char *name, size_t max_chars,
                                bool (*ok)(struct str value))
{
	struct str value = webform_take(f, name, max_chars);
	if (!ok(value))
		webform_error(f, name, "form.invalid");
	return value;
}

struct str webform_take_required(struct webform *f, const char *name, size_t max_chars,
                                 bool (*ok)(struct str value), const char *error_key)
{
	struct str value = webform_take(f, name, max_chars);
	if (value.n == 0 || !ok(value))
		webform_error(f, name, error_key);
	return value;
}

enum mm_err webform_take_password(struct webform *f, const char *name, struct str *out)
{
	if (kvlist_get_one(&f->r->form, name, out) != MM_OK)
		*out = STR("");
	return webform_set(f, name, STR(""));
}

enum mm_err webform_error(struct webform *f, const char *name, const char *message_key)
{
	return webform_error_text(f, name, page_t(f->r, message_key));
}

enum mm_err webform_error_text(struct webform *f, const char *name, struct str message)
{
	struct arena *a = f->r->arena;
	struct val *v = field(f, name);
	if (!v) {
		f->broken = true;
		return MM_ERR_NOMEM;
	}
	const struct val *existing = val_get(v, STR("error"));
	if (existing && existing->s.n)
		return MM_OK; /* the first problem with a field is the one to fix */
	struct val *item = val_list_push_obj(a, f->errors);
	if (!item || !val_set_cstr(a, item, "field", name) ||
	    !val_set_str(a, item, "message", message) || !val_set_str(a, v, "error", message) ||
	    !val_set_bool(a, f->ctx, "has_errors", true)) {
		f->broken = true;
		return MM_ERR_NOMEM;
	}
	return MM_OK;
}

bool webform_ok(const struct webform *f)
{
	return f->errors->n == 0 && !f->broken;
}
