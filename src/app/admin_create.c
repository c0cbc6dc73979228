/*
 * admin_create.c — see admin_create.h.
 */
#include "app/admin_create.h"

#include <sodium.h>

#include "core/email.h"
#include "pages/account/account_link.h"
#include "pages/account/password.h"
#include "store/account.h"
#include "store/admin.h"
#include "web/session.h"

/* A new account's password: the hash of random bytes no one ever sees, so
 * the account cannot be used until the welcome link sets one (and logging
 * in to it costs the same time as to any other account). */
static enum mm_err unusable_password(char hash[PASSWORD_HASH_BYTES])
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, ignored);
	if (!e)
		e = password_hash(str_from(text), hash);
	sodium_memzero(text, sizeof text);
	return e;
}

/* What one admin_create transaction works on. */
struct admin_creation {
	struct arena *a;
	struct str email;
	int64_t now;
	int64_t id;
	bool created;
	char *link;
};

static enum mm_err admin_account(struct store *s, struct admin_creation *c)
{
	struct user u;
	enum mm_err e = store_user_by_email(s, c->a, c->email, &u);
	if (e == MM_OK) {
		c->id = u.id;
		c->created = false;
		return store_admin_user_promote(s, u.id);
	}
	if (e != MM_ERR_NOT_FOUND)
		return e;
	char hash[PASSWORD_HASH_BYTES];
	if ((e = unusable_password(hash)))
		return e;
	struct user fresh = {.email = c->email,
	                     .password_hash = str_from(hash),
	                     .lang = STR("ja"),
	                     .is_admin = true,
	                     .created_at = c->now};
	c->created = true;
	return store_user_insert(s, &fresh, &c->id);
}

static enum mm_err admin_create_tx(struct store *s, void *arg)
{
	struct admin_creation *c = arg;
	enum mm_err e = admin_account(s, c);
	if (e)
		return e;
	struct link_token t = {
	    .purpose = LINK_ADMIN, .user_id = c->id, .expires_at = c->now + ADMIN_WELCOME_LINK_TTL};
	struct audit_entry entry = {.at = c->now,
	                            .ip = STR(""),
	                            .action = STR("admin.create"),
	                            .target = c->email,
	                            .detail = c->created ? STR("command line, new account")
	                                                 : STR("command line"),
	                            .outcome = AUDIT_OK};
	if ((e = account_link_create(s, c->a, &t, c->now, "/admin/welcome/", &c->link)))
		return e;
	return store_audit_insert(s, &entry);
}

enum mm_err admin_create(struct store *s, struct arena *a, struct str email_in, int64_t now,
                         char **link, bool *created)
{
	struct admin_creation c = {.a = a, .now = now};
	if (sodium_init() < 0)
		return MM_ERR_IO;
	switch (core_email_normalise(a, email_in, &c.email)) {
	case EMAIL_OK:
		break;
	case EMAIL_NOMEM:
		return MM_ERR_NOMEM;
	case EMAIL_EMPTY:
	case EMAIL_INVALID:
		return MM_ERR_INVALID;
	}
	enum mm_err e = store_tx(s, admin_create_tx, &c);
	if (e)
		return e;
	*link = c.link;
	*created = c.created;
	return MM_OK;
}
