/*
 * consult_new.c — "/consultations/new": opening a consultation. A member
 * of a firm opens it for the firm (its members see it); a signed-in person
 * without one opens it for themselves. Anonymous visitors are sent to log
 * in, from where they can sign up: the account's confirmed address is the
 * confirmation the consultation needs, and it gives them a place to read
 * the answer and be told of it.
 *
 * ?category= and ?urgency= (from the incident pages and the experts'
 * directory) choose those fields. ?expert={id} (an expert's page in the
 * directory) addresses the consultation to that expert: the form names
 * them, and the consultation is offered to them alone for
 * CONSULT_EXPERT_ALONE_S, then (app/consult_jobs.c) to the matching
 * responders. An expert who cannot be chosen — no such profile, not
 * approved, not taking consultations, or the person asking — is said so
 * on the form, which then opens an ordinary consultation; one who stopped
 * between the form and its sending sends the form back with that said.
 */
#include "core/org_fields.h"
#include "pages/consult/consult_access.h"
#include "store/experts.h"
#include "pages/consult/consult_files.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

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

#define EXPERT_ID_MAX_CHARS 18

/* The expert an id (as typed in the address or sent by the form) names,
 * when the person asking may choose them; *ok false otherwise. */
static enum mm_err chosen_expert(struct req *r, struct str text, struct expert *x, bool *ok)
{
	int64_t id = 0;
	*ok = false;
	if (text.n == 0 || text.n > EXPERT_ID_MAX_CHARS)
		return MM_OK;
	for (size_t i = 0; i < text.n; i++) {
		if (text.p[i] < '0' || text.p[i] > '9')
			return MM_OK;
		id = id * 10 + (text.p[i] - '0');
	}
	enum mm_err e = store_expert_by_id(r->store, r->arena, id, x);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	*ok = !e && x->status == EXPERT_APPROVED && x->takes_consultations &&
	      x->user_id != r->user->id;
	return e;
}

/* What the form says of the expert its "expert" field names. */
static enum mm_err set_expert(struct webform *f)
{
	struct req *r = f->r;
	struct str asked = webform_value(f, "expert");
	struct expert x;
	bool ok;
	enum mm_err e = chosen_expert(r, asked, &x, &ok);
	if (e)
		return e;
	if (!val_set_bool(r->arena, f->ctx, "has_expert", ok) ||
	    !val_set_bool(r->arena, f->ctx, "expert_refused", asked.n && !ok) ||
	    (ok && !val_set_str(r->arena, f->ctx, "expert_name", x.name)))
		return MM_ERR_NOMEM;
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
	                              webform_value(f, "category"))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "urgencies", consult_urgencies,
	                              consult_urgency_count, "consult.urgency",
	                              webform_value(f, "urgency"))) ||
	    (e = labels_options_prefecture(a, r->lang, f->ctx, "prefectures",
	                                   webform_value(f, "prefecture"))) ||
	    (e = set_expert(f)))
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

static bool any_text(struct str s)
{
	return s.n <= EXPERT_ID_MAX_CHARS;
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
	    (e = webform_set(&f, "expert", query_choice(r, "expert", any_text))) ||
	    (e = webform_blank(&f, "question", "attachments", NULL)))
		return e;
	return render_form(&f, res);
}

struct opening {
	struct consultation c;
	const struct consult_file *files;
	size_t nfiles;
	int64_t id;
};

static enum mm_err open_tx(struct req *r, struct store *s, void *arg)
{
	struct opening *o = arg;
	size_t offered;
	enum mm_err e;
	if ((e = store_consult_insert(s, &o->c, &o->id)))
		return e;
	o->c.id = o->id;
	if ((e = consult_files_store(r, o->id, 0, o->files, o->nfiles)))
		return e;
	if (o->c.expert_user_id)
		e = consult_offer_expert(s, r->arena, &o->c, r->now);
	else
		e = consult_offer(s, r->arena, &o->c, r->now, &offered);
	if (e)
		return e;
	return audit_log(
	    r, "consultation.open", 0, o->c.organisation_id, consult_target(r, o->id), AUDIT_OK,
	    o->c.expert_user_id
	        ? arena_printf(r->arena, "%.*s; offered to expert user:%lld", (int)o->c.category.n,
	                       o->c.category.p, (long long)o->c.expert_user_id)
	        : arena_printf(r->arena, "%.*s; offered to %zu", (int)o->c.category.n,
	                       o->c.category.p, offered));
}

static enum mm_err page_consult_new_post(struct req *r, struct res *res)
{
	struct webform f;
	struct opening o = {0};
	struct consultation *c = &o.c;
	struct str org_name;
	int org_pref;
	const char *file_error;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "attachments", NULL)) ||
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
	struct str asked = webform_take(&f, "expert", EXPERT_ID_MAX_CHARS);
	if (asked.n) {
		struct expert x;
		bool ok;
		if ((e = chosen_expert(r, asked, &x, &ok)))
			return e;
		if (ok) {
			c->expert_user_id = x.user_id;
			c->expert_until = r->now + CONSULT_EXPERT_ALONE_S;
		} else {
			webform_error(&f, "expert", "consult.error.expert");
		}
	}
	struct consult_file *files;
	if ((e = consult_files_read(r, CONSULT_ATTACHMENTS_MAX, &files, &o.nfiles, &file_error)))
		return e;
	if (file_error)
		webform_error(&f, "attachments", file_error);
	if (!webform_ok(&f))
		return render_form(&f, res);
	o.files = files;
	if ((e = page_tx(r, open_tx, &o)))
		return e;
	return page_redirectf(r, res, "/consultations/%lld?notice=opened", (long long)o.id);
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_new_routes = ROUTE_TABLE(
    {HTTP_GET, "/consultations/new", page_consult_new, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/new", page_consult_new_post, RIGHT_USER, CONSULT_UPLOAD_MAX_BODY});
