/*
 * account.c — the accounts area's entry points (store/account.h): each passes the
 * call to the connection's driver, so that a caller, grep, ctags and a
 * debugger all follow one real function from a page down to the SQL.
 */
#include "store/account.h"

enum mm_err store_user_insert(struct store *s, const struct user *u, int64_t *id)
{
	return s->driver->account->user_insert(s, u, id);
}

enum mm_err store_user_by_email(struct store *s, struct arena *a, struct str email,
                                struct user *out)
{
	return s->driver->account->user_by_email(s, a, email, out);
}

enum mm_err store_user_by_id(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	return s->driver->account->user_by_id(s, a, id, out);
}

enum mm_err store_user_confirm(struct store *s, int64_t id, int64_t now)
{
	return s->driver->account->user_confirm(s, id, now);
}

enum mm_err store_user_set_password(struct store *s, int64_t id, struct str hash)
{
	return s->driver->account->user_set_password(s, id, hash);
}

enum mm_err store_user_set_email(struct store *s, int64_t id, struct str email)
{
	return s->driver->account->user_set_email(s, id, email);
}

enum mm_err store_user_set_profile(struct store *s, int64_t id, struct str name, struct str lang)
{
	return s->driver->account->user_set_profile(s, id, name, lang);
}

enum mm_err store_user_delete(struct store *s, int64_t id)
{
	return s->driver->account->user_delete(s, id);
}

enum mm_err store_session_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                 const struct session *se)
{
	return s->driver->account->session_insert(s, hash, se);
}

enum mm_err store_session_by_hash(struct store *s, struct arena *a,
                                  const unsigned char hash[TOKEN_HASH_BYTES], struct session *out)
{
	return s->driver->account->session_by_hash(s, a, hash, out);
}

enum mm_err store_session_touch(struct store *s, int64_t id, int64_t now)
{
	return s->driver->account->session_touch(s, id, now);
}

enum mm_err store_session_delete(struct store *s, int64_t id)
{
	return s->driver->account->session_delete(s, id);
}

enum mm_err store_session_delete_user(struct store *s, int64_t user_id, int64_t keep_id)
{
	return s->driver->account->session_delete_user(s, user_id, keep_id);
}

enum mm_err store_session_list(struct store *s, struct arena *a, int64_t user_id,
                               struct session **out, size_t *n)
{
	return s->driver->account->session_list(s, a, user_id, out, n);
}

enum mm_err store_link_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                              const struct link_token *t, int64_t now)
{
	return s->driver->account->link_insert(s, hash, t, now);
}

enum mm_err store_link_use(struct store *s, struct arena *a, enum link_purpose purpose,
                           const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                           struct link_token *out)
{
	return s->driver->account->link_use(s, a, purpose, hash, now, out);
}

enum mm_err store_link_revoke_user(struct store *s, int64_t user_id, int64_t now)
{
	return s->driver->account->link_revoke_user(s, user_id, now);
}

enum mm_err store_login_failure_add(struct store *s, struct str email, struct str ip, int64_t now)
{
	return s->driver->account->login_failure_add(s, email, ip, now);
}

enum mm_err store_login_failure_count(struct store *s, struct str email, struct str ip,
                                      int64_t since, int64_t *by_email, int64_t *by_ip,
                                      int64_t *last_at)
{
	return s->driver->account->login_failure_count(s, email, ip, since, by_email, by_ip,
	                                               last_at);
}

enum mm_err store_login_failure_clear(struct store *s, struct str email)
{
	return s->driver->account->login_failure_clear(s, email);
}
