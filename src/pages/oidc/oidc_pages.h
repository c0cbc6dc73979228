/*
 * oidc_pages.h — what the pages of the sign-in with OpenID Connect share:
 * the cookies that bind a sign-in to its browser, the error page, and the
 * last step of every successful sign-in.
 */
#ifndef MM_PAGES_OIDC_PAGES_H
#define MM_PAGES_OIDC_PAGES_H

#include "store/oidc.h"
#include "web/oidc.h"
#include "web/req.h"

/* A random token per browser, only its hash in the store: the sign-in on
 * its way (OIDC_LOGIN_TTL), and the identity waiting for a link. */
#define OIDC_BROWSER_COOKIE "mamori_oidc"
#define OIDC_LINK_COOKIE "mamori_oidc_link"

/* The route's {provider}, or NULL (the caller answers 404). */
const struct oidc_provider_config *oidc_page_provider(struct req *r);

/* The hash of the browser's cookie NAME: false when it has none. */
bool oidc_browser_hash(const struct req *r, const char *name, unsigned char hash[TOKEN_HASH_BYTES]);

/* A new token in cookie NAME for max_age seconds, its hash in *hash. */
MM_MUST_USE enum mm_err oidc_browser_cookie_new(struct req *r, struct res *res, const char *name,
                                                long max_age, unsigned char hash[TOKEN_HASH_BYTES]);

/* The error page: status, the catalogue text oidc.error.WHY, and the way
 * back to the password form (which always works). */
MM_MUST_USE enum mm_err oidc_error(struct req *r, struct res *res, int status, const char *why);

/* A local path to go to after signing in ("/home" unless next is one). */
const char *oidc_next_path(struct req *r, struct str next);

/* Signs user_id in through provider p (its identity subject, linked
 * already): refuses a disabled account, starts the session, marks the
 * identity used, lets the claims' corporate number verify the firm the
 * user owns (oidc_business_id.h), writes the audit line and redirects to
 * next. */
MM_MUST_USE enum mm_err oidc_sign_in(struct req *r, struct res *res,
                                     const struct oidc_provider_config *p, int64_t user_id,
                                     struct str subject, struct str corporate_number,
                                     struct str next);

#endif
