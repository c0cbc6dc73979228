/*
 * account_reauth.h — asking the signed-in user for the current password
 * again before a sensitive change (password, address, deletion). Failures
 * count as failed log-ins of the account and are audited; after
 * REAUTH_MAX_FAILURES within REAUTH_WINDOW_S the form stops accepting
 * attempts. The password typed is never sent back in the form, and this
 * must never be the only check of a change that an attacker with a
 * session cookie alone could make.
 */
#ifndef MM_PAGES_ACCOUNT_REAUTH_H
#define MM_PAGES_ACCOUNT_REAUTH_H

#include "web/req.h"
#include "web/webform.h"

#define REAUTH_WINDOW_S (60 * 60)
#define REAUTH_MAX_FAILURES 5

enum reauth_result {
	REAUTH_OK,
	REAUTH_WRONG,
	REAUTH_THROTTLED,
	REAUTH_ERROR /* the database failed */
};

/* Checks the signed-in user's current password, taken from the form field
 * "current_password". A wrong password is recorded as a failed log-in and
 * audited as ACTION with outcome failed; the field gets the error (an
 * empty field is asked for, not called wrong, and not counted). */
enum reauth_result account_reauth(struct req *r, struct webform *f, const char *action);

/* account_reauth(), answering a refusal itself: true when the password
 * is right; otherwise false after answering with the form page again
 * (template_name, title_key, see account_render), 429 when throttled, or
 * with *e set (the database failed). */
bool account_reauth_or_answer(struct req *r, struct res *res, struct webform *f, const char *action,
                              const char *template_name, const char *title_key, enum mm_err *e);

#endif
