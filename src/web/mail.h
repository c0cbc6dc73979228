/*
 * mail.h — composing e-mail for the pages. A message is written from the
 * catalogue in the recipient's language and put in the outbox table inside
 * the caller's transaction, so it exists exactly when the change that
 * causes it does. Delivering the outbox is not done here: that is the
 * mailer thread's job (app/mailer.h); a page never talks to a mail server.
 * It also keeps the site's address (MAMORI_BASE_URL) that every absolute
 * link starts with, in mail and on pages and marks alike, checked once at
 * start so that a malformed one stops the start instead of every link.
 */
#ifndef MM_MAIL_H
#define MM_MAIL_H

#include "store/account.h"
#include "view/i18n.h"

/* The longest site address taken: a host name of 253 bytes and a short
 * path, well within what the mark's QR code holds. */
#define MAIL_BASE_URL_MAX 300
/* Whether url may start every absolute link of the site (in mail, on the
 * mark's QR code, on the declaration page): "http://" or "https://", a
 * host (letters, digits, dots and hyphens, or an IPv6 literal in
 * brackets), maybe ":PORT" (1-65535) and a path of letters, digits,
 * "-._~", single slashes and %XX escapes (a trailing '/' is fine); no
 * query, fragment, user name, space or control character; at most
 * MAIL_BASE_URL_MAX bytes. */
bool mail_base_url_ok(const char *url);
/* Sets the site's address for links, once at start: value
 * (MAMORI_BASE_URL) when it is set and not empty, else "http://" +
 * listen. False, with a one-line reason naming MAMORI_BASE_URL in err,
 * when value is not mail_base_url_ok; no address is set then. Both NULL:
 * none (links start with http://127.0.0.1:8080, the default listen
 * address). The address is copied. */
bool mail_base_url_configure(const char *value, const char *listen, char err[256]);
/* Absolute link to a path of this site. */
char *mail_link(struct arena *a, const char *path);
/* The language to write to u in: the one chosen in the profile, Japanese
 * when unset. */
enum lang mail_lang_of(const struct user *u);
/* The same from a stored language code ("ja", "en"): Japanese for "" or
 * any code the site does not write in. */
enum lang mail_lang_from_code(struct str code);
/* Queues message KIND (catalogue keys mail.KIND.subject, mail.KIND.body,
 * the {link} and {email} fields filled in) to the address. */
MM_MUST_USE enum mm_err mail_queue(struct store *s, struct arena *a, enum lang l, const char *kind,
                                   struct str to, const char *link, int64_t now);

/* The same with fields of the caller's own ({name} ↔ values[i]) beside
 * {email}, which is always the address. */
MM_MUST_USE enum mm_err mail_queue_fields(struct store *s, struct arena *a, enum lang l,
                                          const char *kind, struct str to,
                                          const char *const names[], const struct str values[],
                                          size_t n, int64_t now);
/* The same for a message the recipient asked for and may stop: with
 * list_unsubscribe (an absolute link, see mail_link) it carries the
 * List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058), so that
 * the mail program offers one button; NULL for none. */
MM_MUST_USE enum mm_err mail_queue_unsubscribable(struct store *s, struct arena *a, enum lang l,
                                                  const char *kind, struct str to,
                                                  const char *const names[],
                                                  const struct str values[], size_t n,
                                                  const char *list_unsubscribe, int64_t now);

/* mail_queue_fields() with a file sent beside the text (an event's
 * calendar entry); attachment NULL for none. */
MM_MUST_USE enum mm_err mail_queue_attached(struct store *s, struct arena *a, enum lang l,
                                            const char *kind, struct str to,
                                            const char *const names[], const struct str values[],
                                            size_t n, const struct mail_attachment *attachment,
                                            int64_t now);

#endif
