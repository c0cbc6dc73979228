/*
 * oidc_config.c — see oidc_config.h. Pure: reads only through the lookup
 * function it is handed.
 */
#include "core/oidc_config.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "lib/setting.h"

/* Room for a variable's name: MAMORI_OIDC_, a provider's name, a key. */
#define VAR_NAME_BYTES 128

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > OIDC_NAME_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* A claim's name as JSON would key it: printable ASCII without quotes. */
static bool claim_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > OIDC_CLAIM_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("_-.:", s[i])))
			return false;
	return true;
}

static bool value_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > OIDC_VALUE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Whether the space-separated scope holds the word openid. */
static bool scope_has_openid(const char *s)
{
	for (const char *p = s; (p = strstr(p, "openid")) != NULL; p += 6)
		if ((p == s || p[-1] == ' ') && (p[6] == ' ' || p[6] == '\0'))
			return true;
	return false;
}

bool core_oidc_url_allowed(const char *url, bool insecure_loopback)
{
	size_t n = strlen(url);
	if (n > OIDC_URL_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f || url[i] == '#' ||
		    url[i] == '\\')
			return false;
	const char *host;
	bool https = strncmp(url, "https://", 8) == 0;
	if (https)
		host = url + 8;
	else if (insecure_loopback && strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return false;
	size_t h = strcspn(host, "/?");
	if (h == 0 || memchr(host, '@', h))
		return false; /* no host, or a user part that would hide the real one */
	if (https)
		return true;
	/* http://: the host, without its port, must be a loopback name. */
	size_t name = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?");
	if (name > h)
		return false;
	if (name < h && host[name] != ':')
		return false;
	static const char *const loopback[] = {"127.0.0.1", "[::1]", "localhost"};
	for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++)
		if (strlen(loopback[i]) == name && memcmp(host, loopback[i], name) == 0)
			return true;
	return false;
}

/* The name of the variable MAMORI_OIDC_<NAME>_<key> (or MAMORI_OIDC_<key>
 * when name is NULL) into v. */
static void var_name(char v[VAR_NAME_BYTES], const char *name, const char *key)
{
	char upper[OIDC_NAME_MAX + 1];
	if (!name) {
		snprintf(v, VAR_NAME_BYTES, "MAMORI_OIDC_%s", key);
		return;
	}
	size_t i = 0;
	for (; name[i] && i < OIDC_NAME_MAX; i++)
		upper[i] = name[i] == '-'                       ? '_'
		           : (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 'a' + 'A')
		                                                : name[i];
	upper[i] = '\0';
	snprintf(v, VAR_NAME_BYTES, "MAMORI_OIDC_%s_%s", upper, key);
}

/* The value of the variable var_name() names. */
static const char *var(oidc_env_fn env, void *arg, const char *name, const char *key)
{
	char v[VAR_NAME_BYTES];
	var_name(v, name, key);
	return env(v, arg);
}

/* One provider's variables into *p; prefix is the provider's name as the
 * variables spell it, NULL for the unnamed form. */
static bool provider_read(oidc_env_fn env, void *arg, const char *prefix, bool loopback,
                          struct oidc_provider_config *p, char err[256])
{
	const char *secret = var(env, arg, prefix, "CLIENT_SECRET");
	const char *secret_file = var(env, arg, prefix, "CLIENT_SECRET_FILE");
	const char *auth = var(env, arg, prefix, "TOKEN_AUTH");
	const char *corp = var(env, arg, prefix, "CORPORATE_NUMBER_CLAIM");
	p->issuer = var(env, arg, prefix, "ISSUER");
	p->client_id = var(env, arg, prefix, "CLIENT_ID");
	p->scope = var(env, arg, prefix, "SCOPE");
	p->claim_email = var(env, arg, prefix, "EMAIL_CLAIM");
	p->claim_name = var(env, arg, prefix, "NAME_CLAIM");
	if (!p->scope)
		p->scope = OIDC_DEFAULT_SCOPE;
	if (!p->claim_email)
		p->claim_email = "email";
	if (!p->claim_name)
		p->claim_name = "name";
	p->claim_corporate_number = corp ? corp : "";
	/* Each problem starts with the end of its variable's name. */
	const char *problem = NULL;
	if (!p->issuer || !core_oidc_url_allowed(p->issuer, loopback) || strchr(p->issuer, '?'))
		problem = "ISSUER must be an https:// address without a query";
	else if (!p->client_id || !value_ok(p->client_id))
		problem = "CLIENT_ID is missing or malformed";
	else if (!secret == !secret_file)
		problem = "CLIENT_SECRET or CLIENT_SECRET_FILE: give exactly one";
	else if (secret && !value_ok(secret))
		problem = "CLIENT_SECRET is malformed";
	else if (secret_file && !value_ok(secret_file))
		problem = "CLIENT_SECRET_FILE is malformed";
	else if (!value_ok(p->scope) || !scope_has_openid(p->scope))
		problem = "SCOPE must hold openid";
	else if (!claim_name_ok(p->claim_email))
		problem = "EMAIL_CLAIM is not a claim name";
	else if (!claim_name_ok(p->claim_name))
		problem = "NAME_CLAIM is not a claim name";
	else if (corp && !claim_name_ok(corp))
		problem = "CORPORATE_NUMBER_CLAIM is not a claim name";
	else if (auth && strcmp(auth, "client_secret_basic") && strcmp(auth, "client_secret_post"))
		problem = "TOKEN_AUTH must be client_secret_basic or client_secret_post";
	if (problem) {
		char start[VAR_NAME_BYTES];
		var_name(start, prefix, "");
		snprintf(err, 256, "%s%s (OpenID Connect provider %s)", start, problem, p->name);
		return false;
	}
	p->client_secret = secret;
	p->client_secret_file = secret_file;
	p->auth =
	    auth && strcmp(auth, "client_secret_post") == 0 ? OIDC_AUTH_POST : OIDC_AUTH_BASIC;
	return true;
}

/* Adds the provider named s (n bytes), read from the variable from. */
static bool name_set(struct oidc_config *c, const char *from, const char *s, size_t n,
                     char err[256])
{
	if (!name_ok(s, n)) {
		char shown[LOG_SETTING_SHOWN_BYTES];
		log_text_shown(shown, sizeof shown, (struct str){s, n}, true);
		snprintf(err, 256, "%s: provider name \"%s\": use 1-%d of a-z, 0-9, -", from, shown,
		         OIDC_NAME_MAX);
		return false;
	}
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->providers[i].name) == n && memcmp(c->providers[i].name, s, n) == 0) {
			snprintf(err, 256, "%s: provider %.*s is listed twice", from, (int)n, s);
			return false;
		}
	if (c->n == OIDC_PROVIDERS_MAX) {
		snprintf(err, 256, "%s: at most %d OpenID Connect providers", from,
		         OIDC_PROVIDERS_MAX);
		return false;
	}
	memcpy(c->providers[c->n].name, s, n);
	c->providers[c->n].name[n] = '\0';
	c->n++;
	return true;
}

bool core_oidc_config_read(oidc_env_fn env, void *arg, struct oidc_config *out, char err[256])
{
	*out = (struct oidc_config){0};
	if (!setting_flag("MAMORI_OIDC_INSECURE_LOOPBACK",
	                  env("MAMORI_OIDC_INSECURE_LOOPBACK", arg), false, &out->insecure_loopback,
	                  err))
		return false;
	const char *list = env("MAMORI_OIDC_PROVIDERS", arg);
	const char *single = env("MAMORI_OIDC_ISSUER", arg);
	if (list && list[0] && single) {
		snprintf(err, 256, "set MAMORI_OIDC_PROVIDERS or MAMORI_OIDC_ISSUER, not both");
		return false;
	}
	if (!list || !list[0]) {
		if (!single)
			return true;
		const char *name = env("MAMORI_OIDC_NAME", arg);
		if (!name)
			name = OIDC_DEFAULT_NAME;
		return name_set(out, "MAMORI_OIDC_NAME", name, strlen(name), err) &&
		       provider_read(env, arg, NULL, out->insecure_loopback, &out->providers[0],
		                     err);
	}
	for (const char *p = list;;) {
		size_t n = strcspn(p, ",");
		if (!name_set(out, "MAMORI_OIDC_PROVIDERS", p, n, err))
			return false;
		struct oidc_provider_config *c = &out->providers[out->n - 1];
		if (!provider_read(env, arg, c->name, out->insecure_loopback, c, err))
			return false;
		if (!p[n])
			break;
		p += n + 1;
	}
	return true;
}
