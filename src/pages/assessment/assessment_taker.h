/*
 * assessment_taker.h — who takes the self-assessment on this request. The
 * /assessment pages are public, so dispatch sets no r->org for them; this
 * is where they learn whose answers they read and write.
 *
 *   a signed-in member       answers for their organisation
 *   a signed-in user without one keeps a draft of their own (and cannot
 *                            submit until they have an organisation)
 *   anyone else              an anonymous visitor known by a random cookie
 *                            (ASSESSMENT_COOKIE, HttpOnly, SameSite=Lax)
 *                            whose hash — never the token — is stored, for
 *                            ASSESSMENT_ANONYMOUS_TTL
 *
 * Loading a taker never writes; the cookie is set only when a visitor's
 * first draft is created (assessment_draft.h). Never trust the "org" field
 * of a form over assessment_taker_org_field(): it is checked against it.
 */
#ifndef MM_PAGES_ASSESSMENT_TAKER_H
#define MM_PAGES_ASSESSMENT_TAKER_H

#include "store/assessment.h"
#include "store/org.h"
#include "web/req.h"
#include "web/session.h"

#define ASSESSMENT_COOKIE "mamori_assessment"
#define ASSESSMENT_ANONYMOUS_TTL (7 * 24 * 60 * 60) /* seconds an anonymous draft is kept */

struct assessment_taker {
	struct check_owner owner;
	bool has_token; /* anonymous: the cookie holds a well-formed token */
	bool signed_in;
	bool has_org;
	struct org_profile org; /* when has_org: the member's organisation */
};

/* Who answers on this request (no writes). */
MM_MUST_USE enum mm_err assessment_taker_load(struct req *r, struct store *s,
                                              struct assessment_taker *out);
/* The public id of the organisation answered for ("" when none): the
 * "org" field every form carries, so that a page rendered for one
 * organisation cannot save into another. */
struct str assessment_taker_org_field(const struct assessment_taker *t);

/* Sets (max_age > 0) or clears (0) the anonymous cookie. */
MM_MUST_USE enum mm_err assessment_cookie_set(struct req *r, struct res *res, const char *token,
                                              long max_age);
/* True when the request's cookie holds the token whose hash is hash. */
bool assessment_cookie_matches(struct req *r, const unsigned char hash[TOKEN_HASH_BYTES]);

#endif
