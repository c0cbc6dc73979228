/*
 * unsubscribe.c — the one-click link of every reminder
 * (/unsubscribe/{token}, app/nudges.h): no log-in. The GET says whose
 * reminders stop and shows one button; its POST stops them (a link alone
 * never changes anything: mail scanners open links). An unknown token
 * gets the page of a link that does not work. A token names its account
 * only; stopping twice changes nothing.
 */
#include "pages/shared/titled.h"
#include "store/nudge.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"
#include "web/webform.h"

static enum mm_err link_user(struct req *r, int64_t *user_id, struct str *email)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	token_hash(req_param(r, "token"), hash);
	return store_unsubscribe_link_user(r->store, r->arena, hash, user_id, email);
}

static enum mm_err gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return titled_render(r, res, 410, "unsubscribe_gone", ctx, "nudge.gone.title", NULL, NULL);
}

static enum mm_err page_unsubscribe(struct req *r, struct res *res)
{
	int64_t user_id;
	struct str email;
	bool out;
	struct webform f;
	enum mm_err e = link_user(r, &user_id, &email);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	struct val *ctx = val_obj(r->arena);
	char *action = arena_printf(r->arena, "/unsubscribe/%.*s", (int)req_param(r, "token").n,
	                            req_param(r, "token").p);
	if (e || (e = store_nudge_opted_out(r->store, user_id, &out)))
		return e;
	if (!ctx || !action || (e = webform_init(&f, r, res, ctx)))
		return e ? e : MM_ERR_NOMEM;
	if (!val_set_str(r->arena, ctx, "email", email) ||
	    !val_set_cstr(r->arena, ctx, "action", action) ||
	    !val_set_bool(r->arena, ctx, "done", out))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "unsubscribe", ctx, "nudge.unsubscribe.title", NULL,
	                     NULL);
}

static enum mm_err page_unsubscribe_post(struct req *r, struct res *res)
{
	int64_t user_id;
	struct str email;
	enum mm_err e = link_user(r, &user_id, &email);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	if (e || (e = store_nudge_opt_out(r->store, user_id, r->now)))
		return e;
	audit_note(r, "nudge.opt_out", user_id, 0, STR(""), AUDIT_OK, "");
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_str(r->arena, ctx, "email", email) ||
	    !val_set_bool(r->arena, ctx, "done", true) ||
	    !val_set_cstr(r->arena, ctx, "action", ""))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "unsubscribe", ctx, "nudge.unsubscribe.title", NULL,
	                     NULL);
}

const struct route_table unsubscribe_routes = ROUTE_TABLE(ROUTE_FORM(
    "/unsubscribe/{token:token}", page_unsubscribe, page_unsubscribe_post, RIGHT_PUBLIC));
