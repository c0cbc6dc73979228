/* Unit tests: what the OpenID Connect relying party computes alone — the
 * providers' configuration, the addresses it may use, the PKCE challenge
 * (RFC 7636's own example), the cache time of an answer, the checks of an
 * ID token's signature (RS256 and ES256 through cjose; tokens signed here
 * with keys made here) and of its claims, and the mapping of claims. */
#include <cjose/cjose.h>
#include <jansson.h>
#include <stdlib.h>

#include "core/oidc_config.h"
#include "test.h"
#include "web/oidc.h"
#include "web/oidc_token.h"

/* ---- configuration ------------------------------------------------------ */

static const char *table_get(const char *name, void *arg)
{
	for (const char *const *kv = arg; kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static bool read_config(const char *const *kv, struct oidc_config *c, char err[256])
{
	err[0] = '\0';
	return core_oidc_config_read(table_get, (void *)kv, c, err);
}

static void test_no_variable_means_no_provider(void **state)
{
	(void)state;
	const char *kv[] = {NULL};
	struct oidc_config c;
	char err[256];
	assert_true(read_config(kv, &c, err));
	assert_int_equal(c.n, 0);
}

static void test_the_unnamed_variables_define_one_provider(void **state)
{
	(void)state;
	const char *kv[] = {"MAMORI_OIDC_ISSUER",
	                    "https://id.example.jp",
	                    "MAMORI_OIDC_CLIENT_ID",
	                    "mamori",
	                    "MAMORI_OIDC_CLIENT_SECRET",
	                    "s3cret",
	                    "MAMORI_OIDC_CORPORATE_NUMBER_CLAIM",
	                    "corporate_number",
	                    NULL};
	struct oidc_config c;
	char err[256];
	assert_true(read_config(kv, &c, err));
	assert_int_equal(c.n, 1);
	assert_string_equal(c.providers[0].name, OIDC_DEFAULT_NAME);
	assert_string_equal(c.providers[0].issuer, "https://id.example.jp");
	assert_string_equal(c.providers[0].claim_email, "email");
	assert_string_equal(c.providers[0].claim_name, "name");
	assert_string_equal(c.providers[0].claim_corporate_number, "corporate_number");
	assert_string_equal(c.providers[0].scope, OIDC_DEFAULT_SCOPE);
	assert_int_equal(c.providers[0].auth, OIDC_AUTH_BASIC);
}

static void test_a_list_names_several_providers_each_with_its_variables(void **state)
{
	(void)state;
	const char *kv[] = {"MAMORI_OIDC_PROVIDERS",
	                    "gbiz,other-id",
	                    "MAMORI_OIDC_GBIZ_ISSUER",
	                    "https://gbiz.example.jp/",
	                    "MAMORI_OIDC_GBIZ_CLIENT_ID",
	                    "a",
	                    "MAMORI_OIDC_GBIZ_CLIENT_SECRET_FILE",
	                    "/run/secrets/gbiz",
	                    "MAMORI_OIDC_GBIZ_EMAIL_CLAIM",
	                    "mail",
	                    "MAMORI_OIDC_OTHER_ID_ISSUER",
	                    "https://other.example.jp",
	                    "MAMORI_OIDC_OTHER_ID_CLIENT_ID",
	                    "b",
	                    "MAMORI_OIDC_OTHER_ID_CLIENT_SECRET",
	                    "x",
	                    "MAMORI_OIDC_OTHER_ID_TOKEN_AUTH",
	                    "client_secret_post",
	                    NULL};
	struct oidc_config c;
	char err[256];
	assert_true(read_config(kv, &c, err));
	assert_int_equal(c.n, 2);
	assert_string_equal(c.providers[0].name, "gbiz");
	assert_string_equal(c.providers[0].client_secret_file, "/run/secrets/gbiz");
	assert_null(c.providers[0].client_secret);
	assert_string_equal(c.providers[0].claim_email, "mail");
	assert_string_equal(c.providers[0].claim_corporate_number, "");
	assert_string_equal(c.providers[1].name, "other-id");
	assert_int_equal(c.providers[1].auth, OIDC_AUTH_POST);
}

static void refused(const char *const *kv, const char *why)
{
	struct oidc_config c;
	char err[256];
	assert_false(read_config(kv, &c, err));
	if (!strstr(err, why))
		fail_msg("expected \"%s\" in \"%s\"", why, err);
}

static void test_a_malformed_configuration_stops_the_start(void **state)
{
	(void)state;
	const char *both[] = {"MAMORI_OIDC_PROVIDERS", "a", "MAMORI_OIDC_ISSUER", "https://x",
	                      NULL};
	refused(both, "not both");
	const char *name[] = {"MAMORI_OIDC_PROVIDERS", "Gbiz", NULL};
	refused(name, "Gbiz");
	const char *twice[] = {"MAMORI_OIDC_PROVIDERS",
	                       "a,a",
	                       "MAMORI_OIDC_A_ISSUER",
	                       "https://a.example",
	                       "MAMORI_OIDC_A_CLIENT_ID",
	                       "c",
	                       "MAMORI_OIDC_A_CLIENT_SECRET",
	                       "s",
	                       NULL};
	refused(twice, "twice");
	const char *http[] = {"MAMORI_OIDC_ISSUER",
	                      "http://id.example.jp",
	                      "MAMORI_OIDC_CLIENT_ID",
	                      "c",
	                      "MAMORI_OIDC_CLIENT_SECRET",
	                      "s",
	                      NULL};
	refused(http, "ISSUER");
	const char *no_secret[] = {"MAMORI_OIDC_ISSUER", "https://id.example.jp",
	                           "MAMORI_OIDC_CLIENT_ID", "c", NULL};
	refused(no_secret, "CLIENT_SECRET");
	const char *two_secrets[] = {"MAMORI_OIDC_ISSUER",
	                             "https://id.example.jp",
	                             "MAMORI_OIDC_CLIENT_ID",
	                             "c",
	                             "MAMORI_OIDC_CLIENT_SECRET",
	                             "s",
	                             "MAMORI_OIDC_CLIENT_SECRET_FILE",
	                             "/f",
	                             NULL};
	refused(two_secrets, "CLIENT_SECRET");
	const char *scope[] = {"MAMORI_OIDC_ISSUER",
	                       "https://id.example.jp",
	                       "MAMORI_OIDC_CLIENT_ID",
	                       "c",
	                       "MAMORI_OIDC_CLIENT_SECRET",
	                       "s",
	                       "MAMORI_OIDC_SCOPE",
	                       "email openidx",
	                       NULL};
	refused(scope, "openid");
	const char *claim[] = {"MAMORI_OIDC_ISSUER",
	                       "https://id.example.jp",
	                       "MAMORI_OIDC_CLIENT_ID",
	                       "c",
	                       "MAMORI_OIDC_CLIENT_SECRET",
	                       "s",
	                       "MAMORI_OIDC_EMAIL_CLAIM",
	                       "e\"mail",
	                       NULL};
	refused(claim, "claim");
	const char *auth[] = {"MAMORI_OIDC_ISSUER",
	                      "https://id.example.jp",
	                      "MAMORI_OIDC_CLIENT_ID",
	                      "c",
	                      "MAMORI_OIDC_CLIENT_SECRET",
	                      "s",
	                      "MAMORI_OIDC_TOKEN_AUTH",
	                      "private_key_jwt",
	                      NULL};
	refused(auth, "TOKEN_AUTH");
	/* an error never shows the secret */
	const char *secret[] = {"MAMORI_OIDC_ISSUER",
	                        "https://id.example.jp",
	                        "MAMORI_OIDC_CLIENT_ID",
	                        "c",
	                        "MAMORI_OIDC_CLIENT_SECRET",
	                        "topsecret\x01",
	                        NULL};
	struct oidc_config c;
	char err[256];
	assert_false(read_config(secret, &c, err));
	assert_null(strstr(err, "topsecret"));
}

static void test_http_is_for_loopback_and_only_when_allowed(void **state)
{
	(void)state;
	assert_true(core_oidc_url_allowed("https://id.example.jp/auth?x=1", false));
	assert_false(core_oidc_url_allowed("http://127.0.0.1:4000/", false));
	assert_true(core_oidc_url_allowed("http://127.0.0.1:4000/", true));
	assert_true(core_oidc_url_allowed("http://[::1]:4000/x", true));
	assert_true(core_oidc_url_allowed("http://localhost", true));
	assert_false(core_oidc_url_allowed("http://127.0.0.1.example.jp/", true));
	assert_false(core_oidc_url_allowed("http://localhost.example.jp:80/", true));
	assert_false(core_oidc_url_allowed("http://127.0.0.1@example.jp/", true));
	assert_false(core_oidc_url_allowed("https://user@id.example.jp/", false));
	assert_false(core_oidc_url_allowed("https://id.example.jp/#frag", false));
	assert_false(core_oidc_url_allowed("https:///path", false));
	assert_false(core_oidc_url_allowed("https://id.example.jp/a b", false));
	assert_false(core_oidc_url_allowed("ftp://id.example.jp/", true));
	assert_false(core_oidc_url_allowed("javascript:alert(1)", true));
}

/* ---- PKCE and caching --------------------------------------------------- */

static void test_the_pkce_challenge_is_rfc_7636s(void **state)
{
	(void)state;
	char challenge[OIDC_PKCE_CHALLENGE_BYTES];
	oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge);
	assert_string_equal(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	char a[OIDC_PKCE_VERIFIER_BYTES], b[OIDC_PKCE_VERIFIER_BYTES];
	oidc_pkce_verifier_new(a);
	oidc_pkce_verifier_new(b);
	assert_int_equal(strlen(a), 43); /* RFC 7636: 43 to 128 characters */
	assert_string_not_equal(a, b);
}

static void test_an_answer_is_cached_for_its_bounded_max_age(void **state)
{
	(void)state;
	assert_int_equal(oidc_cache_seconds(NULL), OIDC_CACHE_DEFAULT_S);
	assert_int_equal(oidc_cache_seconds(" public, max-age=300"), 300);
	assert_int_equal(oidc_cache_seconds(" max-age=5"), OIDC_CACHE_MIN_S);
	assert_int_equal(oidc_cache_seconds(" max-age=99999999999999999999"), OIDC_CACHE_MAX_S);
	assert_int_equal(oidc_cache_seconds(" no-store"), OIDC_CACHE_MIN_S);
	assert_int_equal(oidc_cache_seconds(" private"), OIDC_CACHE_DEFAULT_S);
}

/* ---- tokens -------------------------------------------------------------- */

#define NOW 1800000000
#define ISSUER "https://id.example.jp"
#define CLIENT "mamori"

static const struct oidc_expect EXPECT = {
    .issuer = ISSUER, .client_id = CLIENT, .nonce = "nonce-1", .now = NOW};

static json_t *good_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "iss", ISSUER, "aud", CLIENT,
	                 "sub", "user-1", "exp", (json_int_t)NOW + 300, "iat", (json_int_t)NOW - 5,
	                 "nonce", "nonce-1", "email", "Taro@Example.JP", "corporate_number",
	                 "9700150005075");
}

static cjose_jwk_t *rsa_key(const char *kid, size_t bits)
{
	static const uint8_t e[] = {1, 0, 1};
	cjose_jwk_t *k = cjose_jwk_create_RSA_random(bits, e, sizeof e, NULL);
	assert_non_null(k);
	assert_true(cjose_jwk_set_kid(k, kid, strlen(kid), NULL));
	return k;
}

static cjose_jwk_t *ec_key(const char *kid)
{
	cjose_jwk_t *k = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, NULL);
	assert_non_null(k);
	assert_true(cjose_jwk_set_kid(k, kid, strlen(kid), NULL));
	return k;
}

/* {"keys": [the public halves]} */
static json_t *jwks_of(cjose_jwk_t *const *keys, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		char *text = cjose_jwk_to_json(keys[i], false, NULL);
		assert_non_null(text);
		json_array_append_new(list, json_loads(text, 0, NULL));
		free(text);
	}
	return json_pack("{s:o}", "keys", list);
}

/* claims (consumed) signed with k under alg and kid (NULL: none). */
static char *sign(cjose_jwk_t *k, const char *alg, const char *kid, json_t *claims)
{
	cjose_header_t *h = cjose_header_new(NULL);
	assert_true(cjose_header_set(h, CJOSE_HDR_ALG, alg, NULL));
	if (kid)
		assert_true(cjose_header_set(h, CJOSE_HDR_KID, kid, NULL));
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	cjose_jws_t *jws = cjose_jws_sign(k, h, (const uint8_t *)payload, strlen(payload), NULL);
	assert_non_null(jws);
	const char *compact;
	assert_true(cjose_jws_export(jws, &compact, NULL));
	char *out = strdup(compact);
	cjose_jws_release(jws);
	cjose_header_release(h);
	free(payload);
	return out;
}

static enum oidc_token_problem verify(const char *token, const json_t *jwks)
{
	json_t *claims;
	enum oidc_token_problem p = oidc_token_verify(str_from(token), jwks, &EXPECT, &claims);
	if (p == OIDC_TOKEN_OK) {
		assert_non_null(claims);
		json_decref(claims);
	}
	return p;
}

static void test_rs256_and_es256_tokens_verify_with_their_keys_only(void **state)
{
	(void)state;
	cjose_jwk_t *keys[] = {rsa_key("r1", 2048), ec_key("e1")};
	cjose_jwk_t *stranger = rsa_key("r1", 2048); /* the same kid, another key */
	json_t *jwks = jwks_of(keys, 2);
	char *rs = sign(keys[0], "RS256", "r1", good_claims());
	char *es = sign(keys[1], "ES256", "e1", good_claims());
	char *es_no_kid = sign(keys[1], "ES256", NULL, good_claims());
	char *forged = sign(stranger, "RS256", "r1", good_claims());
	char *unknown = sign(keys[0], "RS256", "r9", good_claims());
	char *mixed = sign(keys[1], "ES256", "r1", good_claims()); /* names the RSA key */
	assert_int_equal(verify(rs, jwks), OIDC_TOKEN_OK);
	assert_int_equal(verify(es, jwks), OIDC_TOKEN_OK);
	assert_int_equal(verify(es_no_kid, jwks), OIDC_TOKEN_OK);
	assert_int_equal(verify(forged, jwks), OIDC_TOKEN_SIGNATURE);
	assert_int_equal(verify(unknown, jwks), OIDC_TOKEN_KEY);
	assert_int_equal(verify(mixed, jwks), OIDC_TOKEN_KEY);
	/* a changed payload breaks the signature */
	char *dot = strchr(rs, '.');
	dot[3] = dot[3] == 'A' ? 'B' : 'A';
	assert_int_not_equal(verify(rs, jwks), OIDC_TOKEN_OK);
	free(rs), free(es), free(es_no_kid), free(forged), free(unknown), free(mixed);
	json_decref(jwks);
	cjose_jwk_release(keys[0]);
	cjose_jwk_release(keys[1]);
	cjose_jwk_release(stranger);
}

static void test_other_algorithms_and_malformed_tokens_are_refused(void **state)
{
	(void)state;
	cjose_jwk_t *keys[] = {rsa_key("r1", 2048)};
	json_t *jwks = jwks_of(keys, 1);
	/* HS256 with a secret: not an algorithm we accept, whatever the key */
	static const uint8_t secret[32] = {1};
	cjose_jwk_t *oct = cjose_jwk_create_oct_spec(secret, sizeof secret, NULL);
	char *hs = sign(oct, "HS256", "r1", good_claims());
	assert_int_equal(verify(hs, jwks), OIDC_TOKEN_ALGORITHM);
	/* "none": header {"alg":"none"}, the claims, no signature */
	assert_int_equal(verify("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", jwks),
	                 OIDC_TOKEN_ALGORITHM);
	assert_int_equal(verify("not a token", jwks), OIDC_TOKEN_MALFORMED);
	assert_int_equal(verify("", jwks), OIDC_TOKEN_MALFORMED);
	/* an RSA key under 2048 bits does not count */
	cjose_jwk_t *small[] = {rsa_key("s1", 1024)};
	json_t *small_jwks = jwks_of(small, 1);
	char *weak = sign(small[0], "RS256", "s1", good_claims());
	assert_int_equal(verify(weak, small_jwks), OIDC_TOKEN_KEY);
	free(hs), free(weak);
	json_decref(jwks), json_decref(small_jwks);
	cjose_jwk_release(keys[0]), cjose_jwk_release(oct), cjose_jwk_release(small[0]);
}

static enum oidc_token_problem check_with(const char *key, json_t *value)
{
	json_t *c = good_claims();
	if (value)
		json_object_set_new(c, key, value);
	else
		json_object_del(c, key);
	enum oidc_token_problem p = oidc_claims_check(c, &EXPECT);
	json_decref(c);
	return p;
}

static void test_claims_must_name_us_be_fresh_and_carry_our_nonce(void **state)
{
	(void)state;
	assert_int_equal(check_with("x", json_true()), OIDC_TOKEN_OK);
	assert_int_equal(check_with("iss", json_string("https://evil.example")), OIDC_TOKEN_ISSUER);
	assert_int_equal(check_with("iss", NULL), OIDC_TOKEN_ISSUER);
	assert_int_equal(check_with("aud", json_string("someone-else")), OIDC_TOKEN_AUDIENCE);
	assert_int_equal(check_with("aud", NULL), OIDC_TOKEN_AUDIENCE);
	assert_int_equal(check_with("aud", json_pack("[s]", CLIENT)), OIDC_TOKEN_OK);
	/* several audiences: azp must be us */
	assert_int_equal(check_with("aud", json_pack("[s,s]", "x", CLIENT)), OIDC_TOKEN_AUDIENCE);
	assert_int_equal(check_with("azp", json_string("x")), OIDC_TOKEN_AUDIENCE);
	/* expiry, with OIDC_CLOCK_SKEW_S of grace */
	assert_int_equal(check_with("exp", json_integer(NOW - OIDC_CLOCK_SKEW_S)),
	                 OIDC_TOKEN_EXPIRED);
	assert_int_equal(check_with("exp", json_integer(NOW - OIDC_CLOCK_SKEW_S + 1)),
	                 OIDC_TOKEN_OK);
	assert_int_equal(check_with("exp", NULL), OIDC_TOKEN_EXPIRED);
	assert_int_equal(check_with("exp", json_string("tomorrow")), OIDC_TOKEN_EXPIRED);
	assert_int_equal(check_with("iat", json_integer(NOW + OIDC_CLOCK_SKEW_S + 1)),
	                 OIDC_TOKEN_ISSUED_AT);
	assert_int_equal(check_with("iat", json_integer(NOW - OIDC_TOKEN_MAX_AGE_S - 1)),
	                 OIDC_TOKEN_ISSUED_AT);
	assert_int_equal(check_with("iat", NULL), OIDC_TOKEN_ISSUED_AT);
	assert_int_equal(check_with("nbf", json_integer(NOW + OIDC_CLOCK_SKEW_S + 1)),
	                 OIDC_TOKEN_NOT_YET);
	assert_int_equal(check_with("nbf", json_integer(NOW + OIDC_CLOCK_SKEW_S)), OIDC_TOKEN_OK);
	assert_int_equal(check_with("nonce", NULL), OIDC_TOKEN_NONCE);
	assert_int_equal(check_with("nonce", json_string("nonce-2")), OIDC_TOKEN_NONCE);
	assert_int_equal(check_with("nonce", json_string("nonce-1x")), OIDC_TOKEN_NONCE);
	assert_int_equal(check_with("sub", NULL), OIDC_TOKEN_SUBJECT);
	assert_int_equal(check_with("sub", json_string("")), OIDC_TOKEN_SUBJECT);
}

static void test_claims_map_to_an_address_a_name_and_a_valid_number(void **state)
{
	struct arena *a = *state;
	struct oidc_provider_config p = {.claim_email = "email",
	                                 .claim_name = "name",
	                                 .claim_corporate_number = "corporate_number"};
	struct oidc_claims m;
	json_t *c = good_claims();
	json_object_set_new(c, "name", json_string("山田 太郎"));
	assert_int_equal(oidc_claims_map(a, c, &p, &m), MM_OK);
	assert_str_equal(m.subject, "user-1");
	assert_str_equal(m.email, "taro@example.jp");
	assert_str_equal(m.name, "山田 太郎");
	assert_str_equal(m.corporate_number, "9700150005075");
	/* an unverified address is none; a number with a wrong check digit too */
	json_object_set_new(c, "email_verified", json_false());
	json_object_set_new(c, "corporate_number", json_string("1700150005075"));
	assert_int_equal(oidc_claims_map(a, c, &p, &m), MM_OK);
	assert_str_equal(m.email, "");
	assert_str_equal(m.corporate_number, "");
	/* no claim configured: no number, whatever the token says */
	json_object_set_new(c, "corporate_number", json_string("9700150005075"));
	p.claim_corporate_number = "";
	assert_int_equal(oidc_claims_map(a, c, &p, &m), MM_OK);
	assert_str_equal(m.corporate_number, "");
	json_decref(c);
}

static void test_an_error_names_the_variable_and_stays_one_line(void **state)
{
	(void)state;
	const char *named[] = {"MAMORI_OIDC_PROVIDERS", "g-biz", "MAMORI_OIDC_G_BIZ_ISSUER",
	                       "http://id.example.jp", NULL};
	refused(named, "MAMORI_OIDC_G_BIZ_ISSUER must be");
	const char *unnamed[] = {"MAMORI_OIDC_ISSUER",
	                         "https://id.example.jp",
	                         "MAMORI_OIDC_CLIENT_ID",
	                         "c",
	                         "MAMORI_OIDC_CLIENT_SECRET",
	                         "s",
	                         "MAMORI_OIDC_NAME_CLAIM",
	                         "na me",
	                         NULL};
	refused(unnamed, "MAMORI_OIDC_NAME_CLAIM is not a claim name");
	const char *name[] = {"MAMORI_OIDC_ISSUER", "https://id.example.jp", "MAMORI_OIDC_NAME",
	                      "a\nb", NULL};
	refused(name, "MAMORI_OIDC_NAME: provider name \"a\\x0ab\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_variable_means_no_provider),
	    cmocka_unit_test(test_the_unnamed_variables_define_one_provider),
	    cmocka_unit_test(test_a_list_names_several_providers_each_with_its_variables),
	    cmocka_unit_test(test_a_malformed_configuration_stops_the_start),
	    cmocka_unit_test(test_an_error_names_the_variable_and_stays_one_line),
	    cmocka_unit_test(test_http_is_for_loopback_and_only_when_allowed),
	    cmocka_unit_test(test_the_pkce_challenge_is_rfc_7636s),
	    cmocka_unit_test(test_an_answer_is_cached_for_its_bounded_max_age),
	    cmocka_unit_test(test_rs256_and_es256_tokens_verify_with_their_keys_only),
	    cmocka_unit_test(test_other_algorithms_and_malformed_tokens_are_refused),
	    cmocka_unit_test(test_claims_must_name_us_be_fresh_and_carry_our_nonce),
	    cmocka_unit_test_setup_teardown(test_claims_map_to_an_address_a_name_and_a_valid_number,
	                                    arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests_name("oidc", tests, NULL, NULL);
}
