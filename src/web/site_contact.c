/*
 * site_contact.c — see site_contact.h.
 */
#include "web/site_contact.h"

#include <stdio.h>
#include <string.h>

#include "core/email.h"
#include "lib/str.h"

/* "mailto:" and every byte of the address as %XX at most. */
#define SITE_CONTACT_MAILTO_MAX (sizeof "mailto:" + 3 * EMAIL_MAX_CHARS)
/* Room for normalising one address (NFKC may grow it). */
#define SITE_CONTACT_ARENA_BYTES (16u * 1024)

static char address[EMAIL_MAX_CHARS + 1]; /* "" when unset */
static char mailto[SITE_CONTACT_MAILTO_MAX];

/* "mailto:" + the address with both its parts percent-encoded (RFC 6068),
 * so that a '?', '#', '&', '%' or non-ASCII byte of the address is read as
 * part of it, never as the start of the URL's header fields or fragment. */
static enum mm_err mailto_of(struct arena *a, struct str email, struct str *out)
{
	long at = str_index(email, '@');
	struct buf b;
	buf_init(&b, a, SITE_CONTACT_MAILTO_MAX);
	enum mm_err e;
	if ((e = buf_append_cstr(&b, "mailto:")) ||
	    (e = buf_append_urlenc(&b, (struct str){email.p, (size_t)at})) ||
	    (e = buf_append_char(&b, '@')) ||
	    (e = buf_append_urlenc(&b, (struct str){email.p + at + 1, email.n - (size_t)at - 1})))
		return e;
	*out = buf_str(&b);
	return MM_OK;
}

/* The normalised address and its mailto: URL into the static copies. */
static bool keep_contact(struct str value, char err[256])
{
	struct arena a;
	struct str email, url;
	arena_init(&a, SITE_CONTACT_ARENA_BYTES);
	bool ok = core_email_normalise(&a, value, &email) == EMAIL_OK &&
	          mailto_of(&a, email, &url) == MM_OK && url.n < sizeof mailto;
	if (ok) {
		memcpy(address, email.p, email.n);
		address[email.n] = '\0';
		memcpy(mailto, url.p, url.n);
		mailto[url.n] = '\0';
	} else {
		snprintf(err, 256,
		         "MAMORI_CONTACT_EMAIL: not an e-mail address (e.g. info@example.jp)");
	}
	arena_free(&a);
	return ok;
}

bool site_contact_configure(const char *value, char err[256])
{
	address[0] = mailto[0] = '\0';
	if (!value || !*value)
		return true;
	return keep_contact(str_from(value), err);
}

const char *site_contact_mailto(void)
{
	return address[0] ? mailto : NULL;
}

bool site_contact_set(struct arena *a, struct val *ctx)
{
	if (!address[0])
		return val_set_bool(a, ctx, "site_contact", false);
	struct val *contact = val_set_obj(a, ctx, "site_contact");
	return contact && val_set_cstr(a, contact, "address", address) &&
	       val_set_cstr(a, contact, "mailto", mailto);
}
