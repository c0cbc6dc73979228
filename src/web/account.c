/*
 * account.c — "/account": who I am, my sessions (with "log out
 * everywhere else").
 */
#include <time.h>

#include "store/account.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/session.h"
#include "web/webform.h"

static char *format_time(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char *date = i18n_format_date(r->arena, r->lang, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return date ? arena_printf(r->arena, "%s %02d:%02d UTC", date, tm.tm_hour, tm.tm_min) : NULL;
}

enum mm_err page_account(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct store *s = store_thread();
	struct session *sessions;
	size_t n;
	struct webform f;
	struct str notice;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = store_session_list(s, a, r->user->id, &sessions, &n)) ||
	    (e = webform_init(&f, r, res, val_obj(a))))
		return e;
	struct val *list = val_set_list(a, f.ctx, "sessions");
	for (size_t i = 0; i < n; i++) {
		struct val *item = val_list_push_obj(a, list);
		if (!item || !val_set_cstr(a, item, "last_seen", format_time(r, sessions[i].last_seen_at)) ||
		    !val_set_cstr(a, item, "created", format_time(r, sessions[i].created_at)) ||
		    !val_set_str(a, item, "ip", sessions[i].ip) || !val_set_str(a, item, "user_agent", sessions[i].user_agent) ||
		    !val_set_bool(a, item, "current", sessions[i].id == r->session->id))
			return MM_ERR_NOMEM;
	}
	const char *notice_text = "";
	if (kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK) {
		if (str_eq_lit(notice, "confirmed"))
			notice_text = str_dup(a, page_t(r, "notice.confirmed"));
		else if (str_eq_lit(notice, "sessions_ended"))
			notice_text = str_dup(a, page_t(r, "notice.sessions_ended"));
	}
	if (!val_set_str(a, f.ctx, "email", r->user->email) || !val_set_bool(a, f.ctx, "other_sessions", n > 1) ||
	    !val_set_cstr(a, f.ctx, "notice", notice_text))
		return MM_ERR_NOMEM;
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "account.title"), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "account", f.ctx, page_t(r, "account.title"), crumbs);
}

enum mm_err page_account_sessions_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = store_session_delete_user(s, r->user->id, r->session->id)))
		return e;
	audit_log(r, "sessions.end_others", 0, 0, r->user->email, AUDIT_OK, "");
	return page_redirect(r, res, "/account?notice=sessions_ended");
}
