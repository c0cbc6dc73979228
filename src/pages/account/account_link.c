/*
 * account_link.c — see account_link.h.
 */
#include "pages/account/account_link.h"

#include "pages/account/password.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/session.h"

enum mm_err account_link_create(struct store *s, struct arena *a, const struct link_token *t,
                                int64_t now, const char *path_prefix, char **link)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e;
	if ((e = token_new(text, hash)) || (e = store_link_insert(s, hash, t, now)))
		return e;
	*link = mail_link(a, arena_printf(a, "%s%s", path_prefix, text));
	return *link ? MM_OK : MM_ERR_NOMEM;
}

/* One account_link_set_password transaction. */
struct link_password {
	struct req *r;
	enum link_purpose purpose;
	const char *audit_action;
	struct str password;
	struct user *u;
	const char *problem;
};

static enum mm_err link_password_tx(struct store *s, void *arg)
{
	struct link_password *lp = arg;
	struct req *r = lp->r;
	unsigned char hash[TOKEN_HASH_BYTES];
	struct link_token t;
	enum mm_err e;
	token_hash(req_param(r, "token"), hash);
	if ((e = store_link_use(s, r->arena, lp->purpose, hash, r->now, &t)) ||
	    (e = store_user_by_id(s, r->arena, t.user_id, lp->u)))
		return e;
	if ((lp->problem = password_problem(lp->password, lp->u->email)))
		return MM_ERR_INVALID; /* rolled back: the link stays usable */
	char pw_hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(lp->password, pw_hash)) ||
	    (e = store_user_set_password(s, lp->u->id, str_from(pw_hash))) ||
	    (e = store_session_delete_user(s, lp->u->id, 0)) ||
	    (e = store_user_confirm(s, lp->u->id, r->now)))
		return e;
	return audit_log(r, lp->audit_action, lp->u->id, 0, lp->u->email, AUDIT_OK, "");
}

enum mm_err account_link_set_password(struct req *r, enum link_purpose purpose,
                                      const char *audit_action, struct str password, struct user *u,
                                      const char **problem)
{
	struct link_password lp = {
	    .r = r, .purpose = purpose, .audit_action = audit_action, .password = password, .u = u};
	enum mm_err e = store_tx(r->store, link_password_tx, &lp);
	*problem = lp.problem;
	return e;
}

enum mm_err account_link_gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 410, "link_gone", ctx, page_t(r, "link.gone_title"), NULL);
}
