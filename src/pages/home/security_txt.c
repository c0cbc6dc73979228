/*
 * security_txt.c — /.well-known/security.txt (RFC 9116): where someone who
 * finds a weakness in this site reports it. It names the site's contact
 * address (MAMORI_CONTACT_EMAIL, web/site_contact.h) and is 404 when none
 * is set, as every page that would name a contact says nothing then. The
 * file expires SECURITY_TXT_DAYS after the start of the day it is asked
 * on (UTC), so it reads the same all day and is never stale.
 */
#include "lib/civil.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/site_contact.h"

#define SECURITY_TXT_DAYS 180 /* RFC 9116 asks for less than a year */

static enum mm_err page_security_txt(struct req *r, struct res *res)
{
	const char *mailto = site_contact_mailto();
	if (!mailto) {
		page_error(r, res, 404);
		return MM_OK;
	}
	char expires[CIVIL_ISO_BYTES];
	civil_iso_utc(r->now - r->now % 86400 + (int64_t)SECURITY_TXT_DAYS * 86400, expires);
	const char *canonical = mail_link(r->arena, "/.well-known/security.txt");
	char *text = canonical
	                 ? arena_printf(r->arena,
	                                "Contact: %s\nExpires: %s\nPreferred-Languages: ja, en\n"
	                                "Canonical: %s\n",
	                                mailto, expires, canonical)
	                 : NULL;
	if (!text)
		return MM_ERR_NOMEM;
	return page_text(r, res, 200, "text/plain; charset=utf-8", str_from(text));
}

/* This file's routes, in dispatch order (see home_routes.c). */
const struct route_table security_txt_routes =
    ROUTE_TABLE(ROUTE_GET("/.well-known/security.txt", page_security_txt, RIGHT_PUBLIC));
