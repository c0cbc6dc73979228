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

#define ACCOUNT_CONFIRM_LINK_TTL (7 * 24 * 60 * 60) /* sign-up, and an administrator's resend */

/* Stores a new link token t (its hash only) and returns the absolute link
 * PATH_PREFIX + token in *link. Call inside the transaction that queues
 * the mail carrying it. */
MM_MUST_USE enum mm_err account_link_create(struct store *s, struct arena *a,
                                            const struct link_token *t, int64_t now,
                                            const char *path_prefix, char **link);

/* Uses the route's {token} as a PURPOSE link and, in one transaction, sets
 * the password of its account, ends the account's sessions and marks its
 * address confirmed, with the audit line audit_action (actor and target:
 * the account and its address); the user goes to *u. MM_ERR_NOT_FOUND
 * when the link is used, expired or unknown (answer with
 * account_link_gone); MM_ERR_INVALID with *problem (a catalogue key) when
 * the password is refused, and then the link stays usable for a better
 * one. */
MM_MUST_USE enum mm_err account_link_set_password(struct req *r, enum link_purpose purpose,
                                                  const char *audit_action, struct str password,
                                                  struct user *u, const char **problem);

/* The 410 page for a used, expired or unknown link. */
MM_MUST_USE enum mm_err account_link_gone(struct req *r, struct res *res);

#endif
