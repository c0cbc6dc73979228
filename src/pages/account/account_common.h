/*
 * account_common.h — what the account pages (account*.c) and the
 * administrators' pages (admin*.c) share: reading an e-mail address the
 * way sign-up does, showing a moment in the reader's language, single-use
 * links, asking again for the current password before a sensitive change,
 * and the page for a link that can no longer be used.
 */
#ifndef MM_ACCOUNT_COMMON_H
#define MM_ACCOUNT_COMMON_H

#include "store/account.h"
#include "web/req.h"
#include "web/webform.h"

#define ACCOUNT_EMAIL_MAX_CHARS 254
#define ACCOUNT_CONFIRM_LINK_TTL (7 * 24 * 60 * 60) /* as for sign-up */
/* Re-entering the current password: failures count as failed log-ins of
 * the account, and after REAUTH_MAX_FAILURES within REAUTH_WINDOW_S the
 * form stops accepting attempts. */
#define REAUTH_WINDOW_S (60 * 60)
#define REAUTH_MAX_FAILURES 5

/* Lower-cased ASCII, NFKC-normalised, one '@' with a dot after it, no
 * spaces, controls or characters mail headers treat specially; at most
 * ACCOUNT_EMAIL_MAX_CHARS bytes. The same rules as sign-up. */
bool account_email_normalise(struct arena *a, struct str in, struct str *out);

/* The user's preferred language for mail (Japanese when unset). */
enum lang account_user_lang(const struct user *u);

/* Stores a new link token t (its hash only) and returns the absolute link
 * PATH_PREFIX + token in *link. */
enum mm_err account_link_create(struct store *s, struct arena *a, const struct link_token *t,
                                int64_t now, const char *path_prefix, char **link);

/* The 410 page for a used, expired or unknown link. */
enum mm_err account_link_gone(struct req *r, struct res *res);

enum reauth_result {
	REAUTH_OK,
	REAUTH_WRONG,
	REAUTH_THROTTLED,
	REAUTH_ERROR /* the database failed */
};

/* Checks the signed-in user's current password, taken from the form field
 * "current_password". A wrong password is recorded as a failed log-in and
 * audited as ACTION with outcome failed; the field gets the error. */
enum reauth_result account_reauth(struct req *r, struct webform *f, const char *action);

/* Renders a form page under "Account" in the breadcrumbs; 422 when the
 * form has errors (unless status says otherwise). */
enum mm_err account_render(struct req *r, struct res *res, struct webform *f,
                           const char *template_name, const char *title_key, int status);

#endif
