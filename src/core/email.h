/*
 * email.h — the one rule for an e-mail address typed by anyone: sign-up,
 * log-in, a forgotten password, a change of address, the administrators'
 * search and `mamori admin create`, an organisation's contact address,
 * invitations, supporter grants and the site's own contact address
 * (MAMORI_CONTACT_EMAIL) all read addresses through it, so an
 * address that is accepted in one place is found in every other.
 *
 * Pure: no I/O, no clock; the normalised address is written into the arena
 * the caller hands in. It never tries to tell whether the address exists
 * or receives mail: that is what the confirmation link is for.
 */
#ifndef MM_CORE_EMAIL_H
#define MM_CORE_EMAIL_H

#include "lib/arena.h"
#include "lib/str.h"

#define EMAIL_MAX_CHARS 254 /* RFC 5321's limit on a path, in bytes after NFKC */
#define EMAIL_MIN_CHARS 3   /* "a@b" is the shortest shape with an '@' between */

enum email_check {
	EMAIL_OK,
	EMAIL_EMPTY,   /* nothing typed */
	EMAIL_INVALID, /* not the shape of an address, or too long */
	EMAIL_NOMEM,
};

/* NFKC-normalised (full-width letters and ＠ are fine), ASCII letters
 * lower-cased; exactly one '@' with something before it and a domain
 * after it that has a dot, neither starts nor ends with one; no spaces,
 * control characters or the characters mail headers treat specially
 * (< > , ; "); EMAIL_MIN_CHARS…EMAIL_MAX_CHARS bytes. On EMAIL_OK *out is
 * the normalised address, in a. */
enum email_check core_email_normalise(struct arena *a, struct str in, struct str *out);

#endif
