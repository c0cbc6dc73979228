/*
 * unsubscribe.c — the one-click link of every reminder (app/nudges.h)
 * and of every news digest (app/news_digest.h): /unsubscribe/{token}, no
 * log-in. The GET says whose mail stops and shows one button; its POST
 * stops it (a link alone never changes anything: mail scanners open
 * links). /unsubscribe/{token}/one-click is the same stop for the mail
 * program's own button (List-Unsubscribe-Post, RFC 8058): a POST with no
 * cookie and no form of ours, the token in its URL being the proof. An
 * unknown token gets the page of a link that does not work. A token names
 * its account and what it stops; stopping twice changes nothing.
 */
#include "pages/shared/titled.h"
#include "store/news.h"
#include "store/nudge.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"
#include "web/webform.h"

static enum mm_err link_of(struct req *r, struct unsubscribe_link *link)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	token_hash(req_param(r, "token"), hash);
	return store_unsubscribe_link_user(r->store, r->arena, hash, link);
}

static enum mm_err gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return titled_render(r, res, 410, "unsubscribe_gone", ctx, "nudge.gone.title", NULL, NULL);
}

static bool is_digest(const struct unsubscribe_link *link)
{
	return link->purpose == UNSUBSCRIBE_NEWS_DIGEST;
}

/* Whether the link's mail is stopped already. */
static enum mm_err stopped(struct req *r, const struct unsubscribe_link *link, bool *out)
{
	if (!is_digest(link))
		return store_nudge_opted_out(r->store, link->user_id, out);
	bool on;
	enum mm_err e = store_news_digest_subscribed(r->store, link->user_id, &on);
	*out = !on;
	return e;
}

static enum mm_err stop(struct req *r, const struct unsubscribe_link *link)
{
	if (is_digest(link))
		return store_news_digest_unsubscribe(r->store, link->user_id);
	return store_nudge_opt_out(r->store, link->user_id, r->now);
}

static enum mm_err render(struct req *r, struct res *res, struct val *ctx,
                          const struct unsubscribe_link *link, bool done, const char *action)
{
	if (!val_set_str(r->arena, ctx, "email", link->email) ||
	    !val_set_cstr(r->arena, ctx, "action", action) ||
	    !val_set_bool(r->arena, ctx, "done", done) ||
	    !val_set_bool(r->arena, ctx, "digest", is_digest(link)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "unsubscribe", ctx,
	                     is_digest(link) ? "nudge.unsubscribe.digest_title"
	                                     : "nudge.unsubscribe.title",
	                     NULL, NULL);
}

static enum mm_err page_unsubscribe(struct req *r, struct res *res)
{
	struct unsubscribe_link link;
	bool out;
	struct webform f;
	enum mm_err e = link_of(r, &link);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	struct val *ctx = val_obj(r->arena);
	char *action = arena_printf(r->arena, "/unsubscribe/%.*s", (int)req_param(r, "token").n,
	                            req_param(r, "token").p);
	if (e || (e = stopped(r, &link, &out)))
		return e;
	if (!ctx || !action || (e = webform_init(&f, r, res, ctx)))
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, ctx, &link, out, action);
}

static enum mm_err stop_by_link(struct req *r, struct unsubscribe_link *link)
{
	enum mm_err e = link_of(r, link);
	if (e || (e = stop(r, link)))
		return e;
	audit_note(r, is_digest(link) ? "news.digest_opt_out" : "nudge.opt_out", link->user_id, 0,
	           STR(""), AUDIT_OK, "");
	return MM_OK;
}

static enum mm_err page_unsubscribe_post(struct req *r, struct res *res)
{
	struct unsubscribe_link link;
	enum mm_err e = stop_by_link(r, &link);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	struct val *ctx = val_obj(r->arena);
	if (e || !ctx)
		return e ? e : MM_ERR_NOMEM;
	return render(r, res, ctx, &link, true, "");
}

/* RFC 8058: the body is "List-Unsubscribe=One-Click"; anything else is
 * not a mail program's button. The answer is for a program: a short text. */
static enum mm_err page_unsubscribe_one_click(struct req *r, struct res *res)
{
	struct unsubscribe_link link;
	struct str v;
	if (kvlist_get_one(&r->form, "List-Unsubscribe", &v) != MM_OK ||
	    !str_eq_lit(v, "One-Click")) {
		page_error(r, res, 400);
		return MM_OK;
	}
	enum mm_err e = stop_by_link(r, &link);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	if (e)
		return e;
	return page_text(r, res, 200, "text/plain; charset=utf-8",
	                 page_t(r, "nudge.unsubscribe.one_click_done"));
}

const struct route_table unsubscribe_routes = ROUTE_TABLE(
    ROUTE_FORM("/unsubscribe/{token:token}", page_unsubscribe, page_unsubscribe_post, RIGHT_PUBLIC),
    ROUTE_POST("/unsubscribe/{token:token}/one-click", page_unsubscribe_one_click, RIGHT_LINK));
