/*
 * too_many.h — the answer to a form sent once too often (web/mail_rate.h,
 * web/fetch_rate.h): the same form again, status 429, with everything the
 * user typed, an error saying how long to wait, and Retry-After. Used by
 * sign-up, the forgotten password, the log-in that sends a confirmation
 * again, invitations and the address of a policy on a firm's own site.
 */
#ifndef MM_PAGES_SHARED_TOO_MANY_H
#define MM_PAGES_SHARED_TOO_MANY_H

#include "web/req.h"
#include "web/webform.h"

/* Puts the error (catalogue key, with {minutes}) on the field and the
 * Retry-After header on res; the caller renders the form with 429. */
MM_MUST_USE enum mm_err too_many_mark(struct req *r, struct res *res, struct webform *f,
                                      const char *field, const char *key, unsigned retry_after_s);

#endif
