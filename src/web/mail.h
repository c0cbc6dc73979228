/*
 * mail.h — composing e-mail for the pages. A message is written from the
 * catalogue in the recipient's language and put in the outbox table inside
 * the caller's transaction, so it exists exactly when the change that
 * causes it does. Delivering the outbox is not done here: that is the
 * mailer thread's job (app/mailer.h); a page never talks to a mail server.
 */
#ifndef MM_MAIL_H
#define MM_MAIL_H

#include "store/account.h"
#include "view/i18n.h"

/* The site's address for links in messages ("http://host:port", no
 * trailing slash needed); set once at start. */
void mail_set_base_url(const char *url);
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
