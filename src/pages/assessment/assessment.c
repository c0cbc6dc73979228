/*
 * assessment.c — taking the 25-item self-assessment: the start page
 * (/assessment), one page per part (/assessment/part/{n}), "check your
 * answers" (/assessment/check) and submitting (/assessment/submit).
 *
 * Every part page saves what it carries before moving on, so closing the
 * browser loses nothing. The last part can also submit at once ("save and
 * see the result"): the check page is then only shown when an item is
 * still open, so a taker who answered everything needs three presses. A part page may post only its
 * own items, once each, with one of the four answers, together with the version and organisation
 * the page was made for: anything else is a 400 and nothing is stored. Submitting is idempotent:
 * the form repeats the draft's submit token, a result is unique per token, and a second press finds
 * the first result. A result is never edited afterwards.
 *
 * Answers given before logging in join the organisation the first time
 * the signed-in user opens /assessment (claim_answers).
 */
#include <stdio.h>
#include <string.h>

#include "pages/shared/benchmark_view.h"
#include "pages/assessment/assessment_draft.h"
#include "pages/assessment/assessment_text.h"
#include "view/questionnaire.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

/* Fields a part page may post besides its items: csrf, version, org,
 * action, submit_token. */
#define ASSESSMENT_FORM_CONTROLS 5
#define ASSESSMENT_FIELD_PREFIX "item-"

static const char *const actions[] = {"next", "back", "later", "submit"};

static const struct questionnaire *wording_of(struct str version)
{
	const struct questionnaire *q = questionnaire_find(version);
	return q ? q : questionnaire_latest();
}

static enum mm_err render(struct req *r, struct res *res, int status, const char *name,
                          struct val *ctx, struct str title, bool under_start)
{
	struct val *crumbs = page_crumbs(r);
	res->personal = true; /* the taker's own answers, an anonymous visitor's too */
	if (!crumbs ||
	    (under_start && page_crumb(r, crumbs, page_t(r, "assessment.title"), "/assessment")) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, name, ctx, title, crumbs);
}

static struct str progress_text(struct req *r, int part, size_t answered)
{
	const char *const names[] = {"part", "parts", "answered", "total"};
	const struct str values[] = {
	    assessment_int(r, part), assessment_int(r, ASSESSMENT_PART_COUNT),
	    assessment_int(r, (long)answered), assessment_int(r, ASSESSMENT_ITEM_COUNT)};
	return assessment_fill(r, "assessment.progress", names, values, 4);
}

/* The first part with an item not answered; 0 when all are answered. */
static int first_open_part(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		if (answers[i] == ANSWER_NONE)
			return core_assessment_part_of(i + 1);
	return 0;
}

/* ---- attaching answers given before logging in ------------------------------ */

struct claim {
	bool moved, discarded;
	int64_t results;
};

/* What claim_in_tx works on: whose answers to gather, and from where. */
struct claim_tx {
	struct req *r;
	const struct assessment_taker *t;
	bool has_cookie;
	struct check_owner anonymous, own;
	struct claim *c;
};

/* Moves the draft of owner `from` to `to` unless `to` has one (then it is
 * deleted). */
static enum mm_err claim_draft(struct req *r, struct store *s, const struct check_owner *from,
                               const struct check_owner *to, bool *target_has, struct claim *c)
{
	struct check_draft d;
	enum mm_err e =
	    store_check_draft_get(&STORE_ASSESSMENT_TABLES, s, r->arena, from, r->now, &d);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	if (*target_has) {
		c->discarded = true;
		return store_check_draft_delete(&STORE_ASSESSMENT_TABLES, s, d.id);
	}
	*target_has = true;
	c->moved = true;
	return store_check_draft_move(&STORE_ASSESSMENT_TABLES, s, d.id, to);
}

/* One transaction: the visitor's draft, then the user's own, join the
 * taker's; the visitor's results join the organisation. */
static enum mm_err claim_in_tx(struct store *s, void *arg)
{
	struct claim_tx *x = arg;
	struct req *r = x->r;
	const struct assessment_taker *t = x->t;
	struct check_draft existing;
	enum mm_err e = store_check_draft_get(&STORE_ASSESSMENT_TABLES, s, r->arena, &t->owner,
	                                      r->now, &existing);
	bool target_has = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (x->has_cookie && (e = claim_draft(r, s, &x->anonymous, &t->owner, &target_has, x->c)))
		return e;
	if (t->has_org && (e = claim_draft(r, s, &x->own, &t->owner, &target_has, x->c)))
		return e;
	if (t->has_org && x->has_cookie &&
	    (e = store_check_results_attach(&STORE_ASSESSMENT_TABLES, s, x->anonymous.token_hash,
	                                    t->owner.id, r->now, &x->c->results)))
		return e;
	if (x->c->results && (e = benchmark_place(r, s, BENCHMARK_ASSESSMENT, t->owner.id)))
		return e;
	if (!x->c->moved && !x->c->results)
		return MM_OK;
	return audit_log(r, "assessment.attach", 0, t->has_org ? t->owner.id : 0, STR(""), AUDIT_OK,
	                 x->c->results ? "results" : "draft");
}

static enum mm_err claim_answers(struct req *r, struct res *res, const struct assessment_taker *h,
                                 struct claim *c)
{
	struct claim_tx x = {.r = r,
	                     .t = h,
	                     .anonymous = {.kind = CHECK_OWNER_ANONYMOUS},
	                     .own = {.kind = CHECK_OWNER_USER, .id = r->user->id},
	                     .c = c};
	struct str token;
	enum mm_err e;
	x.has_cookie = cookie_get(r, ASSESSMENT_COOKIE, &token) && token.n == TOKEN_TEXT_BYTES - 1;
	memset(c, 0, sizeof *c);
	if (!x.has_cookie && !h->has_org)
		return MM_OK;
	if (x.has_cookie)
		token_hash(token, x.anonymous.token_hash);
	if ((e = store_tx(r->store, claim_in_tx, &x)))
		return e;
	/* Once everything is with the organisation the cookie has no use. */
	return h->has_org && x.has_cookie ? assessment_cookie_set(r, res, "", 0) : MM_OK;
}

static enum mm_err push_notice(struct req *r, struct val *list, const char *key)
{
	struct val *v = val_list_push_obj(r->arena, list);
	return v && val_set_str(r->arena, v, "text", page_t(r, key)) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err start_notices(struct req *r, struct val *ctx, const struct claim *c)
{
	struct val *list = val_set_list(r->arena, ctx, "notices");
	struct str notice;
	enum mm_err e = MM_OK;
	if (!list)
		return MM_ERR_NOMEM;
	if (c->moved)
		e = push_notice(r, list, "assessment.notice.attached");
	else if (c->discarded)
		e = push_notice(r, list, "assessment.notice.kept");
	if (!e && c->results)
		e = push_notice(r, list, "assessment.notice.results_attached");
	if (!e && kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK &&
	    str_eq_lit(notice, "saved"))
		e = push_notice(r, list, "assessment.notice.saved");
	return e;
}

/* ---- start page ------------------------------------------------------------ */

static enum mm_err page_assessment(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct assessment_taker h;
	struct check_draft d;
	struct claim c = {0};
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	bool found;
	enum mm_err e;
	if ((e = assessment_taker_load(r, s, &h)))
		return e;
	if (h.signed_in && (e = claim_answers(r, res, &h, &c)))
		return e;
	if ((e = assessment_draft_find(r, s, &h, &d, &found)))
		return e;
	core_assessment_answers_parse(d.answers, answers);
	size_t answered = core_assessment_answered_count(answers);
	int open = first_open_part(answers);
	char *next =
	    open ? arena_printf(r->arena, "/assessment/part/%d", open) : "/assessment/check";
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	if (!ctx || !next || (e = start_notices(r, ctx, &c)) ||
	    !val_set_bool(a, ctx, "in_progress", found && answered > 0) ||
	    !val_set_str(a, ctx, "progress", progress_text(r, open ? open : 1, answered)) ||
	    !val_set_long(a, ctx, "answered", (long)answered) ||
	    !val_set_long(a, ctx, "total", ASSESSMENT_ITEM_COUNT) ||
	    !val_set_cstr(a, ctx, "next_url", next) ||
	    !val_set_bool(a, ctx, "anonymous", !h.signed_in) ||
	    !val_set_bool(a, ctx, "no_org", h.signed_in && !h.has_org) ||
	    !val_set_bool(a, ctx, "has_org", h.has_org) ||
	    !val_set_str(a, ctx, "org_name", h.has_org ? h.org.name : STR("")))
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, 200, "assessment_start", ctx, page_t(r, "assessment.title"), false);
}

/* ---- part pages ------------------------------------------------------------ */

static enum mm_err item_ctx(struct req *r, struct val *list, const struct questionnaire_item *it,
                            enum assessment_answer given)
{
	struct arena *a = r->arena;
	struct val *v = val_list_push_obj(a, list);
	char *field = arena_printf(a, ASSESSMENT_FIELD_PREFIX "%d", it->number);
	struct val *options = v ? val_set_list(a, v, "options") : NULL;
	if (!options || !field || !val_set_long(a, v, "number", it->number) ||
	    !val_set_cstr(a, v, "field", field) || !val_set_str(a, v, "question", it->question) ||
	    !val_set_str(a, v, "why", it->why) ||
	    !val_set_str(a, v, "done_example", it->done_example))
		return MM_ERR_NOMEM;
	for (int k = ANSWER_DONE; k <= ANSWER_DONT_KNOW; k++) {
		enum assessment_answer ans = (enum assessment_answer)k;
		struct val *o = val_list_push_obj(a, options);
		const char *name = core_assessment_answer_name(ans);
		char *id = arena_printf(a, "%s-%s", field, name);
		if (!o || !id || !val_set_cstr(a, o, "value", name) ||
		    !val_set_cstr(a, o, "id", id) ||
		    !val_set_str(a, o, "label", assessment_answer_label(r, ans)) ||
		    !val_set_bool(a, o, "checked", given == ans))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_assessment_part(struct req *r, struct res *res)
{
	struct assessment_taker h;
	struct check_draft d;
	struct webform f;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	bool found;
	int part = (int)req_param_int(r, "n"); /* {n:1..3} */
	enum mm_err e;
	if ((e = assessment_taker_load(r, r->store, &h)) ||
	    (e = assessment_draft_find(r, r->store, &h, &d, &found)))
		return e;
	const struct questionnaire *q = wording_of(d.version);
	const struct questionnaire_part *p = q ? questionnaire_part(q, r->lang, part) : NULL;
	if (!p)
		return MM_ERR_NOT_FOUND;
	core_assessment_answers_parse(d.answers, answers);
	struct arena *a = r->arena;
	if ((e = webform_init(&f, r, res, val_obj(a))))
		return e;
	struct val *items = val_set_list(a, f.ctx, "items");
	char *prev = arena_printf(a, "/assessment/part/%d", part - 1);
	const char *const names[] = {"part", "title"};
	const struct str values[] = {assessment_int(r, part), p->title};
	struct str heading = assessment_fill(r, "assessment.part.heading", names, values, 2);
	if (!items || !prev || !val_set_str(a, f.ctx, "heading", heading) ||
	    !val_set_str(a, f.ctx, "intro", p->intro) || !val_set_long(a, f.ctx, "part", part) ||
	    !val_set_str(a, f.ctx, "progress",
	                 progress_text(r, part, core_assessment_answered_count(answers))) ||
	    !val_set_long(a, f.ctx, "answered", (long)core_assessment_answered_count(answers)) ||
	    !val_set_long(a, f.ctx, "total", ASSESSMENT_ITEM_COUNT) ||
	    !val_set_str(a, f.ctx, "version", d.version) ||
	    !val_set_str(a, f.ctx, "org", assessment_taker_org_field(&h)) ||
	    !val_set_str(a, f.ctx, "submit_token", d.submit_token) ||
	    !val_set_bool(a, f.ctx, "may_submit", !(h.signed_in && !h.has_org)) ||
	    !val_set_bool(a, f.ctx, "has_prev", part > 1) ||
	    !val_set_bool(a, f.ctx, "is_last", part == ASSESSMENT_PART_COUNT))
		return MM_ERR_NOMEM;
	int first = core_assessment_part_first_item(part);
	for (int i = first; i < first + core_assessment_part_item_count(part); i++)
		if ((e = item_ctx(r, items, questionnaire_item(q, r->lang, i), answers[i - 1])))
			return e;
	return render(r, res, 200, "assessment_part", f.ctx, heading, true);
}

/* What a part page posted, checked field by field. */
struct part_post {
	struct str version, org, action, submit_token;
	struct str answers[ASSESSMENT_ITEM_COUNT]; /* answer names; "" when not given */
};

static bool take_once(struct str *slot, bool *seen, struct str value)
{
	if (*seen)
		return false;
	*seen = true;
	*slot = value;
	return true;
}

/* False for any field this part does not have, an item twice, an answer
 * outside the four, or a missing control. */
static bool part_post_parse(struct req *r, int part, struct part_post *out)
{
	bool seen_version = false, seen_org = false, seen_action = false, seen_csrf = false,
	     seen_token = false;
	bool seen_item[ASSESSMENT_ITEM_COUNT] = {false};
	size_t prefix = sizeof ASSESSMENT_FIELD_PREFIX - 1;
	memset(out, 0, sizeof *out);
	out->action = STR("next");
	if (r->form.n > (size_t)core_assessment_part_item_count(part) + ASSESSMENT_FORM_CONTROLS)
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
			long n;
			enum assessment_answer ans;
			struct str num = {k.p + prefix, k.n - prefix};
			ok = str_starts_with(k, ASSESSMENT_FIELD_PREFIX) && num.n <= 2 &&
			     !str_to_long(num, 1, ASSESSMENT_ITEM_COUNT, &n) && num.p[0] != '0' &&
			     core_assessment_part_of((int)n) == part && !seen_item[n - 1] &&
			     core_assessment_answer_parse(v, &ans);
			if (ok) {
				seen_item[n - 1] = true;
				out->answers[n - 1] = str_from(core_assessment_answer_name(ans));
			}
		}
		if (!ok)
			return false;
	}
	bool action_ok = false;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		action_ok |= str_eq_lit(out->action, actions[i]);
	/* Only the last part submits. */
	if (str_eq_lit(out->action, "submit") && part != ASSESSMENT_PART_COUNT)
		action_ok = false;
	return seen_version && seen_org && action_ok;
}

static const char *after_save(struct req *r, int part, struct str action)
{
	if (str_eq_lit(action, "later"))
		return "/assessment?notice=saved";
	if (str_eq_lit(action, "back"))
		return part > 1 ? arena_printf(r->arena, "/assessment/part/%d", part - 1)
		                : "/assessment";
	return part < ASSESSMENT_PART_COUNT
	           ? arena_printf(r->arena, "/assessment/part/%d", part + 1)
	           : "/assessment/check";
}

/* A part's answers and, on a first save, the draft (and an anonymous
 * visitor's cookie) that holds them, in one transaction: a crash between
 * the two must not leave an empty draft behind. */
struct part_save {
	struct req *r;
	struct res *res;
	struct assessment_taker *h;
	struct check_draft *d;
	const struct part_post *p;
	bool found;
};

static enum mm_err part_save_tx(struct store *s, void *arg)
{
	struct part_save *x = arg;
	struct req *r = x->r;
	enum mm_err e;
	if (!x->found && (e = assessment_draft_open(r, x->res, s, x->h, x->d)))
		return e;
	return store_check_draft_save(&STORE_ASSESSMENT_TABLES, s, x->d->id, x->p->answers, r->now,
	                              r->now + ASSESSMENT_ANONYMOUS_TTL);
}

static enum mm_err submit_answers(struct req *r, struct res *res, struct assessment_taker *h,
                                  struct str token, struct str version, bool from_part);
static enum mm_err redirect_to_result(struct req *r, struct res *res, int64_t id);

static enum mm_err page_assessment_part_post(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct assessment_taker h;
	struct check_draft d;
	struct part_post p;
	bool found;
	int part = (int)req_param_int(r, "n"); /* {n:1..3} */
	enum mm_err e;
	if ((e = assessment_taker_load(r, s, &h)) ||
	    (e = assessment_draft_find(r, s, &h, &d, &found)))
		return e;
	/* Checked before anything is created, so a bad post stores nothing. */
	if (!part_post_parse(r, part, &p) || !str_eq(p.version, d.version) ||
	    !str_eq(p.org, assessment_taker_org_field(&h))) {
		page_error(r, res, 400);
		return MM_OK;
	}
	/* "Submit" pressed twice: the first press made the result and removed
	 * the draft; saving again would open a stray new one. */
	if (str_eq_lit(p.action, "submit") && p.submit_token.n) {
		int64_t id;
		e = store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES, s,
		                                          p.submit_token, &id);
		if (e != MM_ERR_NOT_FOUND)
			return e ? e : redirect_to_result(r, res, id);
	}
	struct part_save x = {r, res, &h, &d, &p, found};
	if ((e = store_tx(s, part_save_tx, &x)))
		return e;
	if (h.owner.kind == CHECK_OWNER_ANONYMOUS && found) {
		/* Keep the cookie as long as the draft it names. */
		struct str token;
		if (cookie_get(r, ASSESSMENT_COOKIE, &token) &&
		    (e = assessment_cookie_set(r, res, str_dup(r->arena, token),
		                               ASSESSMENT_ANONYMOUS_TTL)))
			return e;
	}
	/* A signed-in user without an organisation cannot submit (the check
	 * page says why); the button is not offered to them. */
	if (str_eq_lit(p.action, "submit") && !(h.signed_in && !h.has_org))
		return submit_answers(r, res, &h, p.submit_token, p.version, true);
	const char *next = after_save(r, part, p.action);
	return next ? page_redirect(r, res, next) : MM_ERR_NOMEM;
}

/* ---- check your answers and submit ------------------------------------------ */

static enum mm_err check_items(struct req *r, struct val *ctx, const struct questionnaire *q,
                               const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                               bool with_errors)
{
	struct arena *a = r->arena;
	struct val *parts = val_set_list(a, ctx, "parts");
	struct val *open = val_set_list(a, ctx, "unanswered");
	struct val *errors = (struct val *)val_get(ctx, STR("errors"));
	if (!parts || !open || !errors)
		return MM_ERR_NOMEM;
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		const struct questionnaire_part *qp = questionnaire_part(q, r->lang, p);
		struct val *pv = val_list_push_obj(a, parts);
		struct val *items = pv ? val_set_list(a, pv, "items") : NULL;
		const char *const names[] = {"part", "title"};
		const struct str values[] = {assessment_int(r, p), qp->title};
		if (!items ||
		    !val_set_str(a, pv, "heading",
		                 assessment_fill(r, "assessment.part.heading", names, values, 2)))
			return MM_ERR_NOMEM;
		int first = core_assessment_part_first_item(p);
		for (int i = first; i < first + core_assessment_part_item_count(p); i++) {
			const struct questionnaire_item *it = questionnaire_item(q, r->lang, i);
			char *url = arena_printf(a, "/assessment/part/%d#q-%d", p, i);
			char *anchor = arena_printf(a, "q-%d", i);
			const char *const n1[] = {"number"};
			const struct str v1[] = {assessment_int(r, i)};
			struct str change =
			    assessment_fill(r, "assessment.check.change_item", n1, v1, 1);
			struct str missing =
			    assessment_fill(r, "assessment.check.missing_item", n1, v1, 1);
			bool answered = answers[i - 1] != ANSWER_NONE;
			struct val *iv = val_list_push_obj(a, items);
			if (!iv || !url || !anchor || !val_set_long(a, iv, "number", i) ||
			    !val_set_str(a, iv, "question", it->question) ||
			    !val_set_bool(a, iv, "answered", answered) ||
			    !val_set_str(a, iv, "answer",
			                 assessment_answer_label(r, answers[i - 1])) ||
			    !val_set_cstr(a, iv, "url", url) ||
			    !val_set_str(a, iv, "change", change))
				return MM_ERR_NOMEM;
			if (answered)
				continue;
			struct val *ov = val_list_push_obj(a, open);
			if (!ov || !val_set_long(a, ov, "number", i) ||
			    !val_set_cstr(a, ov, "url", url) ||
			    !val_set_str(a, ov, "question", it->question))
				return MM_ERR_NOMEM;
			struct val *ev = with_errors ? val_list_push_obj(a, errors) : NULL;
			if (with_errors && (!ev || !val_set_cstr(a, ev, "field", anchor) ||
			                    !val_set_str(a, ev, "message", missing) ||
			                    !val_set_bool(a, ctx, "has_errors", true)))
				return MM_ERR_NOMEM;
		}
	}
	return val_set_bool(a, ctx, "has_unanswered", open->n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err render_check(struct req *r, struct res *res, struct store *s,
                                struct assessment_taker *h, bool with_errors)
{
	struct check_draft d;
	struct webform f;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	bool found;
	enum mm_err e;
	if ((e = assessment_draft_find(r, s, h, &d, &found)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	core_assessment_answers_parse(d.answers, answers);
	const struct questionnaire *q = wording_of(d.version);
	struct arena *a = r->arena;
	size_t answered = core_assessment_answered_count(answers);
	const char *const names[] = {"answered", "total"};
	const struct str values[] = {assessment_int(r, (long)answered),
	                             assessment_int(r, ASSESSMENT_ITEM_COUNT)};
	if (!q)
		return MM_ERR_NOT_FOUND;
	if ((e = check_items(r, f.ctx, q, answers, with_errors)) ||
	    !val_set_str(a, f.ctx, "count",
	                 assessment_fill(r, "assessment.check.count", names, values, 2)) ||
	    !val_set_bool(a, f.ctx, "no_org", h->signed_in && !h->has_org) ||
	    !val_set_str(a, f.ctx, "submit_token", d.submit_token) ||
	    !val_set_str(a, f.ctx, "version", d.version) ||
	    !val_set_str(a, f.ctx, "org", assessment_taker_org_field(h)))
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, with_errors ? 422 : 200, "assessment_check", f.ctx,
	              page_t(r, "assessment.check.title"), true);
}

static enum mm_err page_assessment_check(struct req *r, struct res *res)
{
	struct assessment_taker h;
	enum mm_err e;
	if ((e = assessment_taker_load(r, r->store, &h)))
		return e;
	return render_check(r, res, r->store, &h, false);
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

static enum mm_err redirect_to_result(struct req *r, struct res *res, int64_t id)
{
	char *url = arena_printf(r->arena, "/assessment/results/%lld", (long long)id);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* Inside submit_in_tx's transaction: the result of draft d, then the
 * draft gone. CONFLICT when the submit token made a result already. */
static enum mm_err submit_draft(struct req *r, struct store *s, const struct assessment_taker *h,
                                const struct check_draft *d,
                                const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                int64_t *id)
{
	struct assessment_score score;
	struct assessment_result res = {.user_id = r->user ? r->user->id : 0,
	                                .taken_at = r->now,
	                                .expires_at = r->now + ASSESSMENT_ANONYMOUS_TTL,
	                                .version = d->version,
	                                .submit_token = d->submit_token};
	enum mm_err e = core_assessment_score(answers, &score);
	if (e)
		return e;
	res.total = score.total;
	for (int p = 0; p < ASSESSMENT_PART_COUNT; p++)
		res.part[p] = score.part[p];
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		res.answers[i] = str_from(core_assessment_answer_name(answers[i]));
	if ((e = store_assessment_result_insert(s, &h->owner, &res, id)))
		return e;
	/* an organisation's result joins its benchmarks in this transaction */
	if (h->owner.kind == CHECK_OWNER_ORG &&
	    (e = benchmark_place(r, s, BENCHMARK_ASSESSMENT, h->owner.id)))
		return e;
	return store_check_draft_delete(&STORE_ASSESSMENT_TABLES, s, d->id);
}

/* What one press of "submit" came to, decided inside its transaction. */
enum submit_outcome {
	SUBMIT_MADE,        /* a new result: *id */
	SUBMIT_MADE_BEFORE, /* the same submit token made result *id already */
	SUBMIT_INCOMPLETE,  /* items are missing: the check page again, with errors */
	SUBMIT_STALE,       /* the form is not for the draft as it is now: 400 */
};

struct submit_tx {
	struct req *r;
	const struct assessment_taker *t;
	struct str token, version;
	bool from_part; /* the last part's form: its token may predate the draft */
	struct check_draft d;
	enum submit_outcome outcome;
	int64_t id;
};

/* Writes only for SUBMIT_MADE; the other outcomes leave the store as it was. */
static enum mm_err submit_in_tx(struct store *s, void *arg)
{
	struct submit_tx *x = arg;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	bool found;
	/* Pressed twice: the first press made the result. */
	enum mm_err e = x->token.n ? store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES,
	                                                                   s, x->token, &x->id)
	                           : MM_ERR_NOT_FOUND;
	if (e != MM_ERR_NOT_FOUND) {
		x->outcome = SUBMIT_MADE_BEFORE;
		return e;
	}
	if ((e = assessment_draft_find(x->r, s, x->t, &x->d, &found)))
		return e;
	x->outcome = SUBMIT_INCOMPLETE; /* nothing answered yet: every item is missing */
	if (!found)
		return MM_OK;
	/* The part page was saved into this very draft a moment ago (its
	 * version was checked then); a page shown before the draft existed
	 * carried no token. */
	if (x->from_part)
		x->token = x->d.submit_token;
	if (!str_eq(x->token, x->d.submit_token) || !str_eq(x->version, x->d.version)) {
		x->outcome = SUBMIT_STALE;
		return MM_OK;
	}
	core_assessment_answers_parse(x->d.answers, answers);
	if (!core_assessment_complete(answers))
		return MM_OK;
	x->outcome = SUBMIT_MADE;
	if ((e = submit_draft(x->r, s, x->t, &x->d, answers, &x->id)) || !x->t->has_org)
		return e;
	char *target = arena_printf(x->r->arena, "result %lld", (long long)x->id);
	if (!target)
		return MM_ERR_NOMEM;
	return audit_log(x->r, "assessment.submit", 0, x->t->owner.id, str_from(target), AUDIT_OK,
	                 x->d.version.p ? str_dup(x->r->arena, x->d.version) : "");
}

/* Submits the taker's draft: the result page, the check page with the
 * missing items (422), or 400 for a form that is not for this draft. */
static enum mm_err submit_answers(struct req *r, struct res *res, struct assessment_taker *h,
                                  struct str token, struct str version, bool from_part)
{
	struct submit_tx x = {
	    .r = r, .t = h, .token = token, .version = version, .from_part = from_part};
	enum mm_err e;
	if ((e = store_tx(r->store, submit_in_tx, &x)))
		return e;
	switch (x.outcome) {
	case SUBMIT_MADE_BEFORE:
	case SUBMIT_MADE:
		break;
	case SUBMIT_INCOMPLETE:
		return render_check(r, res, r->store, h, true);
	case SUBMIT_STALE:
		page_error(r, res, 400);
		return MM_OK;
	}
	return redirect_to_result(r, res, x.id);
}

static enum mm_err page_assessment_submit_post(struct req *r, struct res *res)
{
	struct assessment_taker h;
	struct str org, token, version;
	enum mm_err e;
	if ((e = assessment_taker_load(r, r->store, &h)))
		return e;
	if (!submit_post_parse(r, &token, &version, &org) ||
	    !str_eq(org, assessment_taker_org_field(&h)) || (h.signed_in && !h.has_org)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	return submit_answers(r, res, &h, token, version, false);
}

/* This file's routes, in dispatch order (see assessment_routes.c). */
const struct route_table assessment_routes =
    ROUTE_TABLE(ROUTE_GET("/assessment", page_assessment, RIGHT_PUBLIC),
                ROUTE_FORM("/assessment/part/{n:1..3}", page_assessment_part,
                           page_assessment_part_post, RIGHT_PUBLIC),
                ROUTE_GET("/assessment/check", page_assessment_check, RIGHT_PUBLIC),
                ROUTE_POST("/assessment/submit", page_assessment_submit_post, RIGHT_PUBLIC));
