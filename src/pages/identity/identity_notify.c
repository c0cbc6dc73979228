/*
 * identity_notify.c — see identity_notify.h. The mail is Japanese (the
 * owners' language is not known from the membership list); it says what
 * happened and that everything else stays, and links the organisation.
 */
#include "pages/identity/identity_notify.h"

#include "web/mail.h"

enum mm_err identity_notify_number_lost(struct req *r, struct store *s,
                                        const struct identity_moved *moved, struct str number)
{
	struct org_member *members;
	size_t n;
	if (!moved->claim_id)
		return MM_OK;
	enum mm_err e = store_org_member_list(s, r->arena, moved->holder_id, &members, &n);
	const char *link = mail_link(r->arena, "/org");
	const char *const names[] = {"number", "organisation", "link"};
	const struct str values[] = {number, moved->holder_name, str_from(link)};
	for (size_t i = 0; !e && i < n; i++)
		if (members[i].role == ORG_ROLE_OWNER)
			e = mail_queue_fields(s, r->arena, LANG_JA, "identity_number_lost",
			                      members[i].email, names, values, 3, r->now);
	return e;
}
