/*
 * check_answers.c — see check_answers.h.
 */
#include "pages/check/check_answers.h"

#include <string.h>

#include "pages/shared/benchmark_view.h"
#include "web/audit.h"
#include "web/page.h"
#include "view/i18n.h"
#include "web/webform.h"

/* Fields a part page may post besides its questions: csrf, version, org,
 * action, submit_token. */
#define CHECK_FORM_CONTROLS 5

static const char *const actions[] = {"next", "back", "later", "submit"};

/* The check-your-answers page (template NAME_check) of the taker h (loaded
 * when NULL): its questions (c->check_items, the ones not answered in
 * "unanswered"), count, token, version and organisation; 422 with the
 * missing questions when with_errors. */
static enum mm_err render_check(struct req *r, struct res *res, const struct check *c,
                                const struct check_taker *taker, bool with_errors)
{
	struct arena *a = r->arena;
	struct check_page p;
	struct webform f;
	size_t answered;
	long total;
	int open;
	enum mm_err e;
	if ((e = check_page_open(r, c, taker, &p)) || (e = webform_init(&f, r, res, val_obj(a))))
		return e;
	struct val *ctx = f.ctx;
	struct val *unanswered = val_set_list(a, ctx, "unanswered");
	if (!unanswered)
		return MM_ERR_NOMEM;
	if ((e = c->check_items(r, ctx, &p.d, with_errors)) ||
	    (e = c->progress(&p.d, &answered, &total, &open)))
		return e;
	const struct check_taker *h = &p.h;
	const char *const names[] = {"answered", "total"};
	char *answered_text = arena_printf(a, "%zu", answered);
	char *total_text = arena_printf(a, "%ld", total);
	char *count_key = arena_printf(a, "%s.check.count", c->name);
	char *title = arena_printf(a, "%s.check.title", c->name);
	char *template = arena_printf(a, "%s_check", c->name);
	if (!answered_text || !total_text || !count_key || !title || !template)
		return MM_ERR_NOMEM;
	const struct str values[] = {str_from(answered_text), str_from(total_text)};
	char *count = i18n_fill(a, r->lang, count_key, names, values, 2);
	if (!val_set_str(a, ctx, "count", count ? str_from(count) : STR("")) ||
	    !val_set_bool(a, ctx, "has_unanswered", unanswered->n > 0) ||
	    !val_set_bool(a, ctx, "no_org", h->signed_in && !h->has_org) ||
	    !val_set_str(a, ctx, "submit_token", p.d.submit_token) ||
	    !val_set_str(a, ctx, "version", p.d.version) ||
	    !val_set_str(a, ctx, "org", check_taker_org_field(h)))
		return MM_ERR_NOMEM;
	return check_render(r, res, c, with_errors ? 422 : 200, template, ctx, page_t(r, title),
	                    true);
}

/* ---- part pages ------------------------------------------------------------ */

/* What a part page posted, checked field by field. */
struct part_post {
	struct str version, org, action, submit_token;
	struct str answers[CHECK_ANSWERS_MAX]; /* answer names; "" when not given */
};

static bool take_once(struct str *slot, bool *seen, struct str value)
{
	if (*seen)
		return false;
	*seen = true;
	*slot = value;
	return true;
}

/* The number of question field k when it is one of part `part` of this
 * version; 0 otherwise. */
static int question_field(const struct check *c, struct str version, int part, struct str k)
{
	size_t prefix = strlen(c->field_prefix);
	long n;
	if (k.n <= prefix || memcmp(k.p, c->field_prefix, prefix) != 0)
		return 0;
	struct str num = {k.p + prefix, k.n - prefix};
	if (num.n > 2 || num.p[0] == '0' || str_to_long(num, 1, c->tables->answers, &n) ||
	    c->part_of(version, (int)n) != part)
		return 0;
	return (int)n;
}

/* False for any field this part does not have, a question twice, an
 * answer outside the check's, or a missing control. */
static bool part_post_parse(struct req *r, const struct check *c, struct str version, int part,
                            struct part_post *out)
{
	bool seen_version = false, seen_org = false, seen_action = false, seen_csrf = false,
	     seen_token = false;
	bool seen_question[CHECK_ANSWERS_MAX] = {false};
	int size = c->part_size(version, part);
	memset(out, 0, sizeof *out);
	out->action = STR("next");
	if (size < 0 || r->form.n > (size_t)size + CHECK_FORM_CONTROLS)
		return false;
	for (size_t i = 0; i < r->form.n; i++) {
		struct str k = r->form.items[i].key, v = r->form.items[i].value;
		bool ok;
		if (str_eq_lit(k, CSRF_FIELD))
			ok = take_once(&k, &seen_csrf, v);
		else if (str_eq_lit(k, "version"))
			ok = take_once(&out->version, &seen_version, v);
		else if (str_eq_lit(k, "org"))
			ok = take_once(&out->org, &seen_org, v);
		else if (str_eq_lit(k, "action"))
			ok = take_once(&out->action, &seen_action, v);
		else if (str_eq_lit(k, "submit_token"))
			ok =
			    take_once(&out->submit_token, &seen_token, v) && v.n < TOKEN_TEXT_BYTES;
		else {
			int n = question_field(c, version, part, k);
			const char *name = n ? c->answer_name(v) : NULL;
			ok = name && !seen_question[n - 1];
			if (ok) {
				seen_question[n - 1] = true;
				out->answers[n - 1] = str_from(name);
			}
		}
		if (!ok)
			return false;
	}
	bool action_ok = false;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		action_ok |= str_eq_lit(out->action, actions[i]);
	if (str_eq_lit(out->action, "submit") && part != c->parts)
		action_ok = false; /* only the last part submits */
	return seen_version && seen_org && action_ok;
}

static const char *after_save(struct req *r, const struct check *c, int part, struct str action)
{
	if (str_eq_lit(action, "later"))
		return arena_printf(r->arena, "%s?notice=saved", c->base);
	if (str_eq_lit(action, "back"))
		return part > 1 ? arena_printf(r->arena, "%s/part/%d", c->base, part - 1) : c->base;
	return part < c->parts ? arena_printf(r->arena, "%s/part/%d", c->base, part + 1)
	                       : arena_printf(r->arena, "%s/check", c->base);
}

/* A part's answers and, on a first save, the draft (and an anonymous
 * visitor's cookie) that holds them, in one transaction: a crash between
 * the two must not leave an empty draft behind. */
struct part_save {
	struct res *res;
	const struct check *c;
	struct check_taker *h;
	struct check_draft *d;
	const struct part_post *p;
	bool found;
};

static enum mm_err part_save_tx(struct req *r, struct store *s, void *arg)
{
	struct part_save *x = arg;
	enum mm_err e;
	if (!x->found && (e = check_draft_open(r, x->res, s, x->c, x->h, x->d)))
		return e;
	return store_check_draft_save(x->c->tables, s, x->d->id, x->p->answers, r->now,
	                              r->now + CHECK_ANONYMOUS_TTL);
}

static enum mm_err submit_answers(struct req *r, struct res *res, const struct check *c,
                                  struct check_taker *h, struct str token, struct str version,
                                  bool from_part);

static enum mm_err redirect_to_result(struct req *r, struct res *res, const struct check *c,
                                      int64_t id)
{
	char *url = arena_printf(r->arena, "%s/results/%lld", c->base, (long long)id);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

enum mm_err check_part_post(struct req *r, struct res *res, const struct check *c)
{
	struct store *s = r->store;
	struct check_taker h;
	struct check_draft d;
	struct part_post p;
	bool found;
	int part = (int)req_param_int(r, "n"); /* {n:1..parts} */
	enum mm_err e;
	if ((e = check_taker_load(r, c, &h)) || (e = check_draft_find(r, s, c, &h, &d, &found)))
		return e;
	/* Checked before anything is created, so a bad post stores nothing. */
	if (!part_post_parse(r, c, d.version, part, &p) || !str_eq(p.version, d.version) ||
	    !str_eq(p.org, check_taker_org_field(&h))) {
		page_error(r, res, 400);
		return MM_OK;
	}
	/* "Submit" pressed twice: the first press made the result and removed
	 * the draft; saving again would open a stray new one. */
	if (str_eq_lit(p.action, "submit") && p.submit_token.n) {
		int64_t id;
		e = store_check_result_id_by_submit_token(c->tables, s, p.submit_token, &id);
		if (e != MM_ERR_NOT_FOUND)
			return e ? e : redirect_to_result(r, res, c, id);
	}
	struct part_save x = {.res = res, .c = c, .h = &h, .d = &d, .p = &p, .found = found};
	if ((e = page_tx(r, part_save_tx, &x)))
		return e;
	if (h.owner.kind == CHECK_OWNER_ANONYMOUS && found) {
		/* Keep the cookie as long as the draft it names. */
		struct str token;
		if (cookie_get(r, c->cookie, &token) &&
		    (e = check_cookie_set(r, res, c, str_dup(r->arena, token),
		                          CHECK_ANONYMOUS_TTL)))
			return e;
	}
	/* A signed-in user without an organisation cannot submit (the check
	 * page says why); the button is not offered to them. */
	if (str_eq_lit(p.action, "submit") && !(h.signed_in && !h.has_org))
		return submit_answers(r, res, c, &h, p.submit_token, p.version, true);
	const char *next = after_save(r, c, part, p.action);
	return next ? page_redirect(r, res, next) : MM_ERR_NOMEM;
}

/* ---- check your answers and submit ------------------------------------------ */

enum mm_err check_page_check(struct req *r, struct res *res, const struct check *c)
{
	struct check_taker h;
	enum mm_err e;
	if ((e = check_taker_load(r, c, &h)))
		return e;
	return render_check(r, res, c, &h, false);
}

/* The submit form's fields: csrf, submit_token, version, org, once each. */
static bool submit_post_parse(struct req *r, struct str *token, struct str *version,
                              struct str *org)
{
	static const char *const allowed[] = {CSRF_FIELD, "submit_token", "version", "org"};
	if (r->form.n > sizeof allowed / sizeof allowed[0])
		return false;
	for (size_t i = 0; i < r->form.n; i++) {
		bool known = false;
		for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
			known |= str_eq_lit(r->form.items[i].key, allowed[k]);
		if (!known)
			return false;
	}
	return kvlist_get_one(&r->form, "submit_token", token) == MM_OK &&
	       kvlist_get_one(&r->form, "version", version) == MM_OK &&
	       kvlist_get_one(&r->form, "org", org) == MM_OK && token->n < TOKEN_TEXT_BYTES;
}

/* What one press of "submit" came to, decided inside its transaction. */
enum submit_outcome {
	SUBMIT_MADE,        /* a new result: *id */
	SUBMIT_MADE_BEFORE, /* the same submit token made result *id already */
	SUBMIT_INCOMPLETE,  /* questions are missing: the check page again, with errors */
	SUBMIT_STALE,       /* the form is not for the draft as it is now: 400 */
};

struct submit_tx {
	const struct check *c;
	const struct check_taker *t;
	struct str token, version;
	bool from_part; /* the last part's form: its token may predate the draft */
	struct check_draft d;
	enum submit_outcome outcome;
	int64_t id;
};

/* Inside submit_in_tx's transaction: the result of draft d, its place in
 * the benchmarks (an organisation's), then the draft gone. CONFLICT when
 * the submit token made a result already. */
static enum mm_err submit_draft(struct req *r, struct submit_tx *x, struct store *s,
                                bool *incomplete)
{
	const struct check *c = x->c;
	const struct check_owner *o = &x->t->owner;
	enum mm_err e = c->result_insert(r, s, o, &x->d, incomplete, &x->id);
	if (e || *incomplete)
		return e;
	if (o->kind == CHECK_OWNER_ORG && (e = benchmark_place(r, s, c->benchmark, o->id)))
		return e;
	return store_check_draft_delete(c->tables, s, x->d.id);
}

/* Writes only for SUBMIT_MADE; the other outcomes leave the store as it was. */
static enum mm_err submit_in_tx(struct req *r, struct store *s, void *arg)
{
	struct submit_tx *x = arg;
	bool found, incomplete = false;
	/* Pressed twice: the first press made the result. */
	enum mm_err e =
	    x->token.n ? store_check_result_id_by_submit_token(x->c->tables, s, x->token, &x->id)
	               : MM_ERR_NOT_FOUND;
	if (e != MM_ERR_NOT_FOUND) {
		x->outcome = SUBMIT_MADE_BEFORE;
		return e;
	}
	if ((e = check_draft_find(r, s, x->c, x->t, &x->d, &found)))
		return e;
	x->outcome = SUBMIT_INCOMPLETE; /* nothing answered yet: every question is missing */
	if (!found)
		return MM_OK;
	/* The part page was saved into this very draft a moment ago (its
	 * version was checked then); a page shown before the draft existed
	 * carried no token. */
	if (x->from_part)
		x->token = x->d.submit_token;
	if (!x->c->scorable(x->d.version) || !str_eq(x->token, x->d.submit_token) ||
	    !str_eq(x->version, x->d.version)) {
		x->outcome = SUBMIT_STALE;
		return MM_OK;
	}
	if ((e = submit_draft(r, x, s, &incomplete)) || incomplete)
		return e;
	x->outcome = SUBMIT_MADE;
	if (!x->t->has_org)
		return MM_OK;
	char *target = arena_printf(r->arena, "%s %lld", x->c->audit_target, (long long)x->id);
	if (!target)
		return MM_ERR_NOMEM;
	return audit_log(r, x->c->audit_submit, 0, x->t->owner.id, str_from(target), AUDIT_OK,
	                 x->d.version.p ? str_dup(r->arena, x->d.version) : "");
}

/* Submits the taker's draft: the result page, the check page with the
 * missing questions (422), or 400 for a form that is not for this draft. */
static enum mm_err submit_answers(struct req *r, struct res *res, const struct check *c,
                                  struct check_taker *h, struct str token, struct str version,
                                  bool from_part)
{
	struct submit_tx x = {
	    .c = c, .t = h, .token = token, .version = version, .from_part = from_part};
	enum mm_err e;
	if ((e = page_tx(r, submit_in_tx, &x)))
		return e;
	switch (x.outcome) {
	case SUBMIT_MADE_BEFORE:
	case SUBMIT_MADE:
		break;
	case SUBMIT_INCOMPLETE:
		return render_check(r, res, c, h, true);
	case SUBMIT_STALE:
		page_error(r, res, 400);
		return MM_OK;
	}
	return redirect_to_result(r, res, c, x.id);
}

enum mm_err check_submit_post(struct req *r, struct res *res, const struct check *c)
{
	struct check_taker h;
	struct str org, token, version;
	enum mm_err e;
	if ((e = check_taker_load(r, c, &h)))
		return e;
	if (!submit_post_parse(r, &token, &version, &org) ||
	    !str_eq(org, check_taker_org_field(&h)) || (h.signed_in && !h.has_org)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	return submit_answers(r, res, c, &h, token, version, false);
}
