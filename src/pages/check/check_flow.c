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
#include "web/webform.h"

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

enum mm_err check_draft_open(struct req *r, struct res *res, struct store *s, const struct check *c,
                             struct check_taker *t, struct check_draft *out)
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

enum mm_err check_page_open(struct req *r, const struct check *c, const struct check_taker *h,
                            struct check_page *p)
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
