/*
 * fetch.c — see fetch.h. One libcurl easy handle per fetch, redirects
 * followed by this file (libcurl's own following is off), the address of
 * every connection checked in CURLOPT_OPENSOCKETFUNCTION.
 */
#include "web/fetch.h"
#include "lib/clock.h"
#include "lib/log.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define SNIFF_BYTES 512

static struct ip_prefix allowed[FETCH_ALLOW_MAX];
static size_t allowed_count;
static bool curl_ready;

bool fetch_configure(const char *spec, char err[256])
{
	allowed_count = 0;
	if (spec && *spec &&
	    !ip_prefix_list_parse(spec, allowed, FETCH_ALLOW_MAX, &allowed_count)) {
		char shown[LOG_SETTING_SHOWN_BYTES];
		snprintf(
		    err, 256,
		    "MAMORI_FETCH_ALLOW=%s: expected up to %d address prefixes separated by commas"
		    " (127.0.0.0/8,::1/128)",
		    log_setting_shown(shown, spec), FETCH_ALLOW_MAX);
		return false;
	}
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, 256, "libcurl could not start");
		return false;
	}
	curl_ready = true;
	return true;
}

void fetch_free(void)
{
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = false;
}

bool fetch_address_allowed(const struct ip_address *a)
{
	if (ip_address_is_public(a))
		return true;
	for (size_t i = 0; i < allowed_count; i++)
		if (ip_prefix_contains(&allowed[i], a))
			return true;
	return false;
}

const char *fetch_outcome_name(enum fetch_outcome o)
{
	static const char *const names[] = {
	    [FETCH_OK] = "ok",
	    [FETCH_BAD_ADDRESS] = "bad_address",
	    [FETCH_REFUSED] = "refused",
	    [FETCH_UNREACHABLE] = "unreachable",
	    [FETCH_TIMEOUT] = "timeout",
	    [FETCH_TOO_LARGE] = "too_large",
	    [FETCH_TOO_MANY_REDIRECTS] = "too_many_redirects",
	    [FETCH_STATUS] = "status",
	    [FETCH_NOT_DOCUMENT] = "not_document",
	};
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "unreachable";
}

const char *fetch_kind_name(enum fetch_kind k)
{
	return k == FETCH_KIND_HTML ? "html" : k == FETCH_KIND_PDF ? "pdf" : "";
}

/* ---- one transfer ---------------------------------------------------------- */

/* What the callbacks of one transfer share. */
struct transfer {
	bool refused;   /* a connection was refused by the address rule */
	bool too_large; /* the body went past FETCH_MAX_BODY */
	int64_t size;
	unsigned char head[SNIFF_BYTES];
	size_t head_n;
	crypto_hash_sha256_state hash;
};

/* The address libcurl is about to connect to, as resolved: refused
 * unless fetch_address_allowed. */
static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct transfer *t = arg;
	struct ip_address ip = {0};
	if (purpose != CURLSOCKTYPE_IPCXN)
		goto refused;
	if (sa->family == AF_INET && sa->addrlen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)&sa->addr;
		ip.family = AF_INET;
		memcpy(ip.bytes, &in->sin_addr, 4);
	} else if (sa->family == AF_INET6 && sa->addrlen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)(const void *)&sa->addr;
		ip.family = AF_INET6;
		memcpy(ip.bytes, &in6->sin6_addr, 16);
	} else {
		goto refused;
	}
	if (!fetch_address_allowed(&ip))
		goto refused;
	return socket(sa->family, sa->socktype, sa->protocol);
refused:
	t->refused = true;
	return CURL_SOCKET_BAD;
}

static size_t take_body(char *data, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;
	if ((uint64_t)t->size + len > FETCH_MAX_BODY) {
		t->too_large = true;
		return 0; /* stops the transfer */
	}
	if (t->head_n < SNIFF_BYTES) {
		size_t k = len < SNIFF_BYTES - t->head_n ? len : SNIFF_BYTES - t->head_n;
		memcpy(t->head + t->head_n, data, k);
		t->head_n += k;
	}
	crypto_hash_sha256_update(&t->hash, (const unsigned char *)data, len);
	t->size += (int64_t)len;
	return len;
}

/* The media type of a Content-Type, lowercase, without parameters; ""
 * when there is none or it is not one (the server's bytes are stored and
 * shown, so only the characters of a media type are kept). */
static struct str media_type(struct arena *a, const char *content_type)
{
	struct str t = str_from(content_type ? content_type : "");
	long semi = str_index(t, ';');
	if (semi >= 0)
		t.n = (size_t)semi;
	t = str_trim(t);
	if (t.n > FETCH_MEDIA_TYPE_MAX)
		return STR("");
	char *low = arena_strndup(a, t.p, t.n);
	if (!low)
		return STR("");
	for (size_t i = 0; i < t.n; i++) {
		char ch = low[i];
		if (ch >= 'A' && ch <= 'Z')
			low[i] = (char)(ch - 'A' + 'a');
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		           strchr("!#$&^_.+-/", ch)))
			return STR("");
	}
	return (struct str){low, t.n};
}

/* Whether the body starts like an HTML document (after a BOM and blanks). */
static bool looks_like_html(const unsigned char *p, size_t n)
{
	static const char *const starts[] = {"<!doctype html", "<html", "<head", "<!--"};
	size_t i = 0;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
		size_t len = strlen(starts[k]);
		if (n - i >= len && strncasecmp((const char *)p + i, starts[k], len) == 0)
			return true;
	}
	return false;
}

/* A web page is what says so (text/html, application/xhtml+xml); a PDF
 * is what says so and starts with "%PDF-". A body sent without a useful
 * type is judged by its first bytes. */
static enum fetch_kind document_kind(struct str type, const struct transfer *t)
{
	bool pdf_magic = t->head_n >= 5 && memcmp(t->head, "%PDF-", 5) == 0;
	if (t->size == 0)
		return FETCH_KIND_NONE;
	if (str_eq(type, STR("text/html")) || str_eq(type, STR("application/xhtml+xml")))
		return FETCH_KIND_HTML;
	if (str_eq(type, STR("application/pdf")))
		return pdf_magic ? FETCH_KIND_PDF : FETCH_KIND_NONE;
	if (type.n == 0 || str_eq(type, STR("application/octet-stream")))
		return pdf_magic                             ? FETCH_KIND_PDF
		       : looks_like_html(t->head, t->head_n) ? FETCH_KIND_HTML
		                                             : FETCH_KIND_NONE;
	return FETCH_KIND_NONE;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Whether url is an http:// or https:// address that libcurl can read. */
static bool web_address(const char *url)
{
	CURLU *h = curl_url();
	char *scheme = NULL;
	bool ok = h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	          (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	curl_free(scheme);
	curl_url_cleanup(h);
	return ok;
}

static void set_common(CURL *c, struct transfer *t)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, ""); /* never through a proxy from the environment */
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, t);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_BODY);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mamori/" MAMORI_VERSION " (policy check)");
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
}

static enum fetch_outcome failed_transfer(CURLcode rc, const struct transfer *t)
{
	if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		return FETCH_TOO_LARGE;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return FETCH_TIMEOUT;
	if (t->refused)
		return FETCH_REFUSED;
	if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
		return FETCH_BAD_ADDRESS;
	return FETCH_UNREACHABLE;
}

/* Runs the transfers of one fetch on handle c. */
static enum mm_err fetch_with(CURL *c, struct arena *a, const char *start, struct fetch_result *out)
{
	int64_t deadline = clock_monotonic_ms() + FETCH_TIMEOUT_MS;
	char *url = arena_strdup(a, start);
	if (!url)
		return MM_ERR_NOMEM;
	for (;;) {
		struct transfer t = {0};
		char *type = NULL, *next = NULL;
		int64_t left = deadline - clock_monotonic_ms();
		out->final_url = str_from(url);
		if (!web_address(url)) {
			out->outcome = FETCH_BAD_ADDRESS;
			return MM_OK;
		}
		if (left <= 0) {
			out->outcome = FETCH_TIMEOUT;
			return MM_OK;
		}
		crypto_hash_sha256_init(&t.hash);
		set_common(c, &t);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)left);
		CURLcode rc = curl_easy_perform(c);
		out->size = t.size;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
		out->content_type = media_type(a, type);
		if (rc != CURLE_OK) {
			out->outcome = failed_transfer(rc, &t);
			return MM_OK;
		}
		if (is_redirect(out->status)) {
			curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &next);
			if (!next) {
				out->outcome = FETCH_STATUS;
				return MM_OK;
			}
			if (out->redirects == FETCH_MAX_REDIRECTS) {
				out->outcome = FETCH_TOO_MANY_REDIRECTS;
				return MM_OK;
			}
			out->redirects++;
			if (!(url = arena_strdup(a, next)))
				return MM_ERR_NOMEM;
			continue;
		}
		if (out->status != 200) {
			out->outcome = FETCH_STATUS;
			return MM_OK;
		}
		out->kind = document_kind(out->content_type, &t);
		if (out->kind == FETCH_KIND_NONE) {
			out->outcome = FETCH_NOT_DOCUMENT;
			return MM_OK;
		}
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&t.hash, digest);
		sodium_bin2hex(out->sha256, sizeof out->sha256, digest, sizeof digest);
		out->outcome = FETCH_OK;
		return MM_OK;
	}
}

enum mm_err fetch_document(struct arena *a, struct str url, struct fetch_result *out)
{
	memset(out, 0, sizeof *out);
	out->content_type = STR("");
	out->final_url = url;
	char *text = str_dup(a, url);
	if (!text)
		return MM_ERR_NOMEM;
	if (!curl_ready)
		return MM_ERR_INVALID;
	CURL *c = curl_easy_init();
	if (!c)
		return MM_ERR_NOMEM;
	enum mm_err e = fetch_with(c, a, text, out);
	curl_easy_cleanup(c);
	return e;
}
