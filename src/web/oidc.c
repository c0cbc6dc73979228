/*
 * oidc.c — see oidc.h. One libcurl easy handle per call; the caches of a
 * provider live in its slot below, guarded by its mutex, which is never
 * held while the network is used: a request copies out what is fresh,
 * fetches outside the lock when it must, and puts the new copy back.
 */
#include "web/oidc.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

struct provider_cache {
	pthread_mutex_t lock;
	char *secret; /* from the environment or its file (malloc), wiped at the end */
	/* discovery */
	char *authorization_endpoint, *token_endpoint, *jwks_uri;
	char *userinfo_endpoint; /* NULL when the provider has none */
	int64_t discovery_until;
	/* the key set, as its JSON text: parsed per use, so no thread shares
	 * a jansson value */
	char *jwks;
	int64_t jwks_until, jwks_fetched_at;
	int64_t failed_at; /* the last call that got no usable answer, 0: none */
};

static struct oidc_config config;
static struct provider_cache caches[OIDC_PROVIDERS_MAX];

static const char *env_get(const char *name, void *arg)
{
	(void)arg;
	return getenv(name);
}

/* The secret in path: its first line, at most OIDC_VALUE_MAX bytes. */
static char *secret_read(const char *path, char err[256])
{
	char shown[LOG_SETTING_SHOWN_BYTES];
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, 256, "cannot read the client secret file %s: %s",
		         log_setting_shown(shown, path), strerror(errno));
		return NULL;
	}
	char *s = malloc(OIDC_VALUE_MAX + 2);
	size_t n = s ? fread(s, 1, OIDC_VALUE_MAX + 1, f) : 0;
	fclose(f);
	if (!s)
		return NULL;
	s[n] = '\0';
	s[strcspn(s, "\r\n")] = '\0';
	if (!s[0] || n > OIDC_VALUE_MAX) {
		sodium_memzero(s, OIDC_VALUE_MAX + 2);
		free(s);
		snprintf(err, 256, "the client secret file %s is empty or too long",
		         log_setting_shown(shown, path));
		return NULL;
	}
	return s;
}

bool oidc_configure(char err[256])
{
	if (!core_oidc_config_read(env_get, NULL, &config, err))
		return false;
	for (size_t i = 0; i < config.n; i++) {
		struct provider_cache *c = &caches[i];
		*c = (struct provider_cache){0};
		pthread_mutex_init(&c->lock, NULL);
		const struct oidc_provider_config *p = &config.providers[i];
		c->secret = p->client_secret ? strdup(p->client_secret)
		                             : secret_read(p->client_secret_file, err);
		if (!c->secret)
			return false;
	}
	if (config.n && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, 256, "libcurl could not start");
		return false;
	}
	return true;
}

static void cache_clear(struct provider_cache *c)
{
	free(c->authorization_endpoint);
	free(c->token_endpoint);
	free(c->jwks_uri);
	free(c->userinfo_endpoint);
	free(c->jwks);
	c->authorization_endpoint = c->token_endpoint = c->jwks_uri = c->jwks = NULL;
	c->userinfo_endpoint = NULL;
}

void oidc_free(void)
{
	for (size_t i = 0; i < config.n; i++) {
		cache_clear(&caches[i]);
		if (caches[i].secret) {
			sodium_memzero(caches[i].secret, strlen(caches[i].secret));
			free(caches[i].secret);
		}
		caches[i].secret = NULL;
		pthread_mutex_destroy(&caches[i].lock);
	}
	if (config.n)
		curl_global_cleanup(); /* counted: fetch.c's own start stays */
	config.n = 0;
}

size_t oidc_provider_count(void)
{
	return config.n;
}

const struct oidc_provider_config *oidc_provider_at(size_t i)
{
	return i < config.n ? &config.providers[i] : NULL;
}

const struct oidc_provider_config *oidc_provider_find(struct str name)
{
	for (size_t i = 0; i < config.n; i++)
		if (str_eq(name, str_from(config.providers[i].name)))
			return &config.providers[i];
	return NULL;
}

static struct provider_cache *cache_of(const struct oidc_provider_config *p)
{
	return &caches[p - config.providers];
}

int64_t oidc_cache_seconds(const char *cc)
{
	if (!cc)
		return OIDC_CACHE_DEFAULT_S;
	if (strstr(cc, "no-store") || strstr(cc, "no-cache"))
		return OIDC_CACHE_MIN_S;
	const char *m = strstr(cc, "max-age=");
	if (!m)
		return OIDC_CACHE_DEFAULT_S;
	int64_t v = 0;
	for (m += 8; *m >= '0' && *m <= '9' && v < OIDC_CACHE_MAX_S; m++)
		v = v * 10 + (*m - '0');
	return v < OIDC_CACHE_MIN_S   ? OIDC_CACHE_MIN_S
	       : v > OIDC_CACHE_MAX_S ? OIDC_CACHE_MAX_S
	                              : v;
}

/* ---- HTTP ------------------------------------------------------------- */

struct answer {
	char *body; /* malloc, NUL-terminated */
	size_t n;
	bool too_large;
	char cache_control[128];
};

static size_t take_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;
	if (a->n + n > OIDC_MAX_BODY) {
		a->too_large = true;
		return 0;
	}
	char *b = realloc(a->body, a->n + n + 1);
	if (!b)
		return 0;
	memcpy(b + a->n, p, n);
	a->body = b;
	a->n += n;
	a->body[a->n] = '\0';
	return n;
}

static size_t take_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;
	static const char name[] = "cache-control:";
	if (n > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
		size_t v = n - (sizeof name - 1);
		if (v >= sizeof a->cache_control)
			v = sizeof a->cache_control - 1;
		memcpy(a->cache_control, p + sizeof name - 1, v);
		a->cache_control[v] = '\0';
		for (char *c = a->cache_control; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	return n;
}

/* GET url, or POST form to it (with the Authorization header auth when
 * not NULL): the status into *status and the body into *out (the caller
 * frees out->body). OIDC_UNREACHABLE when nothing usable answered. */
static enum oidc_outcome http_call(const char *url, const char *form, const char *auth,
                                   long *status, struct answer *out)
{
	*out = (struct answer){0};
	*status = 0;
	if (!core_oidc_url_allowed(url, config.insecure_loopback)) {
		log_error("oidc: refused address %.200s", url);
		return OIDC_UNREACHABLE;
	}
	CURL *c = curl_easy_init();
	if (!c)
		return OIDC_UNREACHABLE;
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	if (auth && headers)
		headers = curl_slist_append(headers, auth);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
	                 config.insecure_loopback ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)OIDC_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)OIDC_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)OIDC_MAX_BODY);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, take_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mamori/" MAMORI_VERSION " (OpenID Connect)");
	if (form)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK || !out->body) {
		/* The address only: a form holds the code and maybe the secret. */
		log_error("oidc: %.200s: %s", url,
		          out->too_large ? "answer too large" : curl_easy_strerror(rc));
		free(out->body);
		*out = (struct answer){0};
		return OIDC_UNREACHABLE;
	}
	return OIDC_OK;
}

/* GET url as a JSON object (200 only) into *json, with its cache time. */
static enum oidc_outcome json_get(const char *url, json_t **json, int64_t *seconds)
{
	long status;
	struct answer a;
	*json = NULL;
	if (http_call(url, NULL, NULL, &status, &a))
		return OIDC_UNREACHABLE;
	if (status == 200)
		*json = json_loadb(a.body, a.n, JSON_REJECT_DUPLICATES, NULL);
	*seconds = oidc_cache_seconds(a.cache_control[0] ? a.cache_control : NULL);
	free(a.body);
	if (!json_is_object(*json)) {
		log_error("oidc: %.200s: status %ld, or not a JSON object", url, status);
		json_decref(*json);
		*json = NULL;
		return OIDC_UNREACHABLE;
	}
	return OIDC_OK;
}

/* ---- discovery and keys ------------------------------------------------ */

/* A string member of doc that is an address we may use, strdup'ed. */
static char *endpoint(const json_t *doc, const char *name)
{
	const char *v = json_string_value(json_object_get(doc, name));
	return v && core_oidc_url_allowed(v, config.insecure_loopback) ? strdup(v) : NULL;
}

/* The discovery document of p, fetched and checked (OpenID Connect
 * Discovery 4.3: its issuer is exactly the one configured), into c. */
static enum oidc_outcome discovery_fetch(const struct oidc_provider_config *p,
                                         struct provider_cache *fresh, int64_t now)
{
	char url[OIDC_URL_MAX + 64];
	size_t n = strlen(p->issuer);
	bool slash = n && p->issuer[n - 1] == '/';
	snprintf(url, sizeof url, "%s%s.well-known/openid-configuration", p->issuer,
	         slash ? "" : "/");
	json_t *doc;
	int64_t seconds;
	if (json_get(url, &doc, &seconds))
		return OIDC_UNREACHABLE;
	const char *issuer = json_string_value(json_object_get(doc, "issuer"));
	fresh->authorization_endpoint = endpoint(doc, "authorization_endpoint");
	fresh->token_endpoint = endpoint(doc, "token_endpoint");
	fresh->jwks_uri = endpoint(doc, "jwks_uri");
	fresh->userinfo_endpoint = endpoint(doc, "userinfo_endpoint");
	bool ok = issuer && strcmp(issuer, p->issuer) == 0 && fresh->authorization_endpoint &&
	          fresh->token_endpoint && fresh->jwks_uri;
	json_decref(doc);
	if (!ok) {
		log_error("oidc %s: the discovery document has another issuer or lacks an endpoint",
		          p->name);
		cache_clear(fresh);
		return OIDC_UNREACHABLE;
	}
	fresh->discovery_until = now + seconds;
	return OIDC_OK;
}

/* The endpoints of p, copied into the arena: from the cache, or fetched. */
struct endpoints {
	char *authorization, *token, *jwks;
	char *userinfo; /* NULL: none */
};

static char *mm_arena_cstr(struct arena *a, const char *s)
{
	return str_dup(a, str_from(s));
}

static enum oidc_outcome endpoints_get(struct arena *a, const struct oidc_provider_config *p,
                                       int64_t now, struct endpoints *out)
{
	struct provider_cache *c = cache_of(p);
	pthread_mutex_lock(&c->lock);
	bool fresh = c->token_endpoint && now < c->discovery_until;
	bool resting = !fresh && c->failed_at && now - c->failed_at < OIDC_RETRY_S;
	if (fresh) {
		out->authorization = mm_arena_cstr(a, c->authorization_endpoint);
		out->token = mm_arena_cstr(a, c->token_endpoint);
		out->jwks = mm_arena_cstr(a, c->jwks_uri);
		out->userinfo =
		    c->userinfo_endpoint ? mm_arena_cstr(a, c->userinfo_endpoint) : NULL;
	}
	pthread_mutex_unlock(&c->lock);
	if (resting)
		return OIDC_UNREACHABLE;
	if (fresh)
		return out->authorization && out->token && out->jwks ? OIDC_OK : OIDC_UNREACHABLE;
	struct provider_cache got = {0};
	enum oidc_outcome o = discovery_fetch(p, &got, now);
	pthread_mutex_lock(&c->lock);
	if (o == OIDC_OK) {
		free(c->authorization_endpoint);
		free(c->token_endpoint);
		free(c->jwks_uri);
		free(c->userinfo_endpoint);
		c->authorization_endpoint = got.authorization_endpoint;
		c->token_endpoint = got.token_endpoint;
		c->jwks_uri = got.jwks_uri;
		c->userinfo_endpoint = got.userinfo_endpoint;
		c->discovery_until = got.discovery_until;
		c->failed_at = 0;
		out->authorization = mm_arena_cstr(a, c->authorization_endpoint);
		out->token = mm_arena_cstr(a, c->token_endpoint);
		out->jwks = mm_arena_cstr(a, c->jwks_uri);
		out->userinfo =
		    c->userinfo_endpoint ? mm_arena_cstr(a, c->userinfo_endpoint) : NULL;
	} else {
		c->failed_at = now;
	}
	pthread_mutex_unlock(&c->lock);
	if (o == OIDC_OK && !(out->authorization && out->token && out->jwks))
		return OIDC_UNREACHABLE;
	return o;
}

/* The key set of p parsed into *jwks: the cached one, or fetched when it
 * expired or, at most every OIDC_JWKS_REFETCH_S, when it lacks kid. */
static enum oidc_outcome jwks_get(const struct oidc_provider_config *p, const char *jwks_uri,
                                  const char *kid, int64_t now, json_t **jwks)
{
	struct provider_cache *c = cache_of(p);
	*jwks = NULL;
	pthread_mutex_lock(&c->lock);
	if (c->jwks && now < c->jwks_until)
		*jwks = json_loads(c->jwks, 0, NULL);
	bool may_refetch = now - c->jwks_fetched_at >= OIDC_JWKS_REFETCH_S;
	pthread_mutex_unlock(&c->lock);
	if (*jwks && kid && may_refetch) {
		bool known = false;
		size_t i;
		json_t *k;
		json_array_foreach(json_object_get(*jwks, "keys"), i, k)
		{
			const char *v = json_string_value(json_object_get(k, "kid"));
			known |= v && strcmp(v, kid) == 0;
		}
		if (!known) {
			json_decref(*jwks);
			*jwks = NULL; /* a new key: the provider may have rotated */
		}
	}
	if (*jwks)
		return OIDC_OK;
	json_t *doc;
	int64_t seconds;
	if (json_get(jwks_uri, &doc, &seconds) || !json_is_array(json_object_get(doc, "keys"))) {
		json_decref(doc);
		pthread_mutex_lock(&c->lock);
		c->failed_at = now;
		pthread_mutex_unlock(&c->lock);
		return OIDC_UNREACHABLE;
	}
	char *text = json_dumps(doc, JSON_COMPACT);
	pthread_mutex_lock(&c->lock);
	if (text) {
		free(c->jwks);
		c->jwks = text;
		c->jwks_until = now + seconds;
		c->jwks_fetched_at = now;
	}
	pthread_mutex_unlock(&c->lock);
	*jwks = doc;
	return OIDC_OK;
}

/* ---- the two steps of a sign-in ---------------------------------------- */

static enum mm_err param(struct buf *b, const char *name, const char *value)
{
	enum mm_err e;
	if ((b->n && (e = buf_append_char(b, '&'))) || (e = buf_append_cstr(b, name)) ||
	    (e = buf_append_char(b, '=')) || (e = buf_append_urlenc(b, str_from(value))))
		return e;
	return MM_OK;
}

enum mm_err oidc_authorization_url(struct arena *a, const struct oidc_provider_config *p,
                                   const struct oidc_request *q, int64_t now, char **url,
                                   enum oidc_outcome *o)
{
	struct endpoints ep;
	*url = NULL;
	if ((*o = endpoints_get(a, p, now, &ep)))
		return MM_OK;
	struct buf b;
	enum mm_err e;
	buf_init(&b, a, 8192);
	if ((e = param(&b, "response_type", "code")) ||
	    (e = param(&b, "client_id", p->client_id)) ||
	    (e = param(&b, "redirect_uri", q->redirect_uri)) ||
	    (e = param(&b, "scope", p->scope)) || (e = param(&b, "state", q->state)) ||
	    (e = param(&b, "nonce", q->nonce)) || (e = param(&b, "code_challenge", q->challenge)) ||
	    (e = param(&b, "code_challenge_method", "S256")))
		return e;
	*url = arena_printf(a, "%s%c%s", ep.authorization,
	                    strchr(ep.authorization, '?') ? '&' : '?', buf_cstr(&b));
	return *url ? MM_OK : MM_ERR_NOMEM;
}

/* "Authorization: Basic …" of RFC 6749 2.3.1 (id and secret
 * form-encoded, then base64), in the arena. */
static char *basic_auth(struct arena *a, const char *id, const char *secret)
{
	struct buf b;
	buf_init(&b, a, 4096);
	if (buf_append_urlenc(&b, str_from(id)) || buf_append_char(&b, ':') ||
	    buf_append_urlenc(&b, str_from(secret)))
		return NULL;
	size_t len = sodium_base64_encoded_len(b.n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, len + 32);
	if (!out)
		return NULL;
	memcpy(out, "Authorization: Basic ", 21);
	sodium_bin2base64(out + 21, len, (const unsigned char *)b.p, b.n,
	                  sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(b.p, b.n);
	return out;
}

/* The token endpoint's answer: its id_token, or why there is none. */
static enum oidc_outcome token_request(struct arena *a, const struct oidc_provider_config *p,
                                       const char *token_endpoint, const struct oidc_exchange *x,
                                       struct str *id_token, char **access_token)
{
	const char *secret = cache_of(p)->secret;
	struct buf form;
	buf_init(&form, a, 16384);
	char *code = str_dup(a, x->code);
	char *auth = p->auth == OIDC_AUTH_BASIC ? basic_auth(a, p->client_id, secret) : NULL;
	if (!code || (p->auth == OIDC_AUTH_BASIC && !auth) ||
	    param(&form, "grant_type", "authorization_code") || param(&form, "code", code) ||
	    param(&form, "redirect_uri", x->redirect_uri) ||
	    param(&form, "code_verifier", x->verifier) ||
	    (p->auth == OIDC_AUTH_POST &&
	     (param(&form, "client_id", p->client_id) || param(&form, "client_secret", secret))))
		return OIDC_UNREACHABLE;
	long status;
	struct answer ans;
	enum oidc_outcome o = http_call(token_endpoint, buf_cstr(&form), auth, &status, &ans);
	sodium_memzero(form.p, form.n);
	if (auth)
		sodium_memzero(auth, strlen(auth));
	if (o)
		return o;
	json_t *doc = json_loadb(ans.body, ans.n, JSON_REJECT_DUPLICATES, NULL);
	free(ans.body);
	const char *t = json_string_value(json_object_get(doc, "id_token"));
	const char *at = json_string_value(json_object_get(doc, "access_token"));
	if (status == 200 && t)
		*id_token = (struct str){str_dup(a, str_from(t)), strlen(t)};
	if (status == 200 && at && strlen(at) <= OIDC_ACCESS_TOKEN_MAX && !strpbrk(at, "\r\n"))
		*access_token = str_dup(a, str_from(at));
	else if (status == 400 || status == 401)
		o = OIDC_REJECTED;
	else
		o = OIDC_UNREACHABLE;
	if (o) {
		const char *error = json_string_value(json_object_get(doc, "error"));
		log_error("oidc %s: token endpoint answered %ld %.60s", p->name, status,
		          error ? error : "");
	}
	json_decref(doc);
	if (!o && !id_token->p)
		return OIDC_UNREACHABLE;
	return o;
}

/* The claims of the userinfo endpoint added to those of the ID token that
 * lack them (OpenID Connect Core 5.3: a provider may give the scopes'
 * claims there only), when its subject is the token's (5.3.2); an answer
 * that is missing, refused or of another subject adds nothing: the ID
 * token alone decides who signs in. */
static void userinfo_merge(struct arena *a, const char *url, const char *access_token,
                           json_t *claims)
{
	char *auth = arena_printf(a, "Authorization: Bearer %s", access_token);
	long status;
	struct answer ans;
	if (!auth)
		return;
	enum oidc_outcome o = http_call(url, NULL, auth, &status, &ans);
	sodium_memzero(auth, strlen(auth));
	if (o)
		return;
	json_t *info =
	    status == 200 ? json_loadb(ans.body, ans.n, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(ans.body);
	const char *sub = json_string_value(json_object_get(info, "sub"));
	const char *token_sub = json_string_value(json_object_get(claims, "sub"));
	if (json_is_object(info) && sub && token_sub && strcmp(sub, token_sub) == 0)
		json_object_update_missing(claims, info);
	else
		log_error("oidc: userinfo %.200s: status %ld, or not the token's subject", url,
		          status);
	json_decref(info);
}

enum mm_err oidc_code_exchange(struct arena *a, const struct oidc_provider_config *p,
                               const struct oidc_exchange *x, int64_t now, json_t **claims,
                               enum oidc_outcome *o, enum oidc_token_problem *problem)
{
	struct endpoints ep;
	struct str id_token = STR("");
	char *access_token = NULL;
	json_t *jwks;
	*claims = NULL;
	*problem = OIDC_TOKEN_OK;
	if ((*o = endpoints_get(a, p, now, &ep)) ||
	    (*o = token_request(a, p, ep.token, x, &id_token, &access_token)) ||
	    (*o = jwks_get(p, ep.jwks, oidc_token_kid(a, id_token), now, &jwks)))
		return MM_OK;
	struct oidc_expect expect = {
	    .issuer = p->issuer, .client_id = p->client_id, .nonce = x->nonce, .now = now};
	*problem = oidc_token_verify(id_token, jwks, &expect, claims);
	json_decref(jwks);
	if (*problem)
		*o = OIDC_BAD_TOKEN;
	else if (ep.userinfo && access_token)
		userinfo_merge(a, ep.userinfo, access_token, *claims);
	return MM_OK;
}
