/*
 * oidc_token.c — see oidc_token.h. cjose does the JOSE (splitting,
 * base64url, the signature over OpenSSL); this file decides which key and
 * which algorithm are acceptable and what the claims must say.
 */
#include "web/oidc_token.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <string.h>

#include "core/corporate_number.h"
#include "core/email.h"
#include "lib/utf8.h"

#define RSA_MIN_BITS 2048

const char *oidc_token_problem_name(enum oidc_token_problem p)
{
	static const char *const names[] = {
	    [OIDC_TOKEN_OK] = "ok",
	    [OIDC_TOKEN_MALFORMED] = "malformed",
	    [OIDC_TOKEN_ALGORITHM] = "algorithm",
	    [OIDC_TOKEN_KEY] = "key",
	    [OIDC_TOKEN_SIGNATURE] = "signature",
	    [OIDC_TOKEN_ISSUER] = "issuer",
	    [OIDC_TOKEN_AUDIENCE] = "audience",
	    [OIDC_TOKEN_EXPIRED] = "expired",
	    [OIDC_TOKEN_ISSUED_AT] = "issued_at",
	    [OIDC_TOKEN_NOT_YET] = "not_yet_valid",
	    [OIDC_TOKEN_NONCE] = "nonce",
	    [OIDC_TOKEN_SUBJECT] = "subject",
	};
	return (size_t)p < sizeof names / sizeof names[0] ? names[p] : "unknown";
}

void oidc_pkce_challenge(const char *verifier, char challenge[OIDC_PKCE_CHALLENGE_BYTES])
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(challenge, OIDC_PKCE_CHALLENGE_BYTES, hash, sizeof hash,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void oidc_pkce_verifier_new(char verifier[OIDC_PKCE_VERIFIER_BYTES])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(verifier, OIDC_PKCE_VERIFIER_BYTES, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

/* The token as a C string cjose can read, or NULL when it is too long or
 * holds a NUL. */
static char *token_cstr(struct arena *a, struct str token)
{
	if (token.n == 0 || token.n > OIDC_ID_TOKEN_MAX || memchr(token.p, '\0', token.n))
		return NULL;
	return str_dup(a, token);
}

const char *oidc_token_kid(struct arena *a, struct str token)
{
	char *t = token_cstr(a, token);
	if (!t)
		return NULL;
	cjose_jws_t *jws = cjose_jws_import(t, strlen(t), NULL);
	if (!jws)
		return NULL;
	const char *kid = cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_KID, NULL);
	char *out = kid ? str_dup(a, str_from(kid)) : NULL;
	cjose_jws_release(jws);
	return out;
}

/* Whether the JWK (a JSON object) may verify a token of alg with kid: its
 * kid (when the token names one), its use and alg (when it says), and its
 * kind and size for the algorithm. *jwk_out holds it imported. */
static bool key_fits(const json_t *key, const char *alg, const char *kid, cjose_jwk_t **jwk_out)
{
	const char *k_kid = json_string_value(json_object_get(key, "kid"));
	const char *k_use = json_string_value(json_object_get(key, "use"));
	const char *k_alg = json_string_value(json_object_get(key, "alg"));
	if ((kid && (!k_kid || strcmp(kid, k_kid))) || (k_use && strcmp(k_use, "sig")) ||
	    (k_alg && strcmp(k_alg, alg)))
		return false;
	char *text = json_dumps(key, JSON_COMPACT);
	if (!text)
		return false;
	cjose_jwk_t *jwk = cjose_jwk_import(text, strlen(text), NULL);
	free(text);
	if (!jwk)
		return false;
	bool rsa = strcmp(alg, "RS256") == 0;
	cjose_jwk_kty_t kty = cjose_jwk_get_kty(jwk, NULL);
	bool ok = rsa ? kty == CJOSE_JWK_KTY_RSA && cjose_jwk_get_keysize(jwk, NULL) >= RSA_MIN_BITS
	              : kty == CJOSE_JWK_KTY_EC &&
	                    cjose_jwk_EC_get_curve(jwk, NULL) == CJOSE_JWK_EC_P_256;
	if (!ok) {
		cjose_jwk_release(jwk);
		return false;
	}
	*jwk_out = jwk;
	return true;
}

/* Verifies jws against the keys that fit: OIDC_TOKEN_OK, _KEY when none
 * fits, _SIGNATURE when some fit and none verifies. */
static enum oidc_token_problem signature_check(cjose_jws_t *jws, const json_t *jwks,
                                               const char *alg, const char *kid)
{
	const json_t *keys = json_object_get(jwks, "keys");
	size_t i;
	const json_t *key;
	bool any = false;
	if (!json_is_array(keys))
		return OIDC_TOKEN_KEY;
	json_array_foreach(keys, i, key)
	{
		cjose_jwk_t *jwk;
		if (!json_is_object(key) || !key_fits(key, alg, kid, &jwk))
			continue;
		any = true;
		bool ok = cjose_jws_verify(jws, jwk, NULL);
		cjose_jwk_release(jwk);
		if (ok)
			return OIDC_TOKEN_OK;
	}
	return any ? OIDC_TOKEN_SIGNATURE : OIDC_TOKEN_KEY;
}

/* A NumericDate claim: an integer (a JSON real with no fraction too). */
static bool numeric_date(const json_t *claims, const char *name, int64_t *out)
{
	const json_t *v = json_object_get(claims, name);
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	if (json_is_real(v) && json_real_value(v) > 0 && json_real_value(v) < 1e15) {
		*out = (int64_t)json_real_value(v);
		return true;
	}
	return false;
}

static enum oidc_token_problem audience_check(const json_t *claims, const char *client_id)
{
	const json_t *aud = json_object_get(claims, "aud");
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	size_t n = 0;
	bool named = false;
	if (json_is_string(aud)) {
		n = 1;
		named = strcmp(json_string_value(aud), client_id) == 0;
	} else if (json_is_array(aud)) {
		size_t i;
		const json_t *v;
		json_array_foreach(aud, i, v)
		{
			if (!json_is_string(v))
				return OIDC_TOKEN_AUDIENCE;
			named |= strcmp(json_string_value(v), client_id) == 0;
			n++;
		}
	}
	if (!named)
		return OIDC_TOKEN_AUDIENCE;
	/* Several audiences: azp must say the token was issued to us
	 * (OpenID Connect Core 3.1.3.7, points 4 and 5). */
	if ((n > 1 && !azp) || (json_object_get(claims, "azp") && (!azp || strcmp(azp, client_id))))
		return OIDC_TOKEN_AUDIENCE;
	return OIDC_TOKEN_OK;
}

enum oidc_token_problem oidc_claims_check(const json_t *claims, const struct oidc_expect *x)
{
	int64_t exp, iat, nbf;
	const char *iss = json_string_value(json_object_get(claims, "iss"));
	const char *nonce = json_string_value(json_object_get(claims, "nonce"));
	const char *sub = json_string_value(json_object_get(claims, "sub"));
	enum oidc_token_problem p;
	if (!json_is_object(claims))
		return OIDC_TOKEN_MALFORMED;
	if (!iss || strcmp(iss, x->issuer))
		return OIDC_TOKEN_ISSUER;
	if ((p = audience_check(claims, x->client_id)))
		return p;
	if (!numeric_date(claims, "exp", &exp) || x->now >= exp + OIDC_CLOCK_SKEW_S)
		return OIDC_TOKEN_EXPIRED;
	if (!numeric_date(claims, "iat", &iat) || iat > x->now + OIDC_CLOCK_SKEW_S ||
	    x->now - iat > OIDC_TOKEN_MAX_AGE_S)
		return OIDC_TOKEN_ISSUED_AT;
	if (json_object_get(claims, "nbf") &&
	    (!numeric_date(claims, "nbf", &nbf) || nbf > x->now + OIDC_CLOCK_SKEW_S))
		return OIDC_TOKEN_NOT_YET;
	/* Compared in constant time: it is a secret of this sign-in. */
	if (!nonce || !x->nonce || strlen(nonce) != strlen(x->nonce) ||
	    sodium_memcmp(nonce, x->nonce, strlen(nonce)) != 0)
		return OIDC_TOKEN_NONCE;
	if (!sub || !sub[0] || strlen(sub) > OIDC_SUBJECT_MAX || !utf8_valid(str_from(sub)))
		return OIDC_TOKEN_SUBJECT;
	return OIDC_TOKEN_OK;
}

enum oidc_token_problem oidc_token_verify(struct str token, const json_t *jwks,
                                          const struct oidc_expect *x, json_t **claims)
{
	*claims = NULL;
	if (token.n == 0 || token.n > OIDC_ID_TOKEN_MAX || memchr(token.p, '\0', token.n))
		return OIDC_TOKEN_MALFORMED;
	char *t = malloc(token.n + 1);
	if (!t)
		return OIDC_TOKEN_MALFORMED;
	memcpy(t, token.p, token.n);
	t[token.n] = '\0';
	cjose_jws_t *jws = cjose_jws_import(t, token.n, NULL);
	free(t);
	if (!jws)
		return OIDC_TOKEN_MALFORMED;
	cjose_header_t *h = cjose_jws_get_protected(jws);
	const char *alg = h ? cjose_header_get(h, CJOSE_HDR_ALG, NULL) : NULL;
	const char *kid = h ? cjose_header_get(h, CJOSE_HDR_KID, NULL) : NULL;
	enum oidc_token_problem p = OIDC_TOKEN_OK;
	if (!alg || (strcmp(alg, "RS256") && strcmp(alg, "ES256")) ||
	    json_object_get((const json_t *)h, "crit"))
		p = OIDC_TOKEN_ALGORITHM;
	if (!p)
		p = signature_check(jws, jwks, alg, kid);
	uint8_t *payload = NULL;
	size_t n = 0;
	json_t *c = NULL;
	if (!p && (!cjose_jws_get_plaintext(jws, &payload, &n, NULL) ||
	           !(c = json_loadb((const char *)payload, n, JSON_REJECT_DUPLICATES, NULL)) ||
	           !json_is_object(c)))
		p = OIDC_TOKEN_MALFORMED;
	if (!p)
		p = oidc_claims_check(c, x);
	cjose_jws_release(jws);
	if (p) {
		json_decref(c);
		return p;
	}
	*claims = c;
	return OIDC_TOKEN_OK;
}

/* The first max characters of s (valid UTF-8). */
static struct str cut_chars(struct str s, size_t max)
{
	size_t i = 0, count = 0;
	while (i < s.n && count < max) {
		(void)utf8_next(s, &i);
		count++;
	}
	return (struct str){s.p, i};
}

enum mm_err oidc_claims_map(struct arena *a, const json_t *claims,
                            const struct oidc_provider_config *p, struct oidc_claims *out)
{
	*out = (struct oidc_claims){
	    .subject = STR(""), .email = STR(""), .name = STR(""), .corporate_number = STR("")};
	const char *sub = json_string_value(json_object_get(claims, "sub"));
	const char *email = json_string_value(json_object_get(claims, p->claim_email));
	const char *name = json_string_value(json_object_get(claims, p->claim_name));
	const json_t *verified = json_object_get(claims, "email_verified");
	if (!sub || !(out->subject.p = str_dup(a, str_from(sub))))
		return sub ? MM_ERR_NOMEM : MM_ERR_INVALID;
	out->subject.n = strlen(sub);
	if (email && !json_is_false(verified) &&
	    core_email_normalise(a, str_from(email), &out->email) != EMAIL_OK)
		out->email = STR("");
	if (name && utf8_valid(str_from(name))) {
		struct str cut = cut_chars(str_from(name), OIDC_NAME_CLAIM_MAX);
		if (!(out->name.p = str_dup(a, cut)))
			return MM_ERR_NOMEM;
		out->name.n = cut.n;
	}
	if (p->claim_corporate_number[0]) {
		const char *number =
		    json_string_value(json_object_get(claims, p->claim_corporate_number));
		struct str digits;
		if (number && core_corporate_number_read(a, str_from(number), &digits))
			out->corporate_number = digits;
	}
	return MM_OK;
}
