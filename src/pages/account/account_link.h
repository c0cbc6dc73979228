/*
 * account_link.h — the single-use links mailed to account holders:
 * confirming the address (/confirm/…), resetting a password
 * (/password/reset/…), changing the address (/account/email/confirm/…) and
 * an administrator's welcome (/admin/welcome/…). Making one, using one to
 * set a password, and the page for a link that can no longer be used.
 *
 * Only the hash of a token is stored; its text exists in the mail alone.
 * A link must never be used up by a GET (mail scanners follow links), nor
 * outside the write transaction of the change it allows, so a change that
 * fails leaves the link usable.
 */
#ifndef MM_PAGES_ACCOUNT_LINK_H
#define MM_PAGES_ACCOUNT_LINK_H

#include "store/account.h"
#include "web/req.h"
#include "web/session.h"

#define ACCOUNT_CONFIRM_LINK_TTL (7 * 24 * 60 * 60) /* sign-up, and an administrator's resend */

/* A confirmation link signs in only the browser that asked for it (the
 * sign-up form, or a log-in with the password of an unconfirmed account):
 * that browser keeps a random secret in this cookie, and the link's token
 * is a one-way hash of it. Anyone else holding the link (a forwarded mail,
 * a proxy's log, someone who signed up with another person's address and
 * waits for them to click) must type the account's password on the
 * confirmation page. */
#define CONFIRM_BROWSER_COOKIE "mamori_signup"

/* A new secret for the cookie and the token text derived from it. */
void account_confirm_token_new(char secret[TOKEN_TEXT_BYTES], char token[TOKEN_TEXT_BYTES]);
/* Keeps secret in this browser for as long as its link lives ("" clears it). */
enum mm_err account_confirm_cookie_set(struct req *r, struct res *res, const char *secret);
/* Whether this browser's cookie holds the secret of the route's {token}. */
bool account_confirm_same_browser(struct req *r);

/* Stores a new link token t (its hash only) and returns the absolute link
 * PATH_PREFIX + token in *link. Call inside the transaction that queues
 * the mail carrying it. */
MM_MUST_USE enum mm_err account_link_create(struct store *s, struct arena *a,
                                            const struct link_token *t, int64_t now,
                                            const char *path_prefix, char **link);
/* The same with the token text given (account_confirm_token_new). */
MM_MUST_USE enum mm_err account_link_create_with(struct store *s, struct arena *a,
                                                 const struct link_token *t, int64_t now,
                                                 const char *path_prefix, const char *text,
                                                 char **link);

/* Uses the route's {token} as a PURPOSE link (its hash looked up and
 * marked used: call inside the write transaction of the change it allows);
 * the link goes to *t. MM_ERR_NOT_FOUND when it is used, expired or
 * unknown (answer with account_link_gone). */
MM_MUST_USE enum mm_err account_link_use(struct req *r, struct store *s, enum link_purpose purpose,
                                         struct link_token *t);

/* Uses the route's {token} as a PURPOSE link and, in one transaction, sets
 * the password of its account, ends the account's sessions, revokes every
 * other link of the account and marks its address confirmed, with the
 * audit line audit_action (actor and target: the account and its
 * address); the user goes to *u. MM_ERR_NOT_FOUND when the link is used,
 * expired or unknown (answer with account_link_gone); MM_ERR_INVALID with
 * *problem (a catalogue key) when the password is refused: a reset link
 * then stays usable for a better one, an administrator's welcome
 * (LINK_ADMIN, which makes an administrator) is spent all the same. */
MM_MUST_USE enum mm_err account_link_set_password(struct req *r, enum link_purpose purpose,
                                                  const char *audit_action, struct str password,
                                                  struct user *u, const char **problem);

/* The 410 page for a used, expired or unknown link. */
MM_MUST_USE enum mm_err account_link_gone(struct req *r, struct res *res);

#endif
