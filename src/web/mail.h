/*
 * mail.h — e-mail. A message is composed from the catalogue in the
 * recipient's language and put in the outbox table inside the caller's
 * transaction, so it exists exactly when the change that causes it does.
 * The mailer thread delivers the outbox: over SMTP with libcurl when
 * MAMORI_SMTP_URL is set, retrying with growing delays, and otherwise as
 * .eml files in the mail directory (./data/mail for `make run`).
 */
#ifndef MM_MAIL_H
#define MM_MAIL_H

#include "store/account.h"
#include "view/i18n.h"

#define MAIL_BATCH 20          /* messages per delivery round */
#define MAIL_POLL_MS 1000      /* how often the outbox is read */
#define MAIL_RETRY_FIRST_S 60  /* first retry after a failure, doubling */
#define MAIL_RETRY_MAX_S 86400 /* up to a day */

struct mail_config {
	const char *db;       /* the mailer opens its own connection */
	const char *dir;      /* .eml files when there is no SMTP URL */
	const char *smtp_url; /* smtp://host:25, smtps://… */
	const char *from;     /* envelope and header From */
	const char *base_url; /* for links in messages */
};

void mail_configure(const struct mail_config *c);
/* Absolute link to a path of this site. */
char *mail_link(struct arena *a, const char *path);
/* Queues message KIND (catalogue keys mail.KIND.subject, mail.KIND.body,
 * the {link} and {email} fields filled in) to the address. */
enum mm_err mail_queue(struct store *s, struct arena *a, enum lang l, const char *kind,
                       struct str to, const char *link, int64_t now);

enum mm_err mailer_start(void);
void mailer_stop(void);
/* One delivery round (tests and the thread). */
enum mm_err mailer_deliver_due(struct store *s, int64_t now, size_t *delivered);

#endif
