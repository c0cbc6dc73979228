/*
 * org_supporters.c — an owner lets a supporter (tax accountant, IT
 * coordinator…) see or also edit the organisation's assessments and
 * policy drafts (/org/supporters/grant), and takes that access back
 * (/org/supporters/{id}/revoke). A supporter is found by their e-mail or
 * the code from their dashboard. No grant ever includes the right to
 * declare. Every grant and revocation goes to the audit log.
 */
#include "core/org_fields.h"
#include "store/org.h"
#include "pages/org/org_common.h"
#include "web/page.h"
#include "pages/org/org_routes.h"
#include "web/webform.h"

static const char *const accesses[] = {"read", "edit"};

static enum mm_err render_grant(struct webform *f, struct res *res)
{
	const struct val *access = val_get(val_get(f->fields, STR("access")), STR("value"));
	enum mm_err e = org_options_fixed(f->r, f->ctx, "accesses", accesses, 2, "org.access",
	                                  access ? access->s : STR("read"));
	if (e)
		return e;
	return org_render(f->r, res, webform_ok(f) ? 200 : 422, "org_grant", f->ctx,
	                  "org.grant.title", "org.title", "/org");
}

enum mm_err page_org_grant(struct req *r, struct res *res)
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
	    (e = webform_set(&f, "supporter", STR(""))) ||
	    (e = webform_set(&f, "access", STR("read"))))
		return e;
	return render_grant(&f, res);
}

/* The supporter named by an e-mail address or a code; an error on the
 * field when there is none (or they are a member here already). */
static enum mm_err find_supporter(struct req *r, struct store *s, struct webform *f, int64_t org_id,
                                  struct str who, struct org_supporter *out)
{
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
	if (!e && m.organisation_id == org_id)
		return webform_error(f, "supporter", "org.error.supporter.member");
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

enum mm_err page_org_grant_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	struct org_supporter sup;
	bool answered, created;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_OWNER, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str who = webform_take(&f, "supporter", ORG_EMAIL_MAX_CHARS);
	struct str access_in = webform_take(&f, "access", 4);
	bool edit = str_eq_lit(access_in, "edit");
	if (!edit && !str_eq_lit(access_in, "read"))
		webform_error(&f, "access", "org.error.access.missing");
	if (webform_ok(&f) && (e = find_supporter(r, s, &f, h.org.id, who, &sup)))
		return e;
	if (!webform_ok(&f))
		return render_grant(&f, res);
	enum org_access access = edit ? ORG_ACCESS_EDIT : ORG_ACCESS_READ;
	if ((e = store_begin(s)) ||
	    (e = store_org_grant_upsert(s, h.org.id, sup.user_id, access, r->user->id, r->now,
	                                &created)) ||
	    (e = org_audit(r, created ? "grant.create" : "grant.update", h.org.id, sup.email,
	                   accesses[access])) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, created ? "/org?notice=granted" : "/org?notice=grant_updated");
}

/* The owner's organisation and the active grant in the URL, or 404. */
static enum mm_err load_grant(struct req *r, struct res *res, struct store *s, struct org_here *h,
                              struct org_grant *g, bool *answered)
{
	int64_t id;
	enum mm_err e = org_here_require(r, res, s, ORG_NEED_OWNER, h, answered);
	if (e || *answered)
		return e;
	e = org_param_id(r, 0, &id) ? store_org_grant_get(s, r->arena, h->org.id, id, g)
	                            : MM_ERR_NOT_FOUND;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	return e;
}

enum mm_err page_org_grant_revoke(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_grant g;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_grant(r, res, s, &h, &g, &answered)) || answered)
		return e;
	const char *const names[] = {"email", "organisation"};
	const struct str values[] = {g.supporter_email, h.org.name};
	char *action = arena_printf(r->arena, "/org/supporters/%lld/revoke", (long long)g.id);
	if (!action)
		return MM_ERR_NOMEM;
	return org_confirm(r, res, "org.revoke.title",
	                   org_fill(r, "org.revoke.text", names, values, 2), action,
	                   "org.revoke.submit", "/org");
}

enum mm_err page_org_grant_revoke_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct org_grant g;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = load_grant(r, res, s, &h, &g, &answered)) || answered)
		return e;
	if ((e = store_begin(s)) || (e = store_org_grant_revoke(s, h.org.id, g.id, r->now)) ||
	    (e = org_audit(r, "grant.revoke", h.org.id, g.supporter_email, accesses[g.access])) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=revoked");
}
