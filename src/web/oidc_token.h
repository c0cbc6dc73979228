/*
 * oidc_token.h — what an OpenID Connect relying party computes without
 * talking to anyone: the PKCE challenge of a verifier (S256), the check
 * of an ID token against a JWKS (signature by cjose, RS256 or ES256 only),
 * the check of its claims (issuer, audience and azp, expiry, issue time,
 * not-before, nonce) and the mapping of its claims to an e-mail, a name
 * and a corporate number.
 *
 * No JWT is parsed by hand: cjose splits and verifies the JWS, jansson
 * reads the JSON. The algorithm is never taken from the token alone: it
 * must be RS256 or ES256 and match the key's type (an RSA key of at least
 * 2048 bits, an EC key on P-256), so "none", HS256 with a public key as
 * secret, and a key of one kind used for another are all refused.
 */
#ifndef MM_WEB_OIDC_TOKEN_H
#define MM_WEB_OIDC_TOKEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/oidc_config.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/str.h"

#define OIDC_CLOCK_SKEW_S 60     /* how far the provider's clock may be from ours */
#define OIDC_TOKEN_MAX_AGE_S 600 /* an ID token issued longer ago is refused */
#define OIDC_ID_TOKEN_MAX 16384  /* bytes of a compact ID token */
#define OIDC_SUBJECT_MAX 255
#define OIDC_NAME_CLAIM_MAX 100     /* characters of a name kept */
#define OIDC_PKCE_VERIFIER_BYTES 44 /* 32 random bytes, base64url, NUL */
#define OIDC_PKCE_CHALLENGE_BYTES 44

/* Why a token was refused, named for logs and audit lines. */
enum oidc_token_problem {
	OIDC_TOKEN_OK,
	OIDC_TOKEN_MALFORMED, /* not a compact JWS, or its payload is not a JSON object */
	OIDC_TOKEN_ALGORITHM, /* neither RS256 nor ES256, or not the key's kind */
	OIDC_TOKEN_KEY,       /* no key of the JWKS fits its kid and algorithm */
	OIDC_TOKEN_SIGNATURE,
	OIDC_TOKEN_ISSUER,
	OIDC_TOKEN_AUDIENCE, /* aud does not name us, or azp names someone else */
	OIDC_TOKEN_EXPIRED,
	OIDC_TOKEN_ISSUED_AT, /* iat missing, in the future or too old */
	OIDC_TOKEN_NOT_YET,   /* nbf in the future */
	OIDC_TOKEN_NONCE,     /* missing or not ours */
	OIDC_TOKEN_SUBJECT,   /* sub missing or malformed */
};
const char *oidc_token_problem_name(enum oidc_token_problem p);

/* What a token must say. */
struct oidc_expect {
	const char *issuer, *client_id, *nonce;
	int64_t now;
};

/* The S256 challenge of verifier: base64url(SHA-256(verifier)), no padding. */
void oidc_pkce_challenge(const char *verifier, char challenge[OIDC_PKCE_CHALLENGE_BYTES]);
/* A new random verifier (43 characters of base64url). */
void oidc_pkce_verifier_new(char verifier[OIDC_PKCE_VERIFIER_BYTES]);

/* The key id the token's header names into kid (NULL when it names none
 * or the token is malformed); used to decide whether to fetch the JWKS
 * again. kid is in the arena. */
const char *oidc_token_kid(struct arena *a, struct str token);

/* Verifies token with the keys of jwks (a JSON object {"keys": […]}) and
 * checks its claims; on OIDC_TOKEN_OK *claims is the payload (the caller
 * json_decref()s it). */
enum oidc_token_problem oidc_token_verify(struct str token, const json_t *jwks,
                                          const struct oidc_expect *x, json_t **claims);

/* The claim checks alone (oidc_token_verify calls it after the signature). */
enum oidc_token_problem oidc_claims_check(const json_t *claims, const struct oidc_expect *x);

/* What mamori takes from the claims, in the arena. email: normalised,
 * "" when missing, malformed or said to be unverified (email_verified
 * false). name: "" when missing, cut to OIDC_NAME_CLAIM_MAX characters.
 * corporate_number: 13 digits with a right check digit, or "" (none
 * configured, missing, or malformed). */
struct oidc_claims {
	struct str subject, email, name, corporate_number;
};
MM_MUST_USE enum mm_err oidc_claims_map(struct arena *a, const json_t *claims,
                                        const struct oidc_provider_config *p,
                                        struct oidc_claims *out);

#endif
