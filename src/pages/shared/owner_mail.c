/*
 * owner_mail.c — see owner_mail.h.
 */
#include "pages/shared/owner_mail.h"

#include "store/org.h"
#include "web/mail.h"

/* The message to one owner, user owner_id, in their language. */
static enum mm_err queue_to_owner(struct req *r, struct store *s, int64_t owner_id,
                                  const char *kind, const char *const names[],
                                  const struct str values[], size_t n)
{
	struct user u;
	enum mm_err e = store_user_by_id(s, r->arena, owner_id, &u);
	if (e)
		return e;
	return mail_queue_fields(s, r->arena, mail_lang_of(&u), kind, u.email, names, values, n,
	                         r->now);
}

enum mm_err owner_mail_queue(struct req *r, struct store *s, int64_t org_id, const char *kind,
                             const char *const names[], const struct str values[], size_t n)
{
	struct org_member *members;
	size_t count;
	enum mm_err e = store_org_member_list(s, r->arena, org_id, &members, &count);
	for (size_t i = 0; !e && i < count; i++)
		if (members[i].role == ORG_ROLE_OWNER)
			e = queue_to_owner(r, s, members[i].user_id, kind, names, values, n);
	return e;
}
