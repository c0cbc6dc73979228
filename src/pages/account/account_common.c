/*
 * account_common.c — see account_common.h.
 */
#include "pages/account/account_common.h"

#include <string.h>
#include <time.h>

#include "lib/utf8.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "pages/account/password.h"
#include "web/session.h"

bool account_email_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str n;
	if (utf8_nfkc(a, in, &n) || n.n < 3 || n.n > ACCOUNT_EMAIL_MAX_CHARS)
		return false;
	char *p = arena_strndup(a, n.p, n.n);
	if (!p)
		return false;
	int ats = 0;
	for (size_t i = 0; i < n.n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' ||
		    c == '"')
			return false;
		if (c >= 'A' && c <= 'Z')
			p[i] = (char)(c - 'A' + 'a');
		ats += c == '@';
	}
	long at = str_index(n, '@');
	if (ats != 1 || at < 1 || (size_t)at + 1 >= n.n || !memchr(p + at, '.', n.n - (size_t)at))
		return false;
	*out = (struct str){p, n.n};
	return true;
}

enum lang account_user_lang(const struct user *u)
{
	enum lang l = LANG_JA;
	return lang_from_code(u->lang, &l) ? l : LANG_JA;
}

enum mm_err account_link_create(struct store *s, struct arena *a, const struct link_token *t,
                                int64_t now, const char *path_prefix, char **link)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e;
	if ((e = token_new(text, hash)) || (e = store_link_insert(s, hash, t, now)))
		return e;
	*link = mail_link(a, arena_printf(a, "%s%s", path_prefix, text));
	return *link ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err account_link_gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 410, "link_gone", ctx, page_t(r, "link.gone_title"), NULL);
}

enum reauth_result account_reauth(struct req *r, struct webform *f, const char *action)
{
	struct store *s = store_thread();
	struct str password;
	int64_t by_email = 0, by_ip = 0, last = 0;
	if (kvlist_get_one(&r->form, "current_password", &password) != MM_OK)
		password = STR("");
	webform_set(f, "current_password", STR("")); /* never sent back */
	if (!s || store_login_failure_count(s, r->user->email, r->ip, r->now - REAUTH_WINDOW_S,
	                                    &by_email, &by_ip, &last))
		return REAUTH_ERROR;
	if (by_email >= REAUTH_MAX_FAILURES) {
		audit_log(r, action, 0, 0, r->user->email, AUDIT_DENIED, "throttled");
		webform_error(f, "current_password", "account_extras.reauth_throttled");
		return REAUTH_THROTTLED;
	}
	if (password.n == 0 || password.n > PASSWORD_MAX_BYTES ||
	    !password_verify(r->user->password_hash, password)) {
		if (store_login_failure_add(s, r->user->email, r->ip, r->now))
			return REAUTH_ERROR;
		audit_log(r, action, 0, 0, r->user->email, AUDIT_FAILED, "password");
		webform_error(f, "current_password", "account_extras.reauth_wrong");
		return REAUTH_WRONG;
	}
	return REAUTH_OK;
}

enum mm_err account_render(struct req *r, struct res *res, struct webform *f,
                           const char *template_name, const char *title_key, int status)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "account.title"), "/account") ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	if (status == 200 && !webform_ok(f))
		status = 422;
	return page_render(r, res, status, template_name, f->ctx, page_t(r, title_key), crumbs);
}
