/*
 * mail_rate.h — how often a form that sends a mail (and hashes a password)
 * may be used: signing up, asking for a new password, a confirmation link
 * sent again at log-in, an invitation. Each costs a mail to someone's
 * inbox and an argon2 hash, so a flood would fill mailboxes and the CPU.
 *
 * Two token buckets (web/ratelimit.h) per use: one for the client's
 * network (its IPv4 address or IPv6 /64, after web/proxy.h), one for the
 * recipient's address (so nobody can bury one inbox in mail from many
 * networks). MAMORI_MAIL_RATE="NETWORK/ADDRESS" sets how many mails each
 * may cause in an hour (and at once), default MAIL_RATE_NETWORK_PER_HOUR /
 * MAIL_RATE_ADDRESS_PER_HOUR: enough for an office where everyone signs up
 * the same morning, far too few for a flood. "0" turns the limit off.
 * The buckets are this process's (as the verification limit's).
 */
#ifndef MM_WEB_MAIL_RATE_H
#define MM_WEB_MAIL_RATE_H

#include "web/req.h"

#define MAIL_RATE_NETWORK_PER_HOUR 60
#define MAIL_RATE_ADDRESS_PER_HOUR 6

/* Reads MAMORI_MAIL_RATE; false (and a reason) when it is malformed. */
bool mail_rate_configure(const char *spec, char err[256]);

/* Takes one mail from the allowance of the request's network and of
 * address (normalised by the caller). False when either is spent;
 * *retry_after_s then says when to try again. */
bool mail_rate_take(struct req *r, struct str address, unsigned *retry_after_s);

#endif
