/*
 * account_reauth.c — see account_reauth.h.
 */
#include "pages/account/account_reauth.h"

#include "pages/account/account_form.h"
#include "pages/account/login_throttle.h"
#include "pages/account/password.h"
#include "store/account.h"
#include "web/audit.h"

/* Only the account (or this device) counts: the user is signed in. */
static const struct login_rule REAUTH_RULE = {
    .window_s = REAUTH_WINDOW_S,
    .free_account = REAUTH_MAX_FAILURES,
    .delay_first_s = REAUTH_WINDOW_S,
    .delay_max_s = REAUTH_WINDOW_S,
};

enum reauth_result account_reauth(struct req *r, struct webform *f, const char *action)
{
	struct str password;
	struct login_guess g;
	if (webform_take_password(f, "current_password", &password))
		return REAUTH_ERROR;
	if (password.n == 0 || password.n > PASSWORD_MAX_BYTES) {
		webform_error(f, "current_password",
		              password.n ? "account_extras.reauth_wrong"
		                         : "account_extras.reauth_missing");
		return REAUTH_WRONG;
	}
	/* Counted before the hash is computed (login_throttle.h). */
	if (login_guess_begin(r, r->user->email, &REAUTH_RULE, &g))
		return REAUTH_ERROR;
	if (g.wait > 0) {
		audit_note(r, action, 0, 0, r->user->email, AUDIT_DENIED, "throttled");
		webform_error(f, "current_password", "account_extras.reauth_throttled");
		return REAUTH_THROTTLED;
	}
	if (!password_verify(r->user->password_hash, password)) {
		audit_note(r, action, 0, 0, r->user->email, AUDIT_FAILED, "password");
		webform_error(f, "current_password", "account_extras.reauth_wrong");
		return REAUTH_WRONG;
	}
	return login_guess_right(r, r->user->email, &g) ? REAUTH_ERROR : REAUTH_OK;
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
