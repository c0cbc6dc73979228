/*
 * oidc_config.h — the OpenID Connect providers an operator configured,
 * read from the environment through a lookup function (so this stays pure
 * and tests hand in a table), and the rule for the addresses mamori may
 * talk to.
 *
 * The scheme (README, docs/deploy.md):
 *   MAMORI_OIDC_PROVIDERS=gbiz,other     names, [a-z0-9-], 1–32 each
 *   MAMORI_OIDC_GBIZ_ISSUER, _CLIENT_ID, _CLIENT_SECRET or
 *   _CLIENT_SECRET_FILE, _TOKEN_AUTH (client_secret_basic, the default, or
 *   client_secret_post), _SCOPE (default "openid email profile"),
 *   _EMAIL_CLAIM (email), _NAME_CLAIM (name), _CORPORATE_NUMBER_CLAIM
 *   (none: such a provider never verifies a firm)
 * (a name's '-' is '_' in the variables). Without MAMORI_OIDC_PROVIDERS,
 * the same variables without a name (MAMORI_OIDC_ISSUER, …) define one
 * provider called MAMORI_OIDC_NAME, by default "business-id". Setting both
 * forms is refused, as is anything malformed: a typo must stop the start,
 * not switch a provider off.
 *
 * MAMORI_OIDC_INSECURE_LOOPBACK=1 lets http:// reach 127.0.0.1, [::1] and
 * localhost (tests, development). Otherwise every address is https://.
 *
 * Values point into what the lookup returned (the process environment
 * lives as long as the process); nothing is allocated. The secret is
 * never copied into an error message.
 */
#ifndef MM_CORE_OIDC_CONFIG_H
#define MM_CORE_OIDC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define OIDC_PROVIDERS_MAX 8
#define OIDC_NAME_MAX 32
#define OIDC_URL_MAX 1024  /* an issuer or endpoint address */
#define OIDC_VALUE_MAX 512 /* a client id, secret, scope */
#define OIDC_CLAIM_NAME_MAX 64
#define OIDC_DEFAULT_NAME "business-id"
#define OIDC_DEFAULT_SCOPE "openid email profile"

enum oidc_token_auth { OIDC_AUTH_BASIC, OIDC_AUTH_POST };

struct oidc_provider_config {
	char name[OIDC_NAME_MAX + 1];
	const char *issuer, *client_id;
	const char *client_secret;      /* NULL when read from client_secret_file */
	const char *client_secret_file; /* NULL when given directly */
	const char *scope;
	const char *claim_email, *claim_name;
	const char *claim_corporate_number; /* "" : the provider verifies no firm */
	enum oidc_token_auth auth;
};

struct oidc_config {
	struct oidc_provider_config providers[OIDC_PROVIDERS_MAX];
	size_t n;
	bool insecure_loopback;
};

/* getenv, or a test's table: the value of name, NULL when unset. */
typedef const char *(*oidc_env_fn)(const char *name, void *arg);

/* Reads the providers into *out (n = 0 when none is configured); false
 * with a reason in err when anything is malformed. */
bool core_oidc_config_read(oidc_env_fn env, void *arg, struct oidc_config *out, char err[256]);

/* Whether url may be fetched or visited: https://HOST…, or http:// to a
 * loopback host when insecure_loopback. No user part, no fragment, no
 * control characters or spaces, at most OIDC_URL_MAX bytes. */
bool core_oidc_url_allowed(const char *url, bool insecure_loopback);

#endif
