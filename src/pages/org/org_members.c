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
#include "pages/org/org_choice_form.h"
#include "pages/org/org_confirm.h"
#include "pages/org/org_labels.h"
#include "pages/org/org_url_record.h"
#include "pages/shared/titled.h"
#include "pages/shared/too_many.h"
#include "store/org.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/mail_rate.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

#define ORG_INVITE_TTL (7 * 24 * 60 * 60)
#define ORG_PENDING_INVITATIONS_MAX 50 /* an owner cannot mail more strangers than this at once */

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

static const struct org_choice_form invite_form = {
    .template_name = "org_invite",
    .title_key = "org.invite.title",
    .person_field = "email",
    .choice_field = "role",
    .options_name = "roles",
    .values = roles,
    .n = 2,
    .label_prefix = "org.role",
    .first_choice = "member",
};

static enum mm_err page_org_invite(struct req *r, struct res *res)
{
	return org_choice_form_show(r, res, &invite_form);
}

/* Refuses an address that is already a member here, and more pending
 * invitations than an organisation may have. */
static enum mm_err check_invitee(struct req *r, struct webform *f, struct str email)
{
	struct store *s = r->store;
	struct user u;
	struct org_membership m;
	struct org_invitation *pending;
	size_t n;
	enum mm_err e = store_user_by_email(s, r->arena, email, &u);
	if (e == MM_OK) {
		e = store_org_membership_of(s, u.id, &m);
		if (e == MM_OK && m.organisation_id == r->org->id)
			webform_error(f, "email", "org.error.email.member");
	}
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = store_org_invitation_list(s, r->arena, r->org->id, r->now, &pending, &n)))
		return e;
	if (n >= ORG_PENDING_INVITATIONS_MAX)
		webform_error(f, "email", "org.error.email.too_many");
	return MM_OK;
}

struct invitation_new {
	struct str email;
	enum org_role role;
};

/* The language to write an invitation to email in: that of its account
 * when it has one, else the inviter's (the invitee's is not known yet). */
static enum mm_err invitee_lang(struct req *r, struct store *s, struct str email, enum lang *out)
{
	struct user u;
	enum mm_err e = store_user_by_email(s, r->arena, email, &u);
	*out = e ? r->lang : mail_lang_of(&u);
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

/* The invitation mail, in the invitee's language (invitee_lang). */
static enum mm_err queue_invitation(struct req *r, struct store *s, const struct invitation_new *in,
                                    const char *link)
{
	enum lang l;
	enum mm_err e = invitee_lang(r, s, in->email, &l);
	if (e)
		return e;
	const char *const names[] = {"link", "organisation", "inviter", "role"};
	const struct str values[] = {str_from(link), r->org->profile->name, r->user->email,
	                             org_role_label_in(l, in->role)};
	return mail_queue_fields(s, r->arena, l, "invite", in->email, names, values, 4, r->now);
}

static enum mm_err create_invitation_tx(struct req *r, struct store *s, void *arg)
{
	const struct invitation_new *in = arg;
	int64_t org_id = r->org->id;
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, hash);
	if (e)
		return e;
	struct link_token t = {.purpose = LINK_INVITE,
	                       .organisation_id = org_id,
	                       .email = in->email,
	                       .role = str_from(role_name(in->role)),
	                       .expires_at = r->now + ORG_INVITE_TTL,
	                       .invited_by = r->user->id};
	char *path = arena_printf(r->arena, "/invite/%s", text);
	char *link = path ? mail_link(r->arena, path) : NULL;
	if (!link)
		return MM_ERR_NOMEM;
	if ((e = store_org_invitation_withdraw_email(s, org_id, in->email, r->now)) ||
	    (e = store_link_insert(s, hash, &t, r->now)) || (e = queue_invitation(r, s, in, link)))
		return e;
	return audit_log(r, "member.invite", 0, org_id, in->email, AUDIT_OK, role_name(in->role));
}

static enum mm_err page_org_invite_post(struct req *r, struct res *res)
{
	struct webform f;
	struct invitation_new in = {.email = STR(""), .role = ORG_ROLE_MEMBER};
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str email_in = webform_take(&f, "email", ORG_EMAIL_MAX_CHARS);
	enum org_check c = org_email_normalise(r->arena, email_in, &in.email);
	if (c != ORG_CHECK_OK)
		webform_error(&f, "email",
		              c == ORG_CHECK_EMPTY ? "org.error.email.missing"
		                                   : "org.error.email.invalid");
	if (!role_parse(webform_take(&f, "role", 6), &in.role))
		webform_error(&f, "role", "org.error.role.missing");
	if (webform_ok(&f) && (e = check_invitee(r, &f, in.email)))
		return e;
	if (!webform_ok(&f))
		return org_choice_form_render(&f, res, &invite_form);
	unsigned retry;
	if (!mail_rate_take(r, in.email, &retry)) {
		audit_note(r, "member.invite", 0, r->org->id, in.email, AUDIT_DENIED, "rate");
		if ((e = too_many_mark(r, res, &f, "email", "site.too_many", retry)) ||
		    (e = org_choice_form_render(&f, res, &invite_form)))
			return e;
		res->status = 429; /* the form with its error, as refused for now */
		return MM_OK;
	}
	if ((e = page_tx(r, create_invitation_tx, &in)))
		return e;
	return page_redirect(r, res, "/org?notice=invited");
}

/* ---- withdrawing an invitation -------------------------------------------- */

static enum mm_err page_org_invitation_cancel(struct req *r, struct res *res)
{
	struct org_invitation inv;
	enum mm_err e = org_url_invitation(r, &inv);
	if (e)
		return org_url_missing(r, res, e);
	return org_confirm(r, res, "org.cancel_invitation", inv.email,
	                   "/org/invitations/%lld/cancel", (long long)inv.id);
}

struct invitation_cancel {
	const struct org_invitation *inv;
};

static enum mm_err cancel_invitation_tx(struct req *r, struct store *s, void *arg)
{
	const struct invitation_cancel *c = arg;
	enum mm_err e = store_org_invitation_withdraw(s, r->org->id, c->inv->id, r->now);
	return e ? e : audit_log(r, "invite.cancel", 0, r->org->id, c->inv->email, AUDIT_OK, "");
}

static enum mm_err page_org_invitation_cancel_post(struct req *r, struct res *res)
{
	struct org_invitation inv;
	struct invitation_cancel c = {.inv = &inv};
	enum mm_err e = org_url_invitation(r, &inv);
	if (e)
		return org_url_missing(r, res, e);
	if ((e = page_tx(r, cancel_invitation_tx, &c)))
		return e;
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
	                     : labels_fill(a, r->lang, problems[state], names, values, 1)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, statuses[state], "org_invitation", f.ctx, "invite.title", NULL,
	                     NULL);
}

static enum mm_err invitation_gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	return ctx ? titled_render(r, res, 410, "org_invitation_gone", ctx, "invite.gone.title",
	                           NULL, NULL)
	           : MM_ERR_NOMEM;
}

static enum mm_err page_invite(struct req *r, struct res *res)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	struct org_invitation inv;
	enum invite_state state;
	token_hash(req_param(r, "token"), hash);
	enum mm_err e = store_org_invitation_peek(r->store, r->arena, hash, r->now, &inv);
	if (e == MM_ERR_NOT_FOUND)
		return invitation_gone(r, res);
	if (e || (e = invite_state(r, r->store, &inv, &state)))
		return e;
	return render_invitation(r, res, &inv, state);
}

/* Accepting, in one transaction. When the invitation is gone or this
 * user may not accept it, the function rolls back (MM_ERR_CONFLICT) with
 * gone or state saying what the page answers. */
struct invitation_accept {
	unsigned char hash[TOKEN_HASH_BYTES];
	struct org_invitation inv;
	enum invite_state state;
	bool gone;
};

static enum mm_err accept_tx(struct req *r, struct store *s, void *arg)
{
	struct invitation_accept *acc = arg;
	struct link_token used;
	enum mm_err e = store_org_invitation_peek(s, r->arena, acc->hash, r->now, &acc->inv);
	if (e == MM_ERR_NOT_FOUND)
		acc->gone = true;
	if (e || (e = invite_state(r, s, &acc->inv, &acc->state)))
		return e;
	if (acc->state != INVITE_CAN_ACCEPT)
		return MM_ERR_CONFLICT;
	if ((e = store_link_use(s, r->arena, LINK_INVITE, acc->hash, r->now, &used)) ||
	    (e = store_org_member_insert(s, acc->inv.organisation_id, r->user->id, acc->inv.role,
	                                 r->now)))
		return e;
	return audit_log(r, "member.join", 0, acc->inv.organisation_id, r->user->email, AUDIT_OK,
	                 role_name(acc->inv.role));
}

static enum mm_err page_invite_post(struct req *r, struct res *res)
{
	struct invitation_accept acc = {.state = INVITE_CAN_ACCEPT};
	token_hash(req_param(r, "token"), acc.hash);
	enum mm_err e = page_tx(r, accept_tx, &acc);
	if (acc.gone)
		return invitation_gone(r, res);
	if (e && acc.state != INVITE_CAN_ACCEPT)
		return render_invitation(r, res, &acc.inv, acc.state);
	if (e)
		return e;
	return page_redirect(r, res, "/org?notice=joined");
}

/* ---- roles, removal, leaving ------------------------------------------------ */

/* One change to a member, audited, in one transaction. The store refuses
 * to leave an organisation without an owner (MM_ERR_CONFLICT); the page
 * then says so (409) instead of changing anything. A member removed
 * between the page's look-up and the change (the same form sent twice at
 * once) is MM_ERR_NOT_FOUND: 404, as when the look-up finds none. */
struct member_change {
	int64_t user_id;
	struct str email; /* for the audit line */
	const char *action;
	bool set_role; /* else the member is removed */
	enum org_role role;
	bool last_owner;
};

static enum mm_err member_change_tx(struct req *r, struct store *s, void *arg)
{
	struct member_change *c = arg;
	int64_t org_id = r->org->id;
	enum mm_err e = c->set_role ? store_org_member_set_role(s, org_id, c->user_id, c->role)
	                            : store_org_member_remove(s, org_id, c->user_id);
	c->last_owner = e == MM_ERR_CONFLICT;
	if (e || (e = audit_log(r, c->action, 0, org_id, c->email, AUDIT_OK,
	                        c->set_role ? role_name(c->role) : "")))
		return e;
	if (c->set_role && c->role == ORG_ROLE_OWNER)
		return MM_OK;
	/* Who is no longer an owner no longer invites: what they sent and is
	 * still pending is withdrawn with the change. */
	struct str *emails;
	size_t n;
	if ((e = store_org_invitation_withdraw_inviter(s, r->arena, org_id, c->user_id, r->now,
	                                               &emails, &n)))
		return e;
	for (size_t i = 0; i < n; i++)
		if ((e = audit_log(r, "invite.cancel", 0, org_id, emails[i], AUDIT_OK,
		                   "inviter_removed")))
			return e;
	return MM_OK;
}

static enum mm_err member_change(struct req *r, struct res *res, struct member_change *c,
                                 const char *done_url)
{
	enum mm_err e = page_tx(r, member_change_tx, c);
	if (c->last_owner)
		return org_refuse(r, res, 409, "org.refused.last_owner", "/org");
	return e ? org_url_missing(r, res, e) : page_redirect(r, res, done_url);
}

static enum mm_err page_org_member_role_post(struct req *r, struct res *res)
{
	struct org_member m;
	struct str role_in;
	enum mm_err e = org_url_member(r, &m);
	if (e)
		return org_url_missing(r, res, e);
	struct member_change c = {
	    .user_id = m.user_id, .email = m.email, .action = "member.role", .set_role = true};
	if (kvlist_get_one(&r->form, "role", &role_in) || !role_parse(role_in, &c.role)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	return member_change(r, res, &c, "/org?notice=role_changed");
}

static enum mm_err page_org_member_remove(struct req *r, struct res *res)
{
	struct org_member m;
	enum mm_err e = org_url_member(r, &m);
	if (e)
		return org_url_missing(r, res, e);
	if (m.user_id == r->user->id)
		return page_redirect(r, res, "/org/leave");
	return org_confirm(r, res, "org.remove", m.email, "/org/members/%lld/remove",
	                   (long long)m.user_id);
}

static enum mm_err page_org_member_remove_post(struct req *r, struct res *res)
{
	struct org_member m;
	enum mm_err e = org_url_member(r, &m);
	if (e)
		return org_url_missing(r, res, e);
	bool self = m.user_id == r->user->id;
	struct member_change c = {.user_id = m.user_id,
	                          .email = m.email,
	                          .action = self ? "member.leave" : "member.remove"};
	return member_change(r, res, &c, self ? "/org?notice=left" : "/org?notice=member_removed");
}

static enum mm_err page_org_leave(struct req *r, struct res *res)
{
	return org_confirm(r, res, "org.leave", r->user->email, "/org/leave");
}

static enum mm_err page_org_leave_post(struct req *r, struct res *res)
{
	struct member_change c = {
	    .user_id = r->user->id, .email = r->user->email, .action = "member.leave"};
	return member_change(r, res, &c, "/org?notice=left");
}

/* This file's routes, in dispatch order (see org_routes.c). */
const struct route_table org_members_routes =
    ROUTE_TABLE(ROUTE_FORM("/org/invite", page_org_invite, page_org_invite_post, RIGHT_OWNER),
                ROUTE_FORM("/org/invitations/{id:int}/cancel", page_org_invitation_cancel,
                           page_org_invitation_cancel_post, RIGHT_OWNER),
                ROUTE_FORM("/invite/{token}", page_invite, page_invite_post, RIGHT_USER),
                ROUTE_POST("/org/members/{id:int}/role", page_org_member_role_post, RIGHT_OWNER),
                ROUTE_FORM("/org/members/{id:int}/remove", page_org_member_remove,
                           page_org_member_remove_post, RIGHT_OWNER),
                ROUTE_FORM("/org/leave", page_org_leave, page_org_leave_post, RIGHT_MEMBER));
