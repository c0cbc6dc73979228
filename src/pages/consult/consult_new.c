/*
 * consult_new.c — "/consultations/new": opening a consultation. A member
 * of a firm opens it for the firm (its members see it); a signed-in person
 * without one opens it for themselves. Anonymous visitors are sent to log
 * in, from where they can sign up: the account's confirmed address is the
 * confirmation the consultation needs, and it gives them a place to read
 * the answer and be told of it.
 *
 * ?category= and ?urgency= (from the incident pages and the experts'
 * directory) choose those fields; ?expert= is accepted and ignored until
 * the directory exists.
 */
#include "core/org_fields.h"
#include "pages/consult/consult_access.h"
#include "pages/consult/consult_files.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static struct str field_value(struct webform *f, const char *name)
{
	const struct val *v = val_get(val_get(f->fields, str_from(name)), STR("value"));
	return v ? v->s : STR("");
}

/* The firm the user belongs to (0 for none) and its profile's prefecture. */
static enum mm_err firm_of(struct req *r, int64_t *org_id, int *prefecture, struct str *name)
{
	struct org_membership m;
	struct org_profile p;
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &m);
	*org_id = 0;
	*prefecture = 0;
	*name = STR("");
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e || (e = store_org_by_id(r->store, r->arena, m.organisation_id, &p)))
		return e;
	*org_id = p.id;
	*prefecture = p.prefecture;
	*name = p.name;
	return MM_OK;
}

static enum mm_err render_form(struct webform *f, struct res *res)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	int64_t org_id;
	int pref;
	struct str org_name;
	enum mm_err e;
	if ((e = firm_of(r, &org_id, &pref, &org_name)) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "categories", consult_categories,
	                              consult_category_count, "consult.category",
	                              field_value(f, "category"))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "urgencies", consult_urgencies,
	                              consult_urgency_count, "consult.urgency",
	                              field_value(f, "urgency"))) ||
	    (e = labels_options_prefecture(a, r->lang, f->ctx, "prefectures",
	                                   field_value(f, "prefecture"))))
		return e;
	if (!val_set_bool(a, f->ctx, "for_firm", org_id != 0) ||
	    !val_set_str(a, f->ctx, "firm_name", org_name) ||
	    !val_set_long(a, f->ctx, "attachments_max", CONSULT_ATTACHMENTS_MAX))
		return MM_ERR_NOMEM;
	return titled_render(r, res, webform_ok(f) ? 200 : 422, "consult_new", f->ctx,
	                     "consult.new.title", "consult.list.title", "/consultations");
}

/* A query parameter when it is one of the allowed names, else "". */
static struct str query_choice(struct req *r, const char *name, bool (*valid)(struct str))
{
	struct str v;
	if (kvlist_get_one(&r->query_fields, name, &v) == MM_OK && valid(v))
		return v;
	return STR("");
}

static enum mm_err page_consult_new(struct req *r, struct res *res)
{
	struct webform f;
	int64_t org_id;
	int pref;
	struct str org_name;
	enum mm_err e;
	if ((e = firm_of(r, &org_id, &pref, &org_name)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(&f, "category",
	                     query_choice(r, "category", consult_category_valid))) ||
	    (e = webform_set(&f, "urgency", query_choice(r, "urgency", consult_urgency_valid))) ||
	    (e = webform_set(&f, "prefecture",
	                     pref ? str_from(arena_printf(r->arena, "%d", pref)) : STR(""))) ||
	    (e = webform_set(&f, "question", STR(""))) ||
	    (e = webform_set(&f, "attachments", STR(""))))
		return e;
	return render_form(&f, res);
}

struct opening {
	struct req *r;
	struct consultation c;
	const struct consult_file *files;
	size_t nfiles;
	int64_t id;
};

static enum mm_err open_tx(struct store *s, void *arg)
{
	struct opening *o = arg;
	struct req *r = o->r;
	size_t offered;
	enum mm_err e;
	if ((e = store_consult_insert(s, &o->c, &o->id)))
		return e;
	o->c.id = o->id;
	if ((e = consult_files_store(r, o->id, 0, o->files, o->nfiles)) ||
	    (e = consult_offer(s, r->arena, &o->c, r->now, &offered)))
		return e;
	return audit_log(r, "consultation.open", 0, o->c.organisation_id, consult_target(r, o->id),
	                 AUDIT_OK,
	                 arena_printf(r->arena, "%.*s; offered to %zu", (int)o->c.category.n,
	                              o->c.category.p, offered));
}

static enum mm_err page_consult_new_post(struct req *r, struct res *res)
{
	struct webform f;
	struct opening o = {.r = r};
	struct consultation *c = &o.c;
	struct str org_name;
	int org_pref;
	const char *file_error;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(&f, "attachments", STR(""))) ||
	    (e = firm_of(r, &c->organisation_id, &org_pref, &org_name)))
		return e;
	c->opened_by = r->user->id;
	c->created_at = r->now;
	c->category = webform_take(&f, "category", 32);
	if (!consult_category_valid(c->category))
		webform_error(&f, "category", "consult.error.category");
	c->urgency = webform_take(&f, "urgency", 16);
	if (!consult_urgency_valid(c->urgency))
		webform_error(&f, "urgency", "consult.error.urgency");
	if (!org_prefecture_parse(webform_take(&f, "prefecture", 2), &c->prefecture))
		webform_error(&f, "prefecture", "consult.error.prefecture");
	c->question = webform_take(&f, "question", CONSULT_QUESTION_MAX_CHARS);
	if (c->question.n == 0)
		webform_error(&f, "question", "consult.error.question");
	struct consult_file *files;
	if ((e = consult_files_read(r, CONSULT_ATTACHMENTS_MAX, &files, &o.nfiles, &file_error)))
		return e;
	if (file_error)
		webform_error(&f, "attachments", file_error);
	if (!webform_ok(&f))
		return render_form(&f, res);
	o.files = files;
	if ((e = store_tx(r->store, open_tx, &o)))
		return e;
	return page_redirect(
	    r, res, arena_printf(r->arena, "/consultations/%lld?notice=opened", (long long)o.id));
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_new_routes = ROUTE_TABLE(
    {HTTP_GET, "/consultations/new", page_consult_new, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/new", page_consult_new_post, RIGHT_USER, CONSULT_UPLOAD_MAX_BODY});
