/*
 * identity_notify.c — see identity_notify.h. Each owner gets the mail in
 * their own language (the profile's, read by their account); it says
 * what happened and that everything else stays, and links the
 * organisation.
 */
#include "pages/identity/identity_notify.h"

#include "web/mail.h"

/* The mail to one owner, user owner_id, with the fields of the move. */
static enum mm_err tell_owner(struct req *r, struct store *s, int64_t owner_id,
                              const char *const names[], const struct str values[])
{
	struct user u;
	enum mm_err e = store_user_by_id(s, r->arena, owner_id, &u);
	if (e)
		return e;
	return mail_queue_fields(s, r->arena, mail_lang_of(&u), "identity_number_lost", u.email,
	                         names, values, 3, r->now);
}

enum mm_err identity_notify_number_lost(struct req *r, struct store *s,
                                        const struct identity_moved *moved, struct str number)
{
	struct org_member *members;
	size_t n;
	if (!moved->claim_id)
		return MM_OK;
	enum mm_err e = store_org_member_list(s, r->arena, moved->holder_id, &members, &n);
	const char *link = mail_link(r->arena, "/org");
	if (!e && !link)
		e = MM_ERR_NOMEM;
	const char *const names[] = {"number", "organisation", "link"};
	const struct str values[] = {number, moved->holder_name, str_from(link ? link : "")};
	for (size_t i = 0; !e && i < n; i++)
		if (members[i].role == ORG_ROLE_OWNER)
			e = tell_owner(r, s, members[i].user_id, names, values);
	return e;
}
