/*
 * management_taker.c — see management_taker.h.
 */
#include "pages/management/management_taker.h"

#include <sodium.h>
#include <string.h>

enum mm_err management_taker_load(struct req *r, struct store *s, struct management_taker *out)
{
	struct org_membership m;
	struct str token;
	memset(out, 0, sizeof *out);
	if (!r->user) {
		out->owner.kind = CHECK_OWNER_ANONYMOUS;
		out->has_token = cookie_get_token(r, MANAGEMENT_COOKIE, &token);
		if (out->has_token)
			token_hash(token, out->owner.token_hash);
		return MM_OK;
	}
	out->signed_in = true;
	enum mm_err e = store_org_membership_of(s, r->user->id, &m);
	if (e == MM_ERR_NOT_FOUND) {
		out->owner.kind = CHECK_OWNER_USER;
		out->owner.id = r->user->id;
		return MM_OK;
	}
	if (e || (e = store_org_by_id(s, r->arena, m.organisation_id, &out->org)))
		return e;
	out->has_org = true;
	out->owner.kind = CHECK_OWNER_ORG;
	out->owner.id = out->org.id;
	return MM_OK;
}

struct str management_taker_org_field(const struct management_taker *t)
{
	return t->has_org ? t->org.public_id : STR("");
}

enum mm_err management_cookie_set(struct req *r, struct res *res, const char *token, long max_age)
{
	return cookie_set(r, res, MANAGEMENT_COOKIE, token, max_age);
}

bool management_cookie_matches(struct req *r, const unsigned char hash[TOKEN_HASH_BYTES])
{
	struct str token;
	unsigned char mine[TOKEN_HASH_BYTES];
	if (!cookie_get_token(r, MANAGEMENT_COOKIE, &token))
		return false;
	token_hash(token, mine);
	return sodium_memcmp(mine, hash, TOKEN_HASH_BYTES) == 0;
}
