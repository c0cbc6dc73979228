/*
 * identity_notify.c — see identity_notify.h. Each owner gets the mail in
 * their own language (pages/shared/owner_mail.h); it says what happened
 * and that everything else stays, and links the organisation.
 */
#include "pages/identity/identity_notify.h"

#include "pages/shared/owner_mail.h"
#include "web/mail.h"

enum mm_err identity_notify_number_lost(struct req *r, struct store *s,
                                        const struct identity_moved *moved, struct str number)
{
	if (!moved->claim_id)
		return MM_OK;
	const char *link = mail_link(r->arena, "/org");
	if (!link)
		return MM_ERR_NOMEM;
	const char *const names[] = {"number", "organisation", "link"};
	const struct str values[] = {number, moved->holder_name, str_from(link)};
	return owner_mail_queue(r, s, moved->holder_id, "identity_number_lost", names, values, 3);
}
