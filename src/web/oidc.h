/*
 * oidc.h — mamori as an OpenID Connect relying party: the providers the
 * operator configured (core/oidc_config.h), their discovery documents and
 * key sets, the authorization address of a sign-in and the exchange of
 * its code for a verified ID token (web/oidc_token.h).
 *
 * Talking to a provider: libcurl, https:// only (http:// to loopback when
 * MAMORI_OIDC_INSECURE_LOOPBACK=1), no redirects followed,
 * OIDC_TIMEOUT_MS for a whole call, OIDC_MAX_BODY bytes of answer. The
 * policy fetcher (web/fetch.h) is not used: it exists to keep a user's
 * address from reaching inside the network, keeps no body and only GETs,
 * while a provider's address is the operator's own choice (and may well
 * be an internal one) and its answers must be read and POSTed to.
 *
 * Caches (one per provider, under its lock): the discovery document for
 * its Cache-Control max-age (OIDC_CACHE_MIN_S…OIDC_CACHE_MAX_S, default
 * OIDC_CACHE_DEFAULT_S), the JWKS likewise, fetched again early when a
 * token names a key it lacks, at most once per OIDC_JWKS_REFETCH_S. A
 * provider that failed to answer is not asked again for OIDC_RETRY_S, so
 * a provider that is down costs each visitor an error page at once, not a
 * timeout each. The claims come from the ID token, completed by the
 * userinfo endpoint when the provider has one (for its subject only).
 * Nothing of a secret is ever logged: neither the client
 * secret nor a code, a token or a verifier.
 */
#ifndef MM_WEB_OIDC_H
#define MM_WEB_OIDC_H

#include <jansson.h>

#include "core/oidc_config.h"
#include "web/oidc_token.h"

#define OIDC_TIMEOUT_MS 5000
#define OIDC_CONNECT_TIMEOUT_MS 3000
#define OIDC_MAX_BODY (256u * 1024)
#define OIDC_CACHE_DEFAULT_S (60 * 60)
#define OIDC_CACHE_MIN_S 60
#define OIDC_CACHE_MAX_S (24 * 60 * 60)
#define OIDC_JWKS_REFETCH_S 60
#define OIDC_RETRY_S 5
#define OIDC_ACCESS_TOKEN_MAX 8192 /* bytes of an access token sent to userinfo */

/* How a call to a provider ended. */
enum oidc_outcome {
	OIDC_OK,
	OIDC_UNREACHABLE, /* no answer, a timeout, an error status, a malformed document */
	OIDC_REJECTED,    /* the token endpoint refused the code (400 invalid_grant…) */
	OIDC_BAD_TOKEN,   /* an ID token that failed a check (see the problem) */
};

/* Reads the providers (MAMORI_OIDC_*, secrets from their files); false
 * with a reason when the configuration is wrong. */
MM_MUST_USE bool oidc_configure(char err[256]);
void oidc_free(void);

size_t oidc_provider_count(void);
const struct oidc_provider_config *oidc_provider_at(size_t i);
/* The provider of that name, NULL when none is configured by it. */
const struct oidc_provider_config *oidc_provider_find(struct str name);

/* What a sign-in sends the browser with: state, nonce and the PKCE
 * challenge, and where the provider sends it back. */
struct oidc_request {
	const char *redirect_uri, *state, *nonce, *challenge;
};
/* The provider's authorization address for q, in the arena: MM_OK with
 * *o OIDC_OK, or MM_OK with *o OIDC_UNREACHABLE when its discovery
 * document cannot be had. */
MM_MUST_USE enum mm_err oidc_authorization_url(struct arena *a,
                                               const struct oidc_provider_config *p,
                                               const struct oidc_request *q, int64_t now,
                                               char **url, enum oidc_outcome *o);

/* Exchanges code (with the verifier) at the token endpoint and verifies
 * the ID token it answers: *claims (the caller json_decref()s it) when *o
 * is OIDC_OK, completed by the userinfo endpoint's claims of the same
 * subject where the token lacks them; *problem says why when
 * OIDC_BAD_TOKEN. */
struct oidc_exchange {
	struct str code;
	const char *redirect_uri, *verifier, *nonce;
};
MM_MUST_USE enum mm_err oidc_code_exchange(struct arena *a, const struct oidc_provider_config *p,
                                           const struct oidc_exchange *x, int64_t now,
                                           json_t **claims, enum oidc_outcome *o,
                                           enum oidc_token_problem *problem);

/* The max-age of a Cache-Control value bounded to the cache's limits
 * (OIDC_CACHE_DEFAULT_S when it has none, no-store and no-cache: the
 * minimum). */
int64_t oidc_cache_seconds(const char *cache_control);

#endif
