/*
 * org_members.c — the people of an organisation: inviting by e-mail
 * (/org/invite), withdrawing an invitation, accepting one
 * (/invite/{token}), changing roles, removing members and leaving.
 *
 * An invitation is a single-use link (purpose invite, 7 days) for one
 * address: only the account with that address can accept it, so a
 * forwarded or leaked link lets nobody else in. GET only shows it; the
 * POST uses it up. A newer invitation to the same address replaces older
 * ones. The last owner can neither leave nor be demoted or removed (the
 * store refuses; see store/org.h).
 */
#include "core/org_fields.h"
#include "store/org.h"
#include "web/mail.h"
#include "pages/org/org_common.h"
#include "web/page.h"
#include "pages/org/org_routes.h"
#include "web/session.h"
#include "web/webform.h"

static const char *const roles[] = {"member", "owner"};

static bool role_parse(struct str s, enum org_role *out)
{
	if (str_eq_lit(s, "owner"))
		*out = ORG_ROLE_OWNER;
	else if (str_eq_lit(s, "member"))
		*out = ORG_ROLE_MEMBER;
	else
		return false;
	return true;
}

static const char *role_name(enum org_role role)
{
	return role == ORG_ROLE_OWNER ? "owner" : "member";
}

/* ---- inviting ------------------------------------------------------------ */

static enum mm_err render_invite(struct webform *f, struct res *res)
{
	const struct val *role = val_get(val_get(f->fields, STR("role")), STR("value"));
	enum mm_err e = org_options_fixed(f->r, f->ctx, "roles", roles, 2, "org.role",
	                                  role ? role->s : STR("member"));
	if (e)
		return e;
	return org_render(f->r, res, webform_ok(f) ? 200 : 422, "org_invite", f->ctx,
	                  "org.invite.title", "org.title", "/org");
}

enum mm_err page_org_invite(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_OWNER, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(&f, "email", STR(""))) || (e = webform_set(&f, "role", STR("member"))))
		return e;
	return render_invite(&f, res);
}

/* Refuses an address that is already a member here, and more pending
 * invitations than an organisation may have. */
static enum mm_err check_invitee(struct req *r, struct store *s, struct webform *f, int64_t org_id,
                                 struct str email)
{
	struct user u;
	struct org_membership m;
	struct org_invitation *pending;
	size_t n;
	enum mm_err e = store_user_by_email(s, r->arena, email, &u);
	if (e == MM_OK) {
		e = store_org_membership_of(s, u.id, &m);
		if (e == MM_OK && m.organisation_id == org_id)
			webform_error(f, "email", "org.error.email.member");
	}
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = store_org_invitation_list(s, r->arena, org_id, r->now, &pending, &n)))
		return e;
	if (n >= ORG_PENDING_INVITATIONS_MAX)
		webform_error(f, "email", "org.error.email.too_many");
	return MM_OK;
}

/* The invitation mail, in the inviter's language (the invitee's is not
 * known yet). */
static enum mm_err queue_invitation(struct req *r, struct store *s, const struct org_here *h,
                                    struct str email, enum org_role role, const char *link)
{
	const char *const names[] = {"link", "organisation", "inviter", "role"};
	const struct str values[] = {str_from(link), h->org.name, r->user->email,
	                             org_role_label(r, role)};
	struct mail m = {
	    .to = email,
	    .subject = org_fill(r, "mail.invite.subject", names, values, 4),
	    .body = org_fill(r, "mail.invite.body", names, values, 4),
	};
	return m.subject.n && m.body.n ? store_outbox_insert(s, &m, r->now) : MM_ERR_NOMEM;
}

static enum mm_err create_invitation(struct req *r, struct store *s, const struct org_here *h,
                                     struct str email, enum org_role role)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, hash);
	if (e)
		return e;
	struct link_token t = {.purpose = LINK_INVITE,
	                       .organisation_id = h->org.id,
	                       .email = email,
	                       .role = str_from(role_name(role)),
	                       .expires_at = r->now + ORG_INVITE_TTL};
	char *path = arena_printf(r->arena, "/invite/%s", text);
	char *link = path ? mail_link(r->arena, path) : NULL;
	if (!link)
		return MM_ERR_NOMEM;
	if ((e = store_org_invitation_withdraw_email(s, h->org.id, email, r->now)) ||
	    (e = store_link_insert(s, hash, &t, r->now)) ||
	    (e = queue_invitation(r, s, h, email, role, link)))
		return e;
	return org_audit(r, "member.invite", h->org.id, email, role_name(role));
}

enum mm_err page_org_invite_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	struct str email = STR("");
	enum org_role role = ORG_ROLE_MEMBER;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_OWNER, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str email_in = webform_take(&f, "email", ORG_EMAIL_MAX_CHARS);
	enum org_check c = org_email_normalise(r->arena, email_in, &email);
	if (c != ORG_CHECK_OK)
		webform_error(&f, "email",
		              c == ORG_CHECK_EMPTY ? "org.error.email.missing"
		                                   : "org.error.email.invalid");
	if (!role_parse(webform_take(&f, "role", 6), &role))
		webform_error(&f, "role", "org.error.role.missing");
	if (webform_ok(&f) && (e = check_invitee(r, s, &f, h.org.id, email)))
		return e;
	if (!webform_ok(&f))
		return render_invite(&f, res);
	if ((e = store_begin(s)) || (e = create_invitation(r, s, &h, email, role)) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=invited");
}

/* ---- withdrawing an invitation -------------------------------------------- */

/* The owner's organisation and the invitation in the URL, or 404. */
static enum mm_err load_invitation(struct req *r, struct res *res, struct store *s,
                                   struct org_here *h, struct org_invitation *inv, bool *answered)
{
	int64_t id;
	enum mm_err e = org_here_require(r, res, s, ORG_NEED_OWNER, h, answered);
	if (e || *answered)
		return e;
	e = org_param_id(r, 0, &id)
	        ? store_org_invitation_get(s, r->arena, h->org.id, id, r->now, inv)
	        : MM_ERR_NOT_FOUND;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	return e;
}

enum mm_err page_org_invitation_cancel(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_invitation inv;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_invitation(r, res, s, &h, &inv, &answered)) || answered)
		return e;
	const char *const names[] = {"email"};
	const struct str values[] = {inv.email};
	char *action = arena_printf(r->arena, "/org/invitations/%lld/cancel", (long long)inv.id);
	if (!action)
		return MM_ERR_NOMEM;
	return org_confirm(r, res, "org.cancel_invitation.title",
	                   org_fill(r, "org.cancel_invitation.text", names, values, 1), action,
	                   "org.cancel_invitation.submit", "/org");
}

enum mm_err page_org_invitation_cancel_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_invitation inv;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_invitation(r, res, s, &h, &inv, &answered)) || answered)
		return e;
	if ((e = store_begin(s)) ||
	    (e = store_org_invitation_withdraw(s, h.org.id, inv.id, r->now)) ||
	    (e = org_audit(r, "invite.cancel", h.org.id, inv.email, "")) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=invitation_cancelled");
}

/* ---- accepting an invitation ---------------------------------------------- */

enum invite_state {
	INVITE_CAN_ACCEPT,
	INVITE_OTHER_ADDRESS,
	INVITE_ALREADY_HERE,
	INVITE_ALREADY_ELSEWHERE
};

static enum mm_err invite_state(struct req *r, struct store *s, const struct org_invitation *inv,
                                enum invite_state *out)
{
	struct org_membership m;
	enum mm_err e = store_org_membership_of(s, r->user->id, &m);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (!e)
		*out = m.organisation_id == inv->organisation_id ? INVITE_ALREADY_HERE
		                                                 : INVITE_ALREADY_ELSEWHERE;
	else if (!str_eq(inv->email, r->user->email))
		*out = INVITE_OTHER_ADDRESS;
	else
		*out = INVITE_CAN_ACCEPT;
	return MM_OK;
}

static enum mm_err render_invitation(struct req *r, struct res *res,
                                     const struct org_invitation *inv, enum invite_state state)
{
	static const char *const problems[] = {"", "invite.other_address", "invite.already_here",
	                                       "invite.already_elsewhere"};
	static const int statuses[] = {200, 403, 409, 409};
	struct arena *a = r->arena;
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(a));
	const char *const names[] = {"email"};
	const struct str values[] = {inv->email};
	if (e)
		return e;
	if (!val_set_str(a, f.ctx, "organisation", inv->organisation_name) ||
	    !val_set_str(a, f.ctx, "role", org_role_label(r, inv->role)) ||
	    !val_set_str(a, f.ctx, "email", inv->email) ||
	    !val_set_cstr(a, f.ctx, "expires", page_format_date(r, inv->expires_at)) ||
	    !val_set_str(a, f.ctx, "token", req_param(r, "token")) ||
	    !val_set_bool(a, f.ctx, "can_accept", state == INVITE_CAN_ACCEPT) ||
	    !val_set_str(a, f.ctx, "problem",
	                 state == INVITE_CAN_ACCEPT
	                     ? STR("")
	                     : org_fill(r, problems[state], names, values, 1)))
		return MM_ERR_NOMEM;
	return org_render(r, res, statuses[state], "org_invitation", f.ctx, "invite.title", NULL,
	                  NULL);
}

static enum mm_err invitation_gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	return ctx ? org_render(r, res, 410, "org_invitation_gone", ctx, "invite.gone.title", NULL,
	                        NULL)
	           : MM_ERR_NOMEM;
}

enum mm_err page_invite(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct org_invitation inv;
	enum invite_state state;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	token_hash(req_param(r, "token"), hash);
	e = store_org_invitation_peek(s, r->arena, hash, r->now, &inv);
	if (e == MM_ERR_NOT_FOUND)
		return invitation_gone(r, res);
	if (e || (e = invite_state(r, s, &inv, &state)))
		return e;
	return render_invitation(r, res, &inv, state);
}

enum mm_err page_invite_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct org_invitation inv;
	struct link_token used;
	enum invite_state state = INVITE_CAN_ACCEPT;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	token_hash(req_param(r, "token"), hash);
	if ((e = store_begin(s)))
		return e;
	e = store_org_invitation_peek(s, r->arena, hash, r->now, &inv);
	if (!e)
		e = invite_state(r, s, &inv, &state);
	if (e || state != INVITE_CAN_ACCEPT) {
		store_rollback(s);
		return e == MM_ERR_NOT_FOUND ? invitation_gone(r, res)
		       : e                   ? e
		                             : render_invitation(r, res, &inv, state);
	}
	if ((e = store_link_use(s, r->arena, LINK_INVITE, hash, r->now, &used)) ||
	    (e = store_org_member_insert(s, inv.organisation_id, r->user->id, inv.role, r->now)) ||
	    (e = org_audit(r, "member.join", inv.organisation_id, r->user->email,
	                   role_name(inv.role))) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=joined");
}

/* ---- roles, removal, leaving ------------------------------------------------ */

/* The owner's organisation and the member in the URL, or 404. */
static enum mm_err load_member(struct req *r, struct res *res, struct store *s, struct org_here *h,
                               struct org_member *m, bool *answered)
{
	int64_t id;
	enum mm_err e = org_here_require(r, res, s, ORG_NEED_OWNER, h, answered);
	if (e || *answered)
		return e;
	e = org_param_id(r, 0, &id) ? store_org_member_get(s, r->arena, h->org.id, id, m)
	                            : MM_ERR_NOT_FOUND;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	return e;
}

static enum mm_err refuse_last_owner(struct req *r, struct res *res, struct store *s)
{
	store_rollback(s);
	return org_refuse(r, res, 409, "org.refused.last_owner", "/org");
}

enum mm_err page_org_member_role_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_member m;
	struct str role_in;
	enum org_role role;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_member(r, res, s, &h, &m, &answered)) || answered)
		return e;
	if (kvlist_get_one(&r->form, "role", &role_in) || !role_parse(role_in, &role)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if ((e = store_begin(s)))
		return e;
	e = store_org_member_set_role(s, h.org.id, m.user_id, role);
	if (e == MM_ERR_CONFLICT)
		return refuse_last_owner(r, res, s);
	if (e || (e = org_audit(r, "member.role", h.org.id, m.email, role_name(role))) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=role_changed");
}

enum mm_err page_org_member_remove(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_member m;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_member(r, res, s, &h, &m, &answered)) || answered)
		return e;
	if (m.user_id == r->user->id)
		return page_redirect(r, res, "/org/leave");
	const char *const names[] = {"email", "organisation"};
	const struct str values[] = {m.email, h.org.name};
	char *action = arena_printf(r->arena, "/org/members/%lld/remove", (long long)m.user_id);
	if (!action)
		return MM_ERR_NOMEM;
	return org_confirm(r, res, "org.remove.title",
	                   org_fill(r, "org.remove.text", names, values, 2), action,
	                   "org.remove.submit", "/org");
}

enum mm_err page_org_member_remove_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_member m;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_member(r, res, s, &h, &m, &answered)) || answered || (e = store_begin(s)))
		return e;
	e = store_org_member_remove(s, h.org.id, m.user_id);
	if (e == MM_ERR_CONFLICT)
		return refuse_last_owner(r, res, s);
	bool self = m.user_id == r->user->id;
	if (e ||
	    (e = org_audit(r, self ? "member.leave" : "member.remove", h.org.id, m.email, "")) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, self ? "/org?notice=left" : "/org?notice=member_removed");
}

enum mm_err page_org_leave(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_MEMBER, &h, &answered)) || answered)
		return e;
	const char *const names[] = {"organisation"};
	const struct str values[] = {h.org.name};
	return org_confirm(r, res, "org.leave.title",
	                   org_fill(r, "org.leave.text", names, values, 1), "/org/leave",
	                   "org.leave.submit", "/org");
}

enum mm_err page_org_leave_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_MEMBER, &h, &answered)) || answered ||
	    (e = store_begin(s)))
		return e;
	e = store_org_member_remove(s, h.org.id, r->user->id);
	if (e == MM_ERR_CONFLICT)
		return refuse_last_owner(r, res, s);
	if (e || (e = org_audit(r, "member.leave", h.org.id, r->user->email, "")) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=left");
}
