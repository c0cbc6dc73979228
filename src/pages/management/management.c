/*
 * management.c — taking the management self-check: the start page
 * (/management), one page per directive (/management/part/{n}, n = 1–10),
 * "check your answers" (/management/check) and submitting
 * (/management/submit). It works as the 25-item self-assessment does
 * (pages/assessment/assessment.c), which explains the reasons at length.
 *
 * Every directive page saves what it carries before moving on. A page may
 * post only its own questions, once each, with a level 0–5 or "dont_know",
 * together with the version and organisation the page was made for:
 * anything else is a 400 and nothing is stored. Submitting is idempotent:
 * the form repeats the draft's submit token, a result is unique per token,
 * and a second press finds the first result; the result, the draft's
 * removal and the audit line are one store_tx (submit_in_tx), which is
 * where any other write that belongs to a new result joins. A result is
 * never edited afterwards.
 *
 * Answers given before logging in join the organisation the first time
 * the signed-in user opens /management (claim_answers), as for the
 * self-assessment.
 */
#include <string.h>

#include "pages/shared/benchmark_view.h"
#include "pages/management/management_draft.h"
#include "pages/management/management_text.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"
#include "web/webform.h"

/* Fields a directive page may post besides its questions: csrf, version,
 * org, action, submit_token. */
#define MANAGEMENT_FORM_CONTROLS 5
#define MANAGEMENT_FIELD_PREFIX "question-"

static const char *const actions[] = {"next", "back", "later", "submit"};

static const struct management_content *wording_of(struct str version)
{
	const struct management_content *c = management_content_find(version);
	return c ? c : management_content_latest();
}

static enum mm_err render(struct req *r, struct res *res, int status, const char *name,
                          struct val *ctx, struct str title, bool under_start)
{
	struct val *crumbs = page_crumbs(r);
	res->personal = true; /* the taker's own answers, an anonymous visitor's too */
	if (!crumbs ||
	    (under_start && page_crumb(r, crumbs, page_t(r, "management.title"), "/management")) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, name, ctx, title, crumbs);
}

static struct str progress_text(struct req *r, const struct management_content *c, int part,
                                size_t answered)
{
	const char *const names[] = {"part", "parts", "answered", "total"};
	const struct str values[] = {
	    management_int(r, part), management_int(r, MANAGEMENT_DIRECTIVES),
	    management_int(r, (long)answered), management_int(r, c->layout.question_count)};
	return management_fill(r, "management.progress", names, values, 4);
}

/* The first directive with a question not answered; 0 when all are. */
static int first_open_part(const struct management_content *c,
                           const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX])
{
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++)
		for (int k = 0; k < c->question_count[d - 1]; k++)
			if (answers[c->questions_of[d - 1][k] - 1] == MANAGEMENT_ANSWER_NONE)
				return d;
	return 0;
}

/* ---- attaching answers given before logging in ------------------------------ */

struct claim {
	bool moved, discarded;
	int64_t results;
};

struct claim_tx {
	struct req *r;
	const struct management_taker *t;
	bool has_cookie;
	struct check_owner anonymous, own;
	struct claim *c;
};

static enum mm_err claim_draft(struct req *r, struct store *s, const struct check_owner *from,
                               const struct check_owner *to, bool *target_has, struct claim *c)
{
	struct check_draft d;
	enum mm_err e =
	    store_check_draft_get(&STORE_MANAGEMENT_TABLES, s, r->arena, from, r->now, &d);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	if (*target_has) {
		c->discarded = true;
		return store_check_draft_delete(&STORE_MANAGEMENT_TABLES, s, d.id);
	}
	*target_has = true;
	c->moved = true;
	return store_check_draft_move(&STORE_MANAGEMENT_TABLES, s, d.id, to);
}

/* One transaction: the visitor's draft, then the user's own, join the
 * taker's; the visitor's results join the organisation. */
static enum mm_err claim_in_tx(struct store *s, void *arg)
{
	struct claim_tx *x = arg;
	struct req *r = x->r;
	const struct management_taker *t = x->t;
	struct check_draft existing;
	enum mm_err e = store_check_draft_get(&STORE_MANAGEMENT_TABLES, s, r->arena, &t->owner,
	                                      r->now, &existing);
	bool target_has = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (x->has_cookie && (e = claim_draft(r, s, &x->anonymous, &t->owner, &target_has, x->c)))
		return e;
	if (t->has_org && (e = claim_draft(r, s, &x->own, &t->owner, &target_has, x->c)))
		return e;
	if (t->has_org && x->has_cookie &&
	    (e = store_check_results_attach(&STORE_MANAGEMENT_TABLES, s, x->anonymous.token_hash,
	                                    t->owner.id, r->now, &x->c->results)))
		return e;
	if (x->c->results && (e = benchmark_place(r, s, BENCHMARK_MANAGEMENT, t->owner.id)))
		return e;
	if (!x->c->moved && !x->c->results)
		return MM_OK;
	return audit_log(r, "management.attach", 0, t->has_org ? t->owner.id : 0, STR(""), AUDIT_OK,
	                 x->c->results ? "results" : "draft");
}

static enum mm_err claim_answers(struct req *r, struct res *res, const struct management_taker *h,
                                 struct claim *c)
{
	struct claim_tx x = {.r = r,
	                     .t = h,
	                     .anonymous = {.kind = CHECK_OWNER_ANONYMOUS},
	                     .own = {.kind = CHECK_OWNER_USER, .id = r->user->id},
	                     .c = c};
	struct str token;
	enum mm_err e;
	x.has_cookie = cookie_get(r, MANAGEMENT_COOKIE, &token) && token.n == TOKEN_TEXT_BYTES - 1;
	memset(c, 0, sizeof *c);
	if (!x.has_cookie && !h->has_org)
		return MM_OK;
	if (x.has_cookie)
		token_hash(token, x.anonymous.token_hash);
	if ((e = store_tx(r->store, claim_in_tx, &x)))
		return e;
	return h->has_org && x.has_cookie ? management_cookie_set(r, res, "", 0) : MM_OK;
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
		e = push_notice(r, list, "management.notice.attached");
	else if (c->discarded)
		e = push_notice(r, list, "management.notice.kept");
	if (!e && c->results)
		e = push_notice(r, list, "management.notice.results_attached");
	if (!e && kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK &&
	    str_eq_lit(notice, "saved"))
		e = push_notice(r, list, "management.notice.saved");
	return e;
}

/* ---- start page ------------------------------------------------------------ */

static enum mm_err directives_list(struct req *r, struct val *ctx,
                                   const struct management_content *c)
{
	struct val *list = val_set_list(r->arena, ctx, "directives");
	for (int d = 1; list && d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *v = val_list_push_obj(r->arena, list);
		if (!v || !val_set_long(r->arena, v, "number", d) ||
		    !val_set_str(r->arena, v, "title", management_directive(c, r->lang, d)->title))
			return MM_ERR_NOMEM;
	}
	return list ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err page_management(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct management_taker h;
	struct check_draft d;
	struct claim c = {0};
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	bool found;
	enum mm_err e;
	if ((e = management_taker_load(r, s, &h)))
		return e;
	if (h.signed_in && (e = claim_answers(r, res, &h, &c)))
		return e;
	if ((e = management_draft_find(r, s, &h, &d, &found)))
		return e;
	const struct management_content *q = wording_of(d.version);
	if (!q)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(d.answers, answers);
	size_t answered = core_management_answered_count(&q->layout, answers);
	int open = first_open_part(q, answers);
	char *next =
	    open ? arena_printf(r->arena, "/management/part/%d", open) : "/management/check";
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	if (!ctx || !next || (e = start_notices(r, ctx, &c)) || (e = directives_list(r, ctx, q)) ||
	    !val_set_bool(a, ctx, "in_progress", found && answered > 0) ||
	    !val_set_str(a, ctx, "progress", progress_text(r, q, open ? open : 1, answered)) ||
	    !val_set_long(a, ctx, "answered", (long)answered) ||
	    !val_set_long(a, ctx, "total", q->layout.question_count) ||
	    !val_set_cstr(a, ctx, "next_url", next) ||
	    !val_set_bool(a, ctx, "anonymous", !h.signed_in) ||
	    !val_set_bool(a, ctx, "no_org", h.signed_in && !h.has_org) ||
	    !val_set_bool(a, ctx, "has_org", h.has_org) ||
	    !val_set_str(a, ctx, "org_name", h.has_org ? h.org.name : STR("")))
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, 200, "management_start", ctx, page_t(r, "management.title"), false);
}

/* ---- directive pages ------------------------------------------------------- */

static enum mm_err question_ctx(struct req *r, struct val *list,
                                const struct management_question_text *qt,
                                enum management_answer given)
{
	struct arena *a = r->arena;
	struct val *v = val_list_push_obj(a, list);
	char *field = arena_printf(a, MANAGEMENT_FIELD_PREFIX "%d", qt->number);
	struct val *options = v ? val_set_list(a, v, "options") : NULL;
	if (!options || !field || !val_set_long(a, v, "number", qt->number) ||
	    !val_set_cstr(a, v, "field", field) || !val_set_str(a, v, "question", qt->question))
		return MM_ERR_NOMEM;
	for (int k = MANAGEMENT_ANSWER_LEVEL0; k <= MANAGEMENT_ANSWER_DONT_KNOW; k++) {
		enum management_answer ans = (enum management_answer)k;
		bool level = ans != MANAGEMENT_ANSWER_DONT_KNOW;
		struct val *o = val_list_push_obj(a, options);
		const char *name = core_management_answer_name(ans);
		char *id = arena_printf(a, "%s-%s", field, name);
		if (!o || !id || !val_set_cstr(a, o, "value", name) ||
		    !val_set_cstr(a, o, "id", id) ||
		    !val_set_str(a, o, "label", management_answer_label(r, ans)) ||
		    !val_set_str(a, o, "text",
		                 level ? qt->levels[core_management_answer_level(ans)]
		                       : page_t(r, "management.answer.dont_know_text")) ||
		    !val_set_bool(a, o, "dont_know", !level) ||
		    !val_set_bool(a, o, "checked", given == ans))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_management_part(struct req *r, struct res *res)
{
	struct management_taker h;
	struct check_draft d;
	struct webform f;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	bool found;
	int part = (int)req_param_int(r, "n"); /* {n:1..10} */
	enum mm_err e;
	if ((e = management_taker_load(r, r->store, &h)) ||
	    (e = management_draft_find(r, r->store, &h, &d, &found)))
		return e;
	const struct management_content *q = wording_of(d.version);
	const struct management_directive_text *dt = management_directive(q, r->lang, part);
	if (!dt)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(d.answers, answers);
	size_t answered = core_management_answered_count(&q->layout, answers);
	struct arena *a = r->arena;
	if ((e = webform_init(&f, r, res, val_obj(a))))
		return e;
	struct val *items = val_set_list(a, f.ctx, "questions");
	struct str heading = management_directive_heading(r, q, part);
	if (!items || !val_set_str(a, f.ctx, "heading", heading) ||
	    !val_set_str(a, f.ctx, "why", dt->why) || !val_set_long(a, f.ctx, "part", part) ||
	    !val_set_str(a, f.ctx, "progress", progress_text(r, q, part, answered)) ||
	    !val_set_long(a, f.ctx, "answered", (long)answered) ||
	    !val_set_long(a, f.ctx, "total", q->layout.question_count) ||
	    !val_set_str(a, f.ctx, "version", d.version) ||
	    !val_set_str(a, f.ctx, "org", management_taker_org_field(&h)) ||
	    !val_set_str(a, f.ctx, "submit_token", d.submit_token) ||
	    !val_set_bool(a, f.ctx, "may_submit", !(h.signed_in && !h.has_org)) ||
	    !val_set_bool(a, f.ctx, "has_prev", part > 1) ||
	    !val_set_bool(a, f.ctx, "is_last", part == MANAGEMENT_DIRECTIVES))
		return MM_ERR_NOMEM;
	for (int k = 0; k < q->question_count[part - 1]; k++) {
		int n = q->questions_of[part - 1][k];
		if ((e = question_ctx(r, items, management_question(q, r->lang, n),
		                      answers[n - 1])))
			return e;
	}
	return render(r, res, 200, "management_part", f.ctx, heading, true);
}

/* What a directive page posted, checked field by field. */
struct part_post {
	struct str version, org, action, submit_token;
	struct str answers[STORE_MANAGEMENT_QUESTIONS]; /* answer names; "" when not given */
};

static bool take_once(struct str *slot, bool *seen, struct str value)
{
	if (*seen)
		return false;
	*seen = true;
	*slot = value;
	return true;
}

/* A question field of directive `part` in layout c: its number, or 0. */
static int question_field(const struct management_content *c, int part, struct str k)
{
	size_t prefix = sizeof MANAGEMENT_FIELD_PREFIX - 1;
	struct str num = {k.p + prefix, k.n - prefix};
	long n;
	if (!str_starts_with(k, MANAGEMENT_FIELD_PREFIX) || num.n == 0 || num.n > 2 ||
	    num.p[0] == '0' || str_to_long(num, 1, c->layout.question_count, &n) ||
	    c->layout.directive_of[n - 1] != part)
		return 0;
	return (int)n;
}

/* False for any field this directive does not have, a question twice, an
 * answer outside the seven, or a missing control. */
static bool part_post_parse(struct req *r, const struct management_content *c, int part,
                            struct part_post *out)
{
	bool seen_version = false, seen_org = false, seen_action = false, seen_csrf = false,
	     seen_token = false;
	bool seen_q[STORE_MANAGEMENT_QUESTIONS] = {false};
	memset(out, 0, sizeof *out);
	out->action = STR("next");
	if (r->form.n > (size_t)c->question_count[part - 1] + MANAGEMENT_FORM_CONTROLS)
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
			int n = question_field(c, part, k);
			enum management_answer ans;
			ok = n > 0 && !seen_q[n - 1] && core_management_answer_parse(v, &ans);
			if (ok) {
				seen_q[n - 1] = true;
				out->answers[n - 1] = str_from(core_management_answer_name(ans));
			}
		}
		if (!ok)
			return false;
	}
	bool action_ok = false;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		action_ok |= str_eq_lit(out->action, actions[i]);
	if (str_eq_lit(out->action, "submit") && part != MANAGEMENT_DIRECTIVES)
		action_ok = false; /* only the last directive submits */
	return seen_version && seen_org && action_ok;
}

static const char *after_save(struct req *r, int part, struct str action)
{
	if (str_eq_lit(action, "later"))
		return "/management?notice=saved";
	if (str_eq_lit(action, "back"))
		return part > 1 ? arena_printf(r->arena, "/management/part/%d", part - 1)
		                : "/management";
	return part < MANAGEMENT_DIRECTIVES
	           ? arena_printf(r->arena, "/management/part/%d", part + 1)
	           : "/management/check";
}

/* A directive's answers and, on a first save, the draft (and an anonymous
 * visitor's cookie) that holds them, in one transaction. */
struct part_save {
	struct req *r;
	struct res *res;
	struct management_taker *h;
	struct check_draft *d;
	const struct part_post *p;
	bool found;
};

static enum mm_err part_save_tx(struct store *s, void *arg)
{
	struct part_save *x = arg;
	struct req *r = x->r;
	enum mm_err e;
	if (!x->found && (e = management_draft_open(r, x->res, s, x->h, x->d)))
		return e;
	return store_check_draft_save(&STORE_MANAGEMENT_TABLES, s, x->d->id, x->p->answers, r->now,
	                              r->now + MANAGEMENT_ANONYMOUS_TTL);
}

static enum mm_err submit_answers(struct req *r, struct res *res, struct management_taker *h,
                                  struct str token, struct str version, bool from_part);
static enum mm_err redirect_to_result(struct req *r, struct res *res, int64_t id);

static enum mm_err page_management_part_post(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct management_taker h;
	struct check_draft d;
	struct part_post p;
	bool found;
	int part = (int)req_param_int(r, "n"); /* {n:1..10} */
	enum mm_err e;
	if ((e = management_taker_load(r, s, &h)) ||
	    (e = management_draft_find(r, s, &h, &d, &found)))
		return e;
	const struct management_content *q = management_content_find(d.version);
	/* Checked before anything is created, so a bad post stores nothing. */
	if (!q || !part_post_parse(r, q, part, &p) || !str_eq(p.version, d.version) ||
	    !str_eq(p.org, management_taker_org_field(&h))) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if (str_eq_lit(p.action, "submit") && p.submit_token.n) {
		int64_t id;
		e = store_check_result_id_by_submit_token(&STORE_MANAGEMENT_TABLES, s,
		                                          p.submit_token, &id);
		if (e != MM_ERR_NOT_FOUND)
			return e ? e : redirect_to_result(r, res, id);
	}
	struct part_save x = {r, res, &h, &d, &p, found};
	if ((e = store_tx(s, part_save_tx, &x)))
		return e;
	if (h.owner.kind == CHECK_OWNER_ANONYMOUS && found) {
		struct str token; /* keep the cookie as long as the draft it names */
		if (cookie_get(r, MANAGEMENT_COOKIE, &token) &&
		    (e = management_cookie_set(r, res, str_dup(r->arena, token),
		                               MANAGEMENT_ANONYMOUS_TTL)))
			return e;
	}
	if (str_eq_lit(p.action, "submit") && !(h.signed_in && !h.has_org))
		return submit_answers(r, res, &h, p.submit_token, p.version, true);
	const char *next = after_save(r, part, p.action);
	return next ? page_redirect(r, res, next) : MM_ERR_NOMEM;
}

/* ---- check your answers and submit ------------------------------------------ */

static enum mm_err check_question(struct req *r, struct val *ctx, struct val *items,
                                  struct val *open, const struct management_content *q, int part,
                                  int n, enum management_answer given, bool with_errors)
{
	struct arena *a = r->arena;
	const struct management_question_text *qt = management_question(q, r->lang, n);
	char *url = arena_printf(a, "/management/part/%d#q-%d", part, n);
	char *anchor = arena_printf(a, "q-%d", n);
	const char *const names[] = {"number"};
	const struct str values[] = {management_int(r, n)};
	bool answered = given != MANAGEMENT_ANSWER_NONE;
	struct val *iv = val_list_push_obj(a, items);
	if (!iv || !url || !anchor || !val_set_long(a, iv, "number", n) ||
	    !val_set_str(a, iv, "question", qt->question) ||
	    !val_set_bool(a, iv, "answered", answered) ||
	    !val_set_str(a, iv, "answer", management_answer_label(r, given)) ||
	    !val_set_str(a, iv, "answer_text",
	                 answered && given != MANAGEMENT_ANSWER_DONT_KNOW
	                     ? qt->levels[core_management_answer_level(given)]
	                     : STR("")) ||
	    !val_set_cstr(a, iv, "url", url) ||
	    !val_set_str(a, iv, "change",
	                 management_fill(r, "management.check.change_question", names, values, 1)))
		return MM_ERR_NOMEM;
	if (answered)
		return MM_OK;
	struct val *ov = val_list_push_obj(a, open);
	if (!ov || !val_set_long(a, ov, "number", n) || !val_set_cstr(a, ov, "url", url) ||
	    !val_set_str(a, ov, "question", qt->question))
		return MM_ERR_NOMEM;
	if (!with_errors)
		return MM_OK;
	struct val *errors = (struct val *)val_get(ctx, STR("errors"));
	struct val *ev = errors ? val_list_push_obj(a, errors) : NULL;
	if (!ev || !val_set_cstr(a, ev, "field", anchor) ||
	    !val_set_str(
	        a, ev, "message",
	        management_fill(r, "management.check.missing_question", names, values, 1)) ||
	    !val_set_bool(a, ctx, "has_errors", true))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err check_items(struct req *r, struct val *ctx, const struct management_content *q,
                               const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX],
                               bool with_errors)
{
	struct arena *a = r->arena;
	struct val *parts = val_set_list(a, ctx, "directives");
	struct val *open = val_set_list(a, ctx, "unanswered");
	enum mm_err e;
	if (!parts || !open)
		return MM_ERR_NOMEM;
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *pv = val_list_push_obj(a, parts);
		struct val *items = pv ? val_set_list(a, pv, "questions") : NULL;
		if (!items || !val_set_str(a, pv, "heading", management_directive_heading(r, q, d)))
			return MM_ERR_NOMEM;
		for (int k = 0; k < q->question_count[d - 1]; k++) {
			int n = q->questions_of[d - 1][k];
			if ((e = check_question(r, ctx, items, open, q, d, n, answers[n - 1],
			                        with_errors)))
				return e;
		}
	}
	return val_set_bool(a, ctx, "has_unanswered", open->n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err render_check(struct req *r, struct res *res, struct store *s,
                                struct management_taker *h, bool with_errors)
{
	struct check_draft d;
	struct webform f;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	bool found;
	enum mm_err e;
	if ((e = management_draft_find(r, s, h, &d, &found)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	core_management_answers_parse(d.answers, answers);
	const struct management_content *q = wording_of(d.version);
	if (!q)
		return MM_ERR_NOT_FOUND;
	struct arena *a = r->arena;
	size_t answered = core_management_answered_count(&q->layout, answers);
	const char *const names[] = {"answered", "total"};
	const struct str values[] = {management_int(r, (long)answered),
	                             management_int(r, q->layout.question_count)};
	if ((e = check_items(r, f.ctx, q, answers, with_errors)) ||
	    !val_set_str(a, f.ctx, "count",
	                 management_fill(r, "management.check.count", names, values, 2)) ||
	    !val_set_bool(a, f.ctx, "no_org", h->signed_in && !h->has_org) ||
	    !val_set_str(a, f.ctx, "submit_token", d.submit_token) ||
	    !val_set_str(a, f.ctx, "version", d.version) ||
	    !val_set_str(a, f.ctx, "org", management_taker_org_field(h)))
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, with_errors ? 422 : 200, "management_check", f.ctx,
	              page_t(r, "management.check.title"), true);
}

static enum mm_err page_management_check(struct req *r, struct res *res)
{
	struct management_taker h;
	enum mm_err e;
	if ((e = management_taker_load(r, r->store, &h)))
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
	char *url = arena_printf(r->arena, "/management/results/%lld", (long long)id);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* Inside submit_in_tx's transaction: the result of draft d, then the
 * draft gone. CONFLICT when the submit token made a result already. */
static enum mm_err submit_draft(struct req *r, struct store *s, const struct management_taker *h,
                                const struct check_draft *d, const struct management_content *q,
                                const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX],
                                int64_t *id)
{
	struct management_score score;
	struct management_result *res = arena_zalloc(r->arena, sizeof *res);
	enum mm_err e = core_management_score(&q->layout, answers, &score);
	if (e)
		return e;
	if (!res)
		return MM_ERR_NOMEM;
	res->user_id = r->user ? r->user->id : 0;
	res->taken_at = r->now;
	res->expires_at = r->now + MANAGEMENT_ANONYMOUS_TTL;
	res->version = d->version;
	res->submit_token = d->submit_token;
	res->scores.overall = score.overall;
	res->scores.dont_know = score.dont_know;
	for (int k = 0; k < MANAGEMENT_DIRECTIVES; k++)
		res->scores.directive[k] = score.directive[k];
	for (int i = 0; i < STORE_MANAGEMENT_QUESTIONS; i++) {
		const char *name =
		    i < MANAGEMENT_QUESTIONS_MAX ? core_management_answer_name(answers[i]) : NULL;
		res->answers[i] = str_from(name ? name : "");
	}
	if ((e = store_management_result_insert(s, &h->owner, res, id)))
		return e;
	/* an organisation's result joins its benchmarks in this transaction */
	if (h->owner.kind == CHECK_OWNER_ORG &&
	    (e = benchmark_place(r, s, BENCHMARK_MANAGEMENT, h->owner.id)))
		return e;
	return store_check_draft_delete(&STORE_MANAGEMENT_TABLES, s, d->id);
}

enum submit_outcome {
	SUBMIT_MADE,        /* a new result: *id */
	SUBMIT_MADE_BEFORE, /* the same submit token made result *id already */
	SUBMIT_INCOMPLETE,  /* questions are missing: the check page again, with errors */
	SUBMIT_STALE,       /* the form is not for the draft as it is now: 400 */
};

struct submit_tx {
	struct req *r;
	const struct management_taker *t;
	struct str token, version;
	bool from_part;
	struct check_draft d;
	enum submit_outcome outcome;
	int64_t id;
};

/* Writes only for SUBMIT_MADE; the other outcomes leave the store as it was. */
static enum mm_err submit_in_tx(struct store *s, void *arg)
{
	struct submit_tx *x = arg;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	bool found;
	enum mm_err e = x->token.n ? store_check_result_id_by_submit_token(&STORE_MANAGEMENT_TABLES,
	                                                                   s, x->token, &x->id)
	                           : MM_ERR_NOT_FOUND;
	if (e != MM_ERR_NOT_FOUND) {
		x->outcome = SUBMIT_MADE_BEFORE;
		return e;
	}
	if ((e = management_draft_find(x->r, s, x->t, &x->d, &found)))
		return e;
	x->outcome = SUBMIT_INCOMPLETE;
	if (!found)
		return MM_OK;
	if (x->from_part)
		x->token = x->d.submit_token;
	const struct management_content *q = management_content_find(x->d.version);
	if (!q || !str_eq(x->token, x->d.submit_token) || !str_eq(x->version, x->d.version)) {
		x->outcome = SUBMIT_STALE;
		return MM_OK;
	}
	core_management_answers_parse(x->d.answers, answers);
	if (!core_management_complete(&q->layout, answers))
		return MM_OK;
	x->outcome = SUBMIT_MADE;
	if ((e = submit_draft(x->r, s, x->t, &x->d, q, answers, &x->id)) || !x->t->has_org)
		return e;
	char *target = arena_printf(x->r->arena, "management result %lld", (long long)x->id);
	if (!target)
		return MM_ERR_NOMEM;
	return audit_log(x->r, "management.submit", 0, x->t->owner.id, str_from(target), AUDIT_OK,
	                 q->version);
}

static enum mm_err submit_answers(struct req *r, struct res *res, struct management_taker *h,
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

static enum mm_err page_management_submit_post(struct req *r, struct res *res)
{
	struct management_taker h;
	struct str org, token, version;
	enum mm_err e;
	if ((e = management_taker_load(r, r->store, &h)))
		return e;
	if (!submit_post_parse(r, &token, &version, &org) ||
	    !str_eq(org, management_taker_org_field(&h)) || (h.signed_in && !h.has_org)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	return submit_answers(r, res, &h, token, version, false);
}

/* This file's routes, in dispatch order (see management_routes.c). */
const struct route_table management_routes =
    ROUTE_TABLE(ROUTE_GET("/management", page_management, RIGHT_PUBLIC),
                ROUTE_FORM("/management/part/{n:1..10}", page_management_part,
                           page_management_part_post, RIGHT_PUBLIC),
                ROUTE_GET("/management/check", page_management_check, RIGHT_PUBLIC),
                ROUTE_POST("/management/submit", page_management_submit_post, RIGHT_PUBLIC));
