/*
 * news_digest.c — "/account/news-digest": a signed-in user asks for the
 * weekly news digest (app/news_digest.h) or stops it. Only r->user's own
 * choice is read or written. Every digest also carries a one-click link
 * that stops it without signing in (pages/nudge/unsubscribe.c).
 */
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "store/news.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"on", "off"};

static enum mm_err page_news_digest(struct req *r, struct res *res)
{
	bool on;
	struct webform f;
	enum mm_err e = store_news_digest_subscribed(r->store, r->user->id, &on);
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = notice_set(r, f.ctx, "news.digest.notice", notices, 2)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "on", on) ||
	    !val_set_str(r->arena, f.ctx, "email", r->user->email))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "news_digest", f.ctx, "news.digest.title",
	                     "account.title", "/account");
}

struct choice {
	bool on;
};

static enum mm_err choose_tx(struct req *r, struct store *s, void *arg)
{
	struct choice *c = arg;
	enum mm_err e = c->on ? store_news_digest_subscribe(s, r->user->id, r->now)
	                      : store_news_digest_unsubscribe(s, r->user->id);
	if (e)
		return e;
	return audit_log(r, c->on ? "news.digest_opt_in" : "news.digest_opt_out", 0, 0,
	                 r->user->email, AUDIT_OK, NULL);
}

static enum mm_err page_news_digest_post(struct req *r, struct res *res)
{
	struct str v;
	struct choice c = {.on = kvlist_get_one(&r->form, "digest", &v) == MM_OK &&
	                         str_eq_lit(v, "1")};
	enum mm_err e = page_tx(r, choose_tx, &c);
	if (e)
		return e;
	return page_redirect(
	    r, res, c.on ? "/account/news-digest?notice=on" : "/account/news-digest?notice=off");
}

/* This file's routes, in dispatch order (see news_routes.c). */
const struct route_table news_digest_routes = ROUTE_TABLE(
    ROUTE_FORM("/account/news-digest", page_news_digest, page_news_digest_post, RIGHT_USER));
