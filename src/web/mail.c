/*
 * mail.c — see mail.h.
 */
#include "web/mail.h"

#include <stdio.h>
#include <string.h>

/* Set once before serving (or before `admin create` prints its link). */
static const char *base_url;

void mail_set_base_url(const char *url)
{
	base_url = url;
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
	const char *base = base_url ? base_url : "http://127.0.0.1:8080";
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
