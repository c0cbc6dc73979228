/*
 * account_reauth.c — see account_reauth.h.
 */
#include "pages/account/account_reauth.h"

#include "pages/account/account_form.h"
#include "pages/account/password.h"
#include "store/account.h"
#include "web/audit.h"

enum reauth_result account_reauth(struct req *r, struct webform *f, const char *action)
{
	struct store *s = r->store;
	struct str password;
	int64_t by_email = 0, by_ip = 0, last = 0;
	if (kvlist_get_one(&r->form, "current_password", &password) != MM_OK)
		password = STR("");
	if (webform_set(f, "current_password", STR(""))) /* never sent back */
		return REAUTH_ERROR;
	if (store_login_failure_count(s, r->user->email, r->ip, r->now - REAUTH_WINDOW_S, &by_email,
	                              &by_ip, &last))
		return REAUTH_ERROR;
	if (by_email >= REAUTH_MAX_FAILURES) {
		audit_note(r, action, 0, 0, r->user->email, AUDIT_DENIED, "throttled");
		webform_error(f, "current_password", "account_extras.reauth_throttled");
		return REAUTH_THROTTLED;
	}
	if (password.n == 0 || password.n > PASSWORD_MAX_BYTES ||
	    !password_verify(r->user->password_hash, password)) {
		if (store_login_failure_add(s, r->user->email, r->ip, r->now))
			return REAUTH_ERROR;
		audit_note(r, action, 0, 0, r->user->email, AUDIT_FAILED, "password");
		webform_error(f, "current_password", "account_extras.reauth_wrong");
		return REAUTH_WRONG;
	}
	return REAUTH_OK;
}

bool account_reauth_or_answer(struct req *r, struct res *res, struct webform *f, const char *action,
                              const char *template_name, const char *title_key, enum mm_err *e)
{
	enum reauth_result result = account_reauth(r, f, action);
	if (result == REAUTH_OK) {
		*e = MM_OK;
		return true;
	}
	*e = result == REAUTH_ERROR ? MM_ERR_DB
	                            : account_render(r, res, f, template_name, title_key,
	                                             result == REAUTH_THROTTLED ? 429 : 200);
	return false;
}
