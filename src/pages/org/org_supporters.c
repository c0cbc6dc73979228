/*
 * org_supporters.c — an owner lets a supporter (tax accountant, IT
 * coordinator…) see or also edit the organisation's assessments and
 * policy drafts (/org/supporters/grant), and takes that access back
 * (/org/supporters/{id}/revoke). A supporter is found by their e-mail or
 * the code from their dashboard. No grant ever includes the right to
 * declare. Every grant and revocation goes to the audit log, and the
 * supporter is told of each by mail.
 */
#include <stdio.h>

#include "core/org_fields.h"
#include "pages/org/org_choice_form.h"
#include "pages/org/org_confirm.h"
#include "pages/org/org_url_record.h"
#include "store/org.h"
#include "store/org_support.h"
#include "view/i18n.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

static const char *const accesses[] = {"read", "edit"};

static const struct org_choice_form grant_form = {
    .template_name = "org_grant",
    .title_key = "org.grant.title",
    .person_field = "supporter",
    .choice_field = "access",
    .options_name = "accesses",
    .values = accesses,
    .n = 2,
    .label_prefix = "org.access",
    .first_choice = "read",
};

static enum mm_err page_org_grant(struct req *r, struct res *res)
{
	return org_choice_form_show(r, res, &grant_form);
}

/* The supporter named by an e-mail address or a code; an error on the
 * field when there is none (or they are a member here already). */
static enum mm_err find_supporter(struct req *r, struct webform *f, struct str who,
                                  struct org_supporter *out)
{
	struct store *s = r->store;
	struct str key;
	struct org_membership m;
	bool by_email = str_index(who, '@') >= 0;
	enum org_check c = by_email ? org_email_normalise(r->arena, who, &key)
	                            : org_supporter_code_normalise(r->arena, who, &key);
	if (c != ORG_CHECK_OK)
		return webform_error(f, "supporter",
		                     c == ORG_CHECK_EMPTY ? "org.error.supporter.missing"
		                                          : "org.error.supporter.not_found");
	enum mm_err e = by_email ? store_org_supporter_by_email(s, r->arena, key, out)
	                         : store_org_supporter_by_code(s, r->arena, key, out);
	if (e == MM_ERR_NOT_FOUND)
		return webform_error(f, "supporter", "org.error.supporter.not_found");
	if (e)
		return e;
	e = store_org_membership_of(s, out->user_id, &m);
	if (!e && m.organisation_id == r->org->id)
		return webform_error(f, "supporter", "org.error.supporter.member");
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

struct grant_change {
	int64_t supporter_id, grant_id;
	struct str supporter_email;
	enum org_access access;
	bool revoke;
	bool created; /* out: a new grant rather than a changed one */
};

/* Tells the supporter, in their own language, which organisation gave
 * them which access (mail "grant") or took it back (mail "grant_revoked":
 * the revocation asks no reason, so the mail gives none), with a link to
 * マイページ where their clients are listed. Queued in the change's
 * transaction: the mail exists exactly when the change does. */
static enum mm_err queue_supporter_mail(struct req *r, struct store *s,
                                        const struct grant_change *c)
{
	struct user u;
	enum mm_err e = store_user_by_id(s, r->arena, c->supporter_id, &u);
	if (e)
		return e;
	enum lang l = mail_lang_of(&u);
	char key[32];
	snprintf(key, sizeof key, "org.access.%s", accesses[c->access]);
	char *link = mail_link(r->arena, "/home");
	if (!link)
		return MM_ERR_NOMEM;
	const char *const names[] = {"organisation", "access", "link"};
	const struct str values[] = {r->org->profile->name, i18n_get(l, str_from(key)),
	                             str_from(link)};
	return mail_queue_fields(s, r->arena, l, c->revoke ? "grant_revoked" : "grant", u.email,
	                         names, values, 3, r->now);
}

static enum mm_err grant_change_tx(struct req *r, struct store *s, void *arg)
{
	struct grant_change *c = arg;
	int64_t org_id = r->org->id;
	enum mm_err e = c->revoke ? store_org_grant_revoke(s, org_id, c->grant_id, r->now)
	                          : store_org_grant_upsert(s, org_id, c->supporter_id, c->access,
	                                                   r->user->id, r->now, &c->created);
	if (e || (e = queue_supporter_mail(r, s, c)))
		return e;
	const char *action = c->revoke    ? "grant.revoke"
	                     : c->created ? "grant.create"
	                                  : "grant.update";
	return audit_log(r, action, 0, org_id, c->supporter_email, AUDIT_OK, accesses[c->access]);
}

static enum mm_err page_org_grant_post(struct req *r, struct res *res)
{
	struct webform f;
	struct org_supporter sup;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str who = webform_take(&f, "supporter", ORG_EMAIL_MAX_CHARS);
	struct str access_in = webform_take(&f, "access", 4);
	bool edit = str_eq_lit(access_in, "edit");
	if (!edit && !str_eq_lit(access_in, "read"))
		webform_error(&f, "access", "org.error.access.missing");
	if (webform_ok(&f) && (e = find_supporter(r, &f, who, &sup)))
		return e;
	if (!webform_ok(&f))
		return org_choice_form_render(&f, res, &grant_form);
	struct grant_change c = {.supporter_id = sup.user_id,
	                         .supporter_email = sup.email,
	                         .access = edit ? ORG_ACCESS_EDIT : ORG_ACCESS_READ};
	if ((e = page_tx(r, grant_change_tx, &c)))
		return e;
	return page_redirect(r, res,
	                     c.created ? "/org?notice=granted" : "/org?notice=grant_updated");
}

static enum mm_err page_org_grant_revoke(struct req *r, struct res *res)
{
	struct org_grant g;
	enum mm_err e = org_url_grant(r, &g);
	if (e)
		return org_url_missing(r, res, e);
	return org_confirm(r, res, "org.revoke", g.supporter_email, "/org/supporters/%lld/revoke",
	                   (long long)g.id);
}

static enum mm_err page_org_grant_revoke_post(struct req *r, struct res *res)
{
	struct org_grant g;
	enum mm_err e = org_url_grant(r, &g);
	if (e)
		return org_url_missing(r, res, e);
	struct grant_change c = {.supporter_id = g.supporter_user_id,
	                         .grant_id = g.id,
	                         .supporter_email = g.supporter_email,
	                         .access = g.access,
	                         .revoke = true};
	if ((e = page_tx(r, grant_change_tx, &c)))
		return e;
	return page_redirect(r, res, "/org?notice=revoked");
}

/* This file's routes, in dispatch order (see org_routes.c). */
const struct route_table org_supporters_routes = ROUTE_TABLE(
    ROUTE_FORM("/org/supporters/grant", page_org_grant, page_org_grant_post, RIGHT_OWNER),
    ROUTE_FORM("/org/supporters/{id:int}/revoke", page_org_grant_revoke, page_org_grant_revoke_post,
               RIGHT_OWNER));
