/*
 * site_contact.h — the address of the people who run this site
 * (MAMORI_CONTACT_EMAIL), for the pages that say whom to write to: the
 * footer of every page, /help, a refusal that says how to ask for a
 * right, the 500 page, /.well-known/security.txt. Unset (or empty), no page mentions a contact: no
 * empty link, the pages read as they do without one.
 *
 * Set once by `mamori serve`, before the schema is touched and before any
 * serving thread exists, and only read afterwards. The address is read through
 * core_email_normalise, the rule of every other address, so a malformed value stops the start
 * rather than reaching a page; its mailto: URL is percent-encoded here, and both go into templates
 * as values, escaped there like any other.
 */
#ifndef MM_WEB_SITE_CONTACT_H
#define MM_WEB_SITE_CONTACT_H

#include <stdbool.h>

#include "lib/arena.h"
#include "view/value.h"

/* Reads MAMORI_CONTACT_EMAIL (value may be NULL or empty: no contact);
 * false, and a one-line reason in err, when it is not an address. */
bool site_contact_configure(const char *value, char err[256]);

/* The address's mailto: URL (percent-encoded), NULL when none is set. */
const char *site_contact_mailto(void);

/* ctx.site_contact = {address, mailto} when an address is set, false
 * otherwise (so that {{#site_contact}} shows nothing). False when the
 * arena is full. */
bool site_contact_set(struct arena *a, struct val *ctx);

#endif
