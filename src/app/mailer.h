/*
 * mailer.h — the thread that delivers the outbox (the messages pages queue
 * with mail_queue, web/mail.h): over SMTP with libcurl when an SMTP URL is
 * set, retrying with growing delays, and otherwise as .eml files in the
 * mail directory (./data/mail for `make run`). It has its own database
 * connection and never blocks a request; it must never compose a message
 * itself (that happens inside the transaction of the change that causes it).
 *
 * A database that cannot be opened at start (PostgreSQL not up yet) is
 * tried again with a growing wait, never given up on while serving. Each
 * instance's mailer claims messages under a lease (store/outbox.h), so
 * several instances on one database send each message once; one claimed
 * by an instance that died is sent by another after the lease.
 */
#ifndef MM_APP_MAILER_H
#define MM_APP_MAILER_H

#include "core/email.h"
#include "store/account.h"

#define MAIL_BATCH 20          /* messages per delivery round */
#define MAIL_POLL_MS 1000      /* how often the outbox is read */
#define MAIL_RETRY_FIRST_S 60  /* first retry after a failure, doubling */
#define MAIL_RETRY_MAX_S 86400 /* up to a day */
#define MAIL_SEND_TIMEOUT_S 30 /* one SMTP delivery at most */
/* A claimed message is begun only while at least MAIL_SEND_TIMEOUT_S +
 * MAIL_LEASE_MARGIN_S of its lease (OUTBOX_LEASE_S, store/outbox.h) is
 * left; the rest of the round is released for the next one. */
#define MAIL_LEASE_MARGIN_S 10
#define MAIL_OPEN_RETRY_FIRST_MS 250 /* the database cannot be opened: wait, */
#define MAIL_OPEN_RETRY_MAX_MS 30000 /* doubling up to this, and try again */

struct mailer_config {
	const char *db;       /* the mailer opens its own connection */
	const char *dir;      /* .eml files when there is no SMTP URL */
	const char *smtp_url; /* smtp://host:25, smtps://… */
	const char *from;     /* envelope and header From */
};

/* Whether an SMTP URL may be used. One that carries credentials
 * (smtp://user:password@host) must be smtps://, or smtp:// on which
 * STARTTLS is then required (libcurl's CURLUSESSL_ALL: no TLS, no mail),
 * so that a password never crosses the network in clear; false with a
 * one-line reason otherwise. */
bool mailer_smtp_url_ok(const char *url, char err[256]);

/* The sender address when MAMORI_MAIL_FROM is unset or empty. */
#define MAILER_FROM_DEFAULT "no-reply@localhost"
/* The sender address of every message into from: value (MAMORI_MAIL_FROM)
 * read by the rule of every address, core_email_normalise (full-width
 * letters are fine, it is lower-cased), or MAILER_FROM_DEFAULT when value
 * is NULL or empty. False, with a one-line reason naming the setting in
 * err, when value is not an address: it would be the From line of every
 * mail, and a line break in it a header of its own. */
bool mailer_from_read(const char *value, char from[EMAIL_MAX_CHARS + 1], char err[256]);

/* Starts the thread (c is copied; its strings must outlive the thread). */
MM_MUST_USE enum mm_err mailer_start(const struct mailer_config *c);
/* Asks the thread to stop and waits for it (a round in flight finishes). */
void mailer_stop(void);
/* One delivery round (tests and the thread): claims what is due at now
 * and sends it. */
MM_MUST_USE enum mm_err mailer_deliver_due(struct store *s, int64_t now, size_t *delivered);

#endif
