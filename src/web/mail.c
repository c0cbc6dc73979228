/*
 * mail.c — see mail.h.
 */
#include "web/mail.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/ip_address.h"
#include "lib/log.h"

/* The site's address, copied once before serving (or before `admin
 * create` prints its link); "" until then. Room for the default too:
 * "http://" and a listen address of up to 255 bytes of host and a port. */
static char base_url[2 * MAIL_BASE_URL_MAX];

static bool is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A DNS name: labels of letters, digits and hyphens (not first or last),
 * 1 to 63 bytes, separated by single dots. */
static bool host_name_ok(struct str host)
{
	size_t label = 0;
	for (size_t i = 0; i < host.n; i++) {
		char c = host.p[i];
		if (c == '.' && label > 0 && host.p[i - 1] != '-')
			label = 0;
		else if (is_ascii_alnum(c) || (c == '-' && label > 0))
			label++;
		else
			return false;
		if (label > 63)
			return false;
	}
	return label > 0 && host.p[host.n - 1] != '-';
}

/* "[V6]": an IPv6 literal in brackets, as in a URL. */
static bool host_ipv6_ok(struct str host)
{
	struct ip_address a;
	return host.n > 2 && host.p[0] == '[' && host.p[host.n - 1] == ']' &&
	       ip_address_parse((struct str){host.p + 1, host.n - 2}, &a) && a.family == AF_INET6;
}

/* ":PORT" with PORT from 1 to 65535, or nothing. */
static bool port_ok(struct str port)
{
	long n;
	return port.n == 0 ||
	       (port.p[0] == ':' && port.n > 1 && port.n <= 6 &&
	        str_to_long((struct str){port.p + 1, port.n - 1}, 1, 65535, &n) == MM_OK);
}

/* "/" and what follows: letters, digits, "-._~", "/" (never two in a
 * row) and %XX escapes; or nothing. No '?', '#', space or control
 * character can pass, nor anything a link's reader could take for one. */
static bool path_ok(struct str path)
{
	if (path.n == 0)
		return true;
	if (path.p[0] != '/')
		return false;
	for (size_t i = 0; i < path.n; i++) {
		char c = path.p[i];
		if (c == '/' && i + 1 < path.n && path.p[i + 1] == '/')
			return false;
		if (c == '%') {
			if (i + 2 >= path.n || !isxdigit((unsigned char)path.p[i + 1]) ||
			    !isxdigit((unsigned char)path.p[i + 2]))
				return false;
			i += 2;
		} else if (!is_ascii_alnum(c) && !strchr("-._~/", c)) {
			return false;
		}
	}
	return true;
}

bool mail_base_url_ok(const char *url)
{
	size_t n = strlen(url), scheme;
	if (n > MAIL_BASE_URL_MAX)
		return false;
	if (strncmp(url, "https://", 8) == 0)
		scheme = 8;
	else if (strncmp(url, "http://", 7) == 0)
		scheme = 7;
	else
		return false;
	struct str rest = {url + scheme, n - scheme};
	/* the host ends at the port or the path; a bracketed one at its ']' */
	long bracket = rest.n && rest.p[0] == '[' ? str_index(rest, ']') : -1;
	size_t host_n = bracket >= 0 ? (size_t)bracket + 1 : strcspn(rest.p, ":/");
	struct str host = {rest.p, host_n};
	size_t port_n =
	    host_n < rest.n && rest.p[host_n] == ':' ? strcspn(rest.p + host_n, "/") : 0;
	struct str port = {rest.p + host_n, port_n};
	struct str path = {port.p + port_n, rest.n - host_n - port_n};
	return (host_name_ok(host) || host_ipv6_ok(host)) && port_ok(port) && path_ok(path);
}

bool mail_base_url_configure(const char *value, const char *listen, char err[256])
{
	char shown[LOG_SETTING_SHOWN_BYTES];
	base_url[0] = '\0';
	if (value && *value) {
		if (!mail_base_url_ok(value)) {
			snprintf(
			    err, 256,
			    "MAMORI_BASE_URL=%s: expected http:// or https://, a host, maybe a "
			    ":port and a path, nothing else (https://mamori.example.jp)",
			    log_setting_shown(shown, value));
			return false;
		}
		snprintf(base_url, sizeof base_url, "%s", value); /* fits: at most MAX */
		return true;
	}
	if (!listen)
		return true;
	int n = snprintf(base_url, sizeof base_url, "http://%s", listen);
	if (n < 0 || (size_t)n >= sizeof base_url) {
		base_url[0] = '\0';
		snprintf(err, 256,
		         "MAMORI_BASE_URL is unset and http://%s is too long to stand for it",
		         log_setting_shown(shown, listen));
		return false;
	}
	return true;
}

enum lang mail_lang_from_code(struct str code)
{
	enum lang l = LANG_JA;
	return lang_from_code(code, &l) ? l : LANG_JA;
}

enum lang mail_lang_of(const struct user *u)
{
	return mail_lang_from_code(u->lang);
}

char *mail_link(struct arena *a, const char *path)
{
	const char *base = base_url[0] ? base_url : "http://127.0.0.1:8080";
	size_t n = strlen(base);
	return arena_printf(a, "%.*s%s", (int)(n && base[n - 1] == '/' ? n - 1 : n), base, path);
}

enum mm_err mail_queue(struct store *s, struct arena *a, enum lang l, const char *kind,
                       struct str to, const char *link, int64_t now)
{
	static const char *const names[] = {"link", "email"};
	char subject_key[64], body_key[64];
	snprintf(subject_key, sizeof subject_key, "mail.%s.subject", kind);
	snprintf(body_key, sizeof body_key, "mail.%s.body", kind);
	const struct str values[] = {str_from(link ? link : ""), to};
	char *subject = i18n_fill(a, l, subject_key, names, values, 2);
	char *body = i18n_fill(a, l, body_key, names, values, 2);
	if (!subject || !body)
		return MM_ERR_NOMEM;
	struct mail m = {to, str_from(subject), str_from(body)};
	return store_outbox_insert(s, &m, now);
}

#define MAIL_FIELDS_MAX 8

/* Message KIND in language l with {email} and the caller's fields. */
static enum mm_err compose(struct arena *a, enum lang l, const char *kind, struct str to,
                           const char *const names[], const struct str values[], size_t n,
                           struct mail *m)
{
	const char *all_names[MAIL_FIELDS_MAX + 1] = {"email"};
	struct str all_values[MAIL_FIELDS_MAX + 1] = {to};
	char subject_key[64], body_key[64];
	if (n > MAIL_FIELDS_MAX)
		return MM_ERR_INVALID;
	for (size_t i = 0; i < n; i++) {
		all_names[i + 1] = names[i];
		all_values[i + 1] = values[i];
	}
	snprintf(subject_key, sizeof subject_key, "mail.%s.subject", kind);
	snprintf(body_key, sizeof body_key, "mail.%s.body", kind);
	char *subject = i18n_fill(a, l, subject_key, all_names, all_values, n + 1);
	char *body = i18n_fill(a, l, body_key, all_names, all_values, n + 1);
	if (!subject || !body)
		return MM_ERR_NOMEM;
	*m = (struct mail){to, str_from(subject), str_from(body)};
	return MM_OK;
}

enum mm_err mail_queue_fields(struct store *s, struct arena *a, enum lang l, const char *kind,
                              struct str to, const char *const names[], const struct str values[],
                              size_t n, int64_t now)
{
	return mail_queue_attached(s, a, l, kind, to, names, values, n, NULL, now);
}

enum mm_err mail_queue_attached(struct store *s, struct arena *a, enum lang l, const char *kind,
                                struct str to, const char *const names[], const struct str values[],
                                size_t n, const struct mail_attachment *attachment, int64_t now)
{
	struct mail m;
	enum mm_err e = compose(a, l, kind, to, names, values, n, &m);
	if (e)
		return e;
	if (!attachment)
		return store_outbox_insert(s, &m, now);
	if (attachment->data.n > MAIL_ATTACHMENT_MAX_BYTES)
		return MM_ERR_INVALID;
	return store_outbox_insert_attached(s, &m, attachment, now);
}

enum mm_err mail_queue_unsubscribable(struct store *s, struct arena *a, enum lang l,
                                      const char *kind, struct str to, const char *const names[],
                                      const struct str values[], size_t n,
                                      const char *list_unsubscribe, int64_t now)
{
	struct mail m;
	enum mm_err e = compose(a, l, kind, to, names, values, n, &m);
	if (e)
		return e;
	return store_outbox_insert_unsubscribable(s, &m, str_from(list_unsubscribe), now);
}
