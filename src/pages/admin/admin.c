/*
 * admin.c — administrators: their creation from the command line
 * (admin_create), the welcome link that sets their password
 * (/admin/welcome/{token}), the overview (/admin) and the audit log
 * (/admin/audit), plus the helpers every page under /admin shares
 * (see web/admin.h).
 *
 * The router lets only administrators reach /admin pages (others get 404,
 * so the area's existence does not show); the welcome link is the one
 * public page, and it needs a token only the command line hands out.
 * Every change an administrator makes is audited.
 */
#include "pages/admin/admin.h"

#include <sodium.h>

#include "lib/utf8.h"
#include "pages/account/account_common.h"
#include "web/audit.h"
#include "web/page.h"
#include "pages/admin/admin_routes.h"
#include "pages/account/password.h"
#include "web/session.h"
#include "web/webform.h"

#define ADMIN_OVERVIEW_WINDOW_S (24 * 60 * 60) /* "recent" on the overview */
#define ADMIN_OVERVIEW_ENTRIES 10
#define ADMIN_ACTION_MAX_CHARS 64

/* ---- command line -------------------------------------------------------- */

/* A new account's password: the hash of random bytes no one ever sees, so
 * the account cannot be used until the welcome link sets one (and logging
 * in to it costs the same time as to any other account). */
static enum mm_err unusable_password(char hash[PASSWORD_HASH_BYTES])
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, ignored);
	if (!e)
		e = password_hash(str_from(text), hash);
	sodium_memzero(text, sizeof text);
	return e;
}

static enum mm_err admin_account(struct store *s, struct arena *a, struct str email, int64_t now,
                                 int64_t *id, bool *created)
{
	struct user u;
	enum mm_err e = store_user_by_email(s, a, email, &u);
	if (e == MM_OK) {
		*id = u.id;
		*created = false;
		return store_admin_user_promote(s, u.id);
	}
	if (e != MM_ERR_NOT_FOUND)
		return e;
	char hash[PASSWORD_HASH_BYTES];
	if ((e = unusable_password(hash)))
		return e;
	struct user fresh = {.email = email,
	                     .password_hash = str_from(hash),
	                     .lang = STR("ja"),
	                     .is_admin = true,
	                     .created_at = now};
	*created = true;
	return store_user_insert(s, &fresh, id);
}

enum mm_err admin_create(struct store *s, struct arena *a, struct str email_in, int64_t now,
                         char **link, bool *created)
{
	struct str email;
	int64_t id = 0;
	enum mm_err e;
	if (sodium_init() < 0)
		return MM_ERR_IO;
	if (!utf8_valid(email_in) || !account_email_normalise(a, email_in, &email))
		return MM_ERR_INVALID;
	if ((e = store_begin(s)))
		return e;
	e = admin_account(s, a, email, now, &id, created);
	struct link_token t = {
	    .purpose = LINK_ADMIN, .user_id = id, .expires_at = now + ADMIN_WELCOME_LINK_TTL};
	struct audit_entry entry = {.at = now,
	                            .ip = STR(""),
	                            .action = STR("admin.create"),
	                            .target = email,
	                            .detail = *created ? STR("command line, new account")
	                                               : STR("command line"),
	                            .outcome = AUDIT_OK};
	if (e || (e = account_link_create(s, a, &t, now, "/admin/welcome/", link)) ||
	    (e = store_audit_insert(s, &entry)) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return MM_OK;
}

/* ---- helpers shared by the admin pages ---------------------------------- */

bool admin_page_number(struct req *r, int64_t *page)
{
	struct str text;
	long n;
	enum mm_err e = kvlist_get_one(&r->query_fields, "page", &text);
	if (e == MM_ERR_NOT_FOUND) {
		*page = 1;
		return true;
	}
	if (e || str_to_long(text, 1, ADMIN_PAGE_MAX, &n))
		return false;
	*page = n;
	return true;
}

bool admin_query_text(struct req *r, const char *name, size_t max_chars, struct str *out)
{
	enum mm_err e = kvlist_get_one(&r->query_fields, name, out);
	if (e == MM_ERR_NOT_FOUND) {
		*out = STR("");
		return true;
	}
	if (e)
		return false;
	*out = str_trim(*out);
	return utf8_length(*out) <= max_chars;
}

bool admin_id_param(struct req *r, int64_t *id)
{
	long n;
	if (str_to_long(req_param(r, "id"), 1, INT32_MAX, &n))
		return false;
	*id = n;
	return true;
}

static char *page_url(struct req *r, const char *path, const struct admin_param *params,
                      size_t n_params, int64_t page)
{
	struct buf b;
	buf_init(&b, r->arena, REQ_MAX_URL);
	if (buf_append_cstr(&b, path) || buf_append_char(&b, '?'))
		return NULL;
	for (size_t i = 0; i < n_params; i++) {
		if (params[i].value.n == 0)
			continue;
		if (buf_append_cstr(&b, params[i].name) || buf_append_char(&b, '=') ||
		    buf_append_urlenc(&b, params[i].value) || buf_append_char(&b, '&'))
			return NULL;
	}
	if (buf_printf(&b, "page=%lld", (long long)page))
		return NULL;
	return buf_cstr(&b);
}

enum mm_err admin_pagination(struct req *r, struct val *ctx, int64_t page, int64_t total,
                             const char *path, const struct admin_param *params, size_t n_params)
{
	struct arena *a = r->arena;
	int64_t pages = total > 0 ? (total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE : 1;
	if (pages > ADMIN_PAGE_MAX)
		pages = ADMIN_PAGE_MAX;
	bool has_prev = page > 1, has_next = page < pages;
	char *prev = page_url(r, path, params, n_params, has_prev ? page - 1 : 1);
	char *next = page_url(r, path, params, n_params, has_next ? page + 1 : pages);
	struct val *p = val_set_obj(a, ctx, "pagination");
	if (!prev || !next || !p || !val_set_long(a, p, "page", (long)page) ||
	    !val_set_long(a, p, "pages", (long)pages) ||
	    !val_set_long(a, p, "total", (long)total) ||
	    !val_set_bool(a, p, "has_prev", has_prev) ||
	    !val_set_bool(a, p, "has_next", has_next) || !val_set_cstr(a, p, "prev_url", prev) ||
	    !val_set_cstr(a, p, "next_url", next) || !val_set_bool(a, p, "several", pages > 1))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static const char *const outcome_keys[] = {"admin.outcome_ok", "admin.outcome_denied",
                                           "admin.outcome_failed"};

enum mm_err admin_audit_entries(struct req *r, struct val *ctx, const struct admin_audit_row *rows,
                                size_t n)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "entries");
	if (!list || !val_set_bool(a, ctx, "has_entries", n > 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct admin_audit_row *row = &rows[i];
		struct val *item = val_list_push_obj(a, list);
		char *actor_url =
		    arena_printf(a, "/admin/users/%lld", (long long)row->e.actor_user_id);
		if (!item || !val_set_cstr(a, item, "at", page_format_time(r, row->e.at)) ||
		    !val_set_str(a, item, "action", row->e.action) ||
		    !val_set_bool(a, item, "has_actor", row->e.actor_user_id != 0) ||
		    !val_set_cstr(a, item, "actor_url", actor_url) ||
		    !val_set_str(a, item, "actor_email", row->actor_email) ||
		    !val_set_str(a, item, "organisation", row->organisation_name) ||
		    !val_set_str(a, item, "target", row->e.target) ||
		    !val_set_str(a, item, "outcome", page_t(r, outcome_keys[row->e.outcome])) ||
		    !val_set_bool(a, item, "failed", row->e.outcome != AUDIT_OK) ||
		    !val_set_str(a, item, "ip", row->e.ip) ||
		    !val_set_str(a, item, "detail", row->e.detail))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

enum mm_err admin_render(struct req *r, struct res *res, int status, const char *template_name,
                         struct val *ctx, struct str title, const char *parent_key,
                         const char *parent_url)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "admin.title"), "/admin") ||
	    (parent_key && page_crumb(r, crumbs, page_t(r, parent_key), parent_url)) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, title, crumbs);
}

/* ---- overview ------------------------------------------------------------ */

static enum mm_err set_counts(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct admin_counts c;
	enum mm_err e = store_admin_counts(store_thread(), r->now - ADMIN_OVERVIEW_WINDOW_S, &c);
	if (e)
		return e;
	struct val *o = val_set_obj(a, ctx, "counts");
	if (!o || !val_set_long(a, o, "users", (long)c.users) ||
	    !val_set_long(a, o, "admins", (long)c.admins) ||
	    !val_set_long(a, o, "unconfirmed", (long)c.unconfirmed) ||
	    !val_set_long(a, o, "disabled", (long)c.disabled) ||
	    !val_set_long(a, o, "organisations", (long)c.organisations) ||
	    !val_set_long(a, o, "audit_recent", (long)c.audit_recent) ||
	    !val_set_long(a, o, "failed_logins_recent", (long)c.failed_logins_recent))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err page_admin(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct admin_audit_filter filter = {.action_prefix = STR("")};
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	enum mm_err e;
	struct val *ctx = val_obj(r->arena);
	if (!s)
		return MM_ERR_DB;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = set_counts(r, ctx)) ||
	    (e = store_admin_audit_search(s, r->arena, &filter, 0, ADMIN_OVERVIEW_ENTRIES, &rows,
	                                  &n, &total)) ||
	    (e = admin_audit_entries(r, ctx, rows, n)))
		return e;
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "admin.title"), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "admin_overview", ctx, page_t(r, "admin.title"), crumbs);
}

/* ---- audit log ----------------------------------------------------------- */

/* ?user= is an account number or an e-mail address; an address no account
 * has selects nothing (-1). */
static enum mm_err audit_user_filter(struct req *r, struct str text, int64_t *user_id)
{
	long n;
	struct str email;
	struct user u;
	*user_id = 0;
	if (text.n == 0)
		return MM_OK;
	if (str_to_long(text, 1, INT32_MAX, &n) == MM_OK) {
		*user_id = n;
		return MM_OK;
	}
	*user_id = -1;
	if (!account_email_normalise(r->arena, text, &email))
		return MM_OK;
	enum mm_err e = store_user_by_email(store_thread(), r->arena, email, &u);
	if (e == MM_OK)
		*user_id = u.id;
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

enum mm_err page_admin_audit(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct str action, user;
	int64_t page;
	struct admin_audit_filter filter = {.by_subject = true};
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	enum mm_err e;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	if (!admin_page_number(r, &page) ||
	    !admin_query_text(r, "action", ADMIN_ACTION_MAX_CHARS, &action) ||
	    !admin_query_text(r, "user", ADMIN_QUERY_MAX_CHARS, &user)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	filter.action_prefix = action;
	if ((e = audit_user_filter(r, user, &filter.user_id)))
		return e;
	if ((e = store_admin_audit_search(store_thread(), a, &filter, (page - 1) * ADMIN_PAGE_SIZE,
	                                  ADMIN_PAGE_SIZE, &rows, &n, &total)) ||
	    (e = admin_audit_entries(r, ctx, rows, n)))
		return e;
	const struct admin_param params[] = {{"action", action}, {"user", user}};
	if ((e = admin_pagination(r, ctx, page, total, "/admin/audit", params, 2)))
		return e;
	if (!val_set_str(a, ctx, "action", action) || !val_set_str(a, ctx, "user", user))
		return MM_ERR_NOMEM;
	return admin_render(r, res, 200, "admin_audit", ctx, page_t(r, "admin.audit_title"), NULL,
	                    NULL);
}

/* ---- the welcome link ------------------------------------------------------ */

static enum mm_err welcome_form(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(f, "password", STR(""))))
		return e;
	return val_set_str(r->arena, f->ctx, "token", req_param(r, "token")) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err welcome_render(struct req *r, struct res *res, struct webform *f)
{
	return page_render(r, res, webform_ok(f) ? 200 : 422, "admin_welcome", f->ctx,
	                   page_t(r, "admin.welcome_title"), NULL);
}

enum mm_err page_admin_welcome(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = welcome_form(r, res, &f);
	return e ? e : welcome_render(r, res, &f);
}

enum mm_err page_admin_welcome_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct webform f;
	struct link_token t;
	struct user u;
	struct str password;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = welcome_form(r, res, &f)))
		return e;
	if (kvlist_get_one(&r->form, "password", &password) != MM_OK)
		password = STR("");
	token_hash(req_param(r, "token"), hash);
	if ((e = store_begin(s)))
		return e;
	e = store_link_use(s, r->arena, LINK_ADMIN, hash, r->now, &t);
	if (!e)
		e = store_user_by_id(s, r->arena, t.user_id, &u);
	if (e == MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return account_link_gone(r, res);
	}
	if (e) {
		store_rollback(s);
		return e;
	}
	const char *problem = password_problem(password, u.email);
	if (problem) {
		store_rollback(s); /* the link stays usable for a better password */
		webform_error(&f, "password", problem);
		return welcome_render(r, res, &f);
	}
	char pw_hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(password, pw_hash)) ||
	    (e = store_user_set_password(s, u.id, str_from(pw_hash))) ||
	    (e = store_session_delete_user(s, u.id, 0)) ||
	    (e = store_user_confirm(s, u.id, r->now)) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	audit_log(r, "admin.welcome", u.id, 0, STR(""), AUDIT_OK, "");
	return page_redirect(r, res, "/login?notice=reset");
}
