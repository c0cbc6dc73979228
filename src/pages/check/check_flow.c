/*
 * check_flow.c — see check_flow.h.
 */
#include "pages/check/check_flow.h"

#include <sodium.h>
#include <string.h>

#include "pages/shared/benchmark_view.h"
#include "pages/shared/words.h"
#include "web/audit.h"
#include "web/page.h"
#include "view/i18n.h"
#include "web/webform.h"

/* Fields a part page may post besides its questions: csrf, version, org,
 * action, submit_token. */
#define CHECK_FORM_CONTROLS 5

static const char *const actions[] = {"next", "back", "later", "submit"};

/* ---- the taker --------------------------------------------------------------- */

enum mm_err check_taker_load(struct req *r, const struct check *c, struct check_taker *out)
{
	struct org_membership m;
	struct str token;
	memset(out, 0, sizeof *out);
	if (!r->user) {
		out->owner.kind = CHECK_OWNER_ANONYMOUS;
		out->has_token = cookie_get_token(r, c->cookie, &token);
		if (out->has_token)
			token_hash(token, out->owner.token_hash);
		return MM_OK;
	}
	out->signed_in = true;
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &m);
	if (e == MM_ERR_NOT_FOUND) {
		out->owner.kind = CHECK_OWNER_USER;
		out->owner.id = r->user->id;
		return MM_OK;
	}
	if (e || (e = store_org_by_id(r->store, r->arena, m.organisation_id, &out->org)))
		return e;
	out->has_org = true;
	out->owner.kind = CHECK_OWNER_ORG;
	out->owner.id = out->org.id;
	return MM_OK;
}

struct str check_taker_org_field(const struct check_taker *t)
{
	return t->has_org ? t->org.public_id : STR("");
}

enum mm_err check_cookie_set(struct req *r, struct res *res, const struct check *c,
                             const char *token, long max_age)
{
	return cookie_set(r, res, c->cookie, token, max_age);
}

bool check_cookie_matches(struct req *r, const struct check *c,
                          const unsigned char hash[TOKEN_HASH_BYTES])
{
	struct str token;
	unsigned char mine[TOKEN_HASH_BYTES];
	if (!cookie_get_token(r, c->cookie, &token))
		return false;
	token_hash(token, mine);
	return sodium_memcmp(mine, hash, TOKEN_HASH_BYTES) == 0;
}

struct check_result_head check_result_head_new(const struct req *r, const struct check_draft *d)
{
	return (struct check_result_head){.user_id = r->user ? r->user->id : 0,
	                                  .taken_at = r->now,
	                                  .expires_at = r->now + CHECK_ANONYMOUS_TTL,
	                                  .version = d->version,
	                                  .submit_token = d->submit_token};
}

/* ---- the draft ----------------------------------------------------------------- */

enum mm_err check_draft_find(struct req *r, struct store *s, const struct check *c,
                             const struct check_taker *t, struct check_draft *out, bool *found)
{
	const char *latest = c->latest_version();
	*found = false;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < CHECK_ANSWERS_MAX; i++)
		out->answers[i] = STR("");
	out->version = str_from(latest ? latest : "");
	out->submit_token = STR("");
	if (t->owner.kind == CHECK_OWNER_ANONYMOUS && !t->has_token)
		return MM_OK;
	enum mm_err e = store_check_draft_get(c->tables, s, r->arena, &t->owner, r->now, out);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	*found = true;
	return MM_OK;
}

/* The taker's draft, created (with a new anonymous cookie when needed)
 * when there is none. */
static enum mm_err draft_open(struct req *r, struct res *res, struct store *s,
                              const struct check *c, struct check_taker *t, struct check_draft *out)
{
	const char *latest = c->latest_version();
	char submit_token[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	bool found;
	int64_t id;
	enum mm_err e = check_draft_find(r, s, c, t, out, &found);
	if (e || found)
		return e;
	if (!latest)
		return MM_ERR_NOT_FOUND;
	if (t->owner.kind == CHECK_OWNER_ANONYMOUS && !t->has_token) {
		/* A visitor's first save: a new token, its hash stored, the
		 * token itself only in their cookie. A visitor who has one
		 * already keeps it, so that their earlier results stay theirs. */
		char token[TOKEN_TEXT_BYTES];
		if ((e = store_check_purge_expired(c->tables, s, r->now)) ||
		    (e = token_new(token, t->owner.token_hash)) ||
		    (e = check_cookie_set(r, res, c, token, CHECK_ANONYMOUS_TTL)))
			return e;
		t->has_token = true;
	}
	if ((e = token_new(submit_token, ignored)))
		return e;
	out->submit_token = str_from(arena_strdup(r->arena, submit_token));
	out->version = str_from(latest);
	if (!out->submit_token.p)
		return MM_ERR_NOMEM;
	e = store_check_draft_create(c->tables, s, &t->owner, out->version, out->submit_token,
	                             r->now, r->now + CHECK_ANONYMOUS_TTL, &id);
	if (e == MM_ERR_CONFLICT) /* another request made it a moment ago */
		return check_draft_find(r, s, c, t, out, &found);
	if (e)
		return e;
	out->id = id;
	out->updated_at = r->now;
	return MM_OK;
}

/* ---- attaching answers given before logging in ------------------------------ */

/* What claim_in_tx works on: whose answers to gather, and from where. */
struct claim_tx {
	const struct check *c;
	const struct check_taker *t;
	bool has_cookie;
	struct check_owner anonymous, own;
	struct check_claim *claim;
};

/* Moves the draft of owner `from` to `to` unless `to` has one (then it is
 * deleted). */
static enum mm_err claim_draft(struct req *r, struct claim_tx *x, struct store *s,
                               const struct check_owner *from, bool *target_has)
{
	struct check_draft d;
	enum mm_err e = store_check_draft_get(x->c->tables, s, r->arena, from, r->now, &d);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	if (*target_has) {
		x->claim->discarded = true;
		return store_check_draft_delete(x->c->tables, s, d.id);
	}
	*target_has = true;
	x->claim->moved = true;
	return store_check_draft_move(x->c->tables, s, d.id, &x->t->owner);
}

/* One transaction: the visitor's draft, then the user's own, join the
 * taker's; the visitor's results join the organisation. */
static enum mm_err claim_in_tx(struct req *r, struct store *s, void *arg)
{
	struct claim_tx *x = arg;
	const struct check_taker *t = x->t;
	struct check_draft existing;
	enum mm_err e =
	    store_check_draft_get(x->c->tables, s, r->arena, &t->owner, r->now, &existing);
	bool target_has = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (x->has_cookie && (e = claim_draft(r, x, s, &x->anonymous, &target_has)))
		return e;
	if (t->has_org && (e = claim_draft(r, x, s, &x->own, &target_has)))
		return e;
	if (t->has_org && x->has_cookie &&
	    (e = store_check_results_attach(x->c->tables, s, x->anonymous.token_hash, t->owner.id,
	                                    r->now, &x->claim->results)))
		return e;
	if (x->claim->results && (e = benchmark_place(r, s, x->c->benchmark, t->owner.id)))
		return e;
	if (!x->claim->moved && !x->claim->results)
		return MM_OK;
	char *action = arena_printf(r->arena, "%s.attach", x->c->name);
	return action ? audit_log(r, action, 0, t->has_org ? t->owner.id : 0, STR(""), AUDIT_OK,
	                          x->claim->results ? "results" : "draft")
	              : MM_ERR_NOMEM;
}

enum mm_err check_claim_answers(struct req *r, struct res *res, const struct check *c,
                                const struct check_taker *h, struct check_claim *out)
{
	struct claim_tx x = {.c = c,
	                     .t = h,
	                     .anonymous = {.kind = CHECK_OWNER_ANONYMOUS},
	                     .own = {.kind = CHECK_OWNER_USER, .id = r->user->id},
	                     .claim = out};
	struct str token;
	enum mm_err e;
	x.has_cookie = cookie_get(r, c->cookie, &token) && token.n == TOKEN_TEXT_BYTES - 1;
	memset(out, 0, sizeof *out);
	if (!x.has_cookie && !h->has_org)
		return MM_OK;
	if (x.has_cookie)
		token_hash(token, x.anonymous.token_hash);
	if ((e = page_tx(r, claim_in_tx, &x)))
		return e;
	/* Once everything is with the organisation the cookie has no use. */
	return h->has_org && x.has_cookie ? check_cookie_set(r, res, c, "", 0) : MM_OK;
}

static enum mm_err push_notice(struct req *r, const struct check *c, struct val *list,
                               const char *notice)
{
	char *key = arena_printf(r->arena, "%s.notice.%s", c->name, notice);
	struct val *v = key ? val_list_push_obj(r->arena, list) : NULL;
	return v && val_set_str(r->arena, v, "text", page_t(r, key)) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err check_start_notices(struct req *r, const struct check *c, struct val *ctx,
                                const struct check_claim *claim)
{
	struct val *list = val_set_list(r->arena, ctx, "notices");
	struct str notice;
	enum mm_err e = MM_OK;
	if (!list)
		return MM_ERR_NOMEM;
	if (claim->moved)
		e = push_notice(r, c, list, "attached");
	else if (claim->discarded)
		e = push_notice(r, c, list, "kept");
	if (!e && claim->results)
		e = push_notice(r, c, list, "results_attached");
	if (!e && kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK &&
	    str_eq_lit(notice, "saved"))
		e = push_notice(r, c, list, "saved");
	return e;
}

enum mm_err check_render(struct req *r, struct res *res, const struct check *c, int status,
                         const char *name, struct val *ctx, struct str title, bool under_start)
{
	struct val *crumbs = page_crumbs(r);
	char *start_title = arena_printf(r->arena, "%s.title", c->name);
	res->personal = true; /* the taker's own answers, an anonymous visitor's too */
	if (!crumbs || !start_title ||
	    (under_start && page_crumb(r, crumbs, page_t(r, start_title), c->base)) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, name, ctx, title, crumbs);
}

/* ---- the pages' common parts ---------------------------------------------------- */

/* A page of the check as the taker sees it: who, their draft, and the
 * page's values. */
struct check_page {
	struct check_taker h;
	struct check_draft d;
	bool found;
	struct val *ctx;
};

/* The start page's beginning: the taker, the answers they gave before
 * logging in claimed, their draft, and ctx with the notices. */
static enum mm_err start_open(struct req *r, struct res *res, const struct check *c,
                              struct check_page *p)
{
	struct check_claim claim = {0};
	enum mm_err e;
	p->ctx = val_obj(r->arena);
	if (!p->ctx)
		return MM_ERR_NOMEM;
	if ((e = check_taker_load(r, c, &p->h)))
		return e;
	if (p->h.signed_in && (e = check_claim_answers(r, res, c, &p->h, &claim)))
		return e;
	if ((e = check_draft_find(r, r->store, c, &p->h, &p->d, &p->found)))
		return e;
	return check_start_notices(r, c, p->ctx, &claim);
}

enum mm_err check_page_start(struct req *r, struct res *res, const struct check *c)
{
	struct arena *a = r->arena;
	struct check_page page, *p = &page;
	size_t answered;
	long total;
	int open;
	enum mm_err e;
	if ((e = start_open(r, res, c, p)) || (e = c->progress(&p->d, &answered, &total, &open)) ||
	    (c->start_ctx && (e = c->start_ctx(r, p->ctx, p->d.version))))
		return e;
	struct val *ctx = p->ctx;
	const struct check_taker *h = &p->h;
	char *next = open ? arena_printf(a, "%s/part/%d", c->base, open)
	                  : arena_printf(a, "%s/check", c->base);
	char *title = arena_printf(a, "%s.title", c->name);
	char *template = arena_printf(a, "%s_start", c->name);
	if (!next || !title || !template ||
	    !val_set_bool(a, ctx, "in_progress", p->found && answered > 0) ||
	    !val_set_str(a, ctx, "progress",
	                 c->progress_text(r, p->d.version, open ? open : 1, answered)) ||
	    !val_set_long(a, ctx, "answered", (long)answered) ||
	    !val_set_long(a, ctx, "total", total) || !val_set_cstr(a, ctx, "next_url", next) ||
	    !val_set_bool(a, ctx, "anonymous", !h->signed_in) ||
	    !val_set_bool(a, ctx, "no_org", h->signed_in && !h->has_org) ||
	    !val_set_bool(a, ctx, "has_org", h->has_org) ||
	    !val_set_str(a, ctx, "org_name", h->has_org ? h->org.name : STR("")))
		return MM_ERR_NOMEM;
	return check_render(r, res, c, 200, template, ctx, page_t(r, title), false);
}

/* A part or check page's taker (h, or loaded when NULL) and draft. */
static enum mm_err check_page_open(struct req *r, const struct check *c,
                                   const struct check_taker *h, struct check_page *p)
{
	enum mm_err e;
	p->ctx = NULL;
	if (h)
		p->h = *h;
	else if ((e = check_taker_load(r, c, &p->h)))
		return e;
	return check_draft_find(r, r->store, c, &p->h, &p->d, &p->found);
}

/* The fields every part page's form carries besides its questions (ctx, a
 * webform's), its progress among them. */
static enum mm_err check_part_fields(struct req *r, const struct check *c,
                                     const struct check_page *p, struct val *ctx, int part)
{
	struct arena *a = r->arena;
	const struct check_taker *h = &p->h;
	size_t answered;
	long total;
	int open;
	enum mm_err e = c->progress(&p->d, &answered, &total, &open);
	if (e)
		return e;
	if (!val_set_long(a, ctx, "part", part) ||
	    !val_set_str(a, ctx, "progress", c->progress_text(r, p->d.version, part, answered)) ||
	    !val_set_long(a, ctx, "answered", (long)answered) ||
	    !val_set_long(a, ctx, "total", total) ||
	    !val_set_str(a, ctx, "version", p->d.version) ||
	    !val_set_str(a, ctx, "org", check_taker_org_field(h)) ||
	    !val_set_str(a, ctx, "submit_token", p->d.submit_token) ||
	    !val_set_bool(a, ctx, "may_submit", !(h->signed_in && !h->has_org)) ||
	    !val_set_bool(a, ctx, "has_prev", part > 1) ||
	    !val_set_bool(a, ctx, "is_last", part == c->parts))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err check_page_part(struct req *r, struct res *res, const struct check *c)
{
	struct arena *a = r->arena;
	struct check_page p;
	struct webform f;
	struct val *ctx = val_obj(a);
	struct str heading;
	int part = (int)req_param_int(r, "n"); /* {n:1..parts} */
	char *template = arena_printf(a, "%s_part", c->name);
	enum mm_err e;
	if (!ctx || !template)
		return MM_ERR_NOMEM;
	/* The check's own values first: a part it cannot show is a 404
	 * before the form is begun. */
	if ((e = check_page_open(r, c, NULL, &p)) ||
	    (e = c->part_ctx(r, ctx, &p.d, part, &heading)) ||
	    (e = webform_init(&f, r, res, ctx)) || (e = check_part_fields(r, c, &p, ctx, part)))
		return e;
	if (!val_set_str(a, ctx, "heading", heading))
		return MM_ERR_NOMEM;
	return check_render(r, res, c, 200, template, ctx, heading, true);
}

enum mm_err check_question_add(struct req *r, const struct check *c, struct val *ctx,
                               struct val *items, const struct check_question *q, bool with_errors,
                               struct val **row)
{
	struct arena *a = r->arena;
	const char *const names[] = {"number"};
	const struct str values[] = {words_int(r, q->number)};
	char *url = arena_printf(a, "%s/part/%d#q-%d", c->base, q->part, q->number);
	char *change_key = arena_printf(a, "%s.check.change_question", c->name);
	struct val *iv = val_list_push_obj(a, items);
	if (!iv || !url || !change_key || !val_set_long(a, iv, "number", q->number) ||
	    !val_set_str(a, iv, "question", q->question) ||
	    !val_set_bool(a, iv, "answered", q->answered) ||
	    !val_set_str(a, iv, "answer", q->answer) || !val_set_cstr(a, iv, "url", url) ||
	    !val_set_str(a, iv, "change", words_fill(r, change_key, names, values, 1)))
		return MM_ERR_NOMEM;
	if (row)
		*row = iv;
	if (q->answered)
		return MM_OK;
	struct val *unanswered = (struct val *)val_get(ctx, STR("unanswered"));
	struct val *ov = unanswered ? val_list_push_obj(a, unanswered) : NULL;
	if (!ov || !val_set_long(a, ov, "number", q->number) || !val_set_cstr(a, ov, "url", url) ||
	    !val_set_str(a, ov, "question", q->question))
		return MM_ERR_NOMEM;
	if (!with_errors)
		return MM_OK;
	struct val *errors = (struct val *)val_get(ctx, STR("errors"));
	struct val *ev = errors ? val_list_push_obj(a, errors) : NULL;
	char *anchor = arena_printf(a, "q-%d", q->number);
	char *missing_key = arena_printf(a, "%s.check.missing_question", c->name);
	if (!ev || !anchor || !missing_key || !val_set_cstr(a, ev, "field", anchor) ||
	    !val_set_str(a, ev, "message", words_fill(r, missing_key, names, values, 1)) ||
	    !val_set_bool(a, ctx, "has_errors", true))
		return MM_ERR_NOMEM;
	return MM_OK;
}

struct val *check_part_question_add(struct req *r, const struct check *c, struct val *list, int n,
                                    struct str question, struct val **options)
{
	struct arena *a = r->arena;
	struct val *v = val_list_push_obj(a, list);
	char *field = arena_printf(a, "%s%d", c->field_prefix, n);
	*options = v ? val_set_list(a, v, "options") : NULL;
	if (!*options || !field || !val_set_long(a, v, "number", n) ||
	    !val_set_cstr(a, v, "field", field) || !val_set_str(a, v, "question", question))
		return NULL;
	return v;
}

struct val *check_option_add(struct req *r, const struct check *c, struct val *options, int n,
                             const char *name, struct str label, bool checked)
{
	struct arena *a = r->arena;
	struct val *o = val_list_push_obj(a, options);
	char *id = arena_printf(a, "%s%d-%s", c->field_prefix, n, name);
	if (!o || !id || !val_set_cstr(a, o, "value", name) || !val_set_cstr(a, o, "id", id) ||
	    !val_set_str(a, o, "label", label) || !val_set_bool(a, o, "checked", checked))
		return NULL;
	return o;
}

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
	if (!x->found && (e = draft_open(r, x->res, s, x->c, x->h, x->d)))
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
