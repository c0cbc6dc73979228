/*
 * org_data.c — an organisation's data rights, for owners: everything
 * stored about it and its members as JSON (/org/export.json), the members
 * as CSV for Excel (/org/members.csv: UTF-8 with a BOM, CRLF), its audit
 * entries (/org/audit, newest first, paged; the newest
 * ORG_AUDIT_CSV_MAX_ROWS as CSV at /org/audit.csv), and deleting it
 * after its name is typed exactly (/org/delete). Exports and the deletion
 * are audited; the deletion's own audit line outlives the organisation.
 *
 * Downloads are personal data: never cached, always attachments.
 */
#include <jansson.h>

#include "core/org_fields.h"
#include "lib/civil.h"
#include "pages/org/org_labels.h"
#include "pages/org/org_size.h"
#include "pages/shared/csv_export.h"
#include "pages/shared/json_export.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "store/declaration.h"
#include "store/org.h"
#include "store/org_support.h"
#include "view/i18n.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

#define ORG_EXPORT_AUDIT_MAX                                                                       \
	20000 /* newest entries in an export; the export says when there were more */
#define ORG_EXPORT_VERSION 1
#define ORG_AUDIT_PAGE_SIZE 50
#define ORG_AUDIT_CSV_MAX_ROWS 1000 /* the newest; the JSON export holds more */

static const char *const role_names[] = {"owner", "member"};
static const char *const access_names[] = {"read", "edit"};
static const char *const size_names[] = {"not_sme", "sme", "small"};

/* ---- JSON export ----------------------------------------------------------- */

/* The support bundle contract; null when the profile names none. */
static json_t *export_support(struct json_builder *b, const struct org_support *sup)
{
	if (!sup->name.n)
		return json_null();
	json_t *j = json_object();
	json_builder_set(b, j, "name", json_export_str(sup->name));
	json_builder_set(b, j, "phone", json_export_str(sup->phone));
	json_builder_set(b, j, "url", json_export_str(sup->url));
	return j;
}

static json_t *export_profile(struct json_builder *b, const struct org_profile *o)
{
	enum size_group g;
	enum size_class c;
	bool sized = org_size_class(o, &g, &c);
	json_t *j = json_object();
	json_builder_set(b, j, "public_id", json_export_str(o->public_id));
	json_builder_set(b, j, "name", json_export_str(o->name));
	json_builder_set(b, j, "name_kana", json_export_str(o->name_kana));
	json_builder_set(b, j, "corporate_number", json_export_str(o->corporate_number));
	json_builder_set(b, j, "sole_proprietor", json_boolean(o->sole_proprietor));
	json_builder_set(b, j, "postal_code", json_export_str(o->postal_code));
	json_builder_set(b, j, "prefecture", json_integer(o->prefecture));
	json_builder_set(b, j, "address", json_export_str(o->address));
	json_builder_set(b, j, "industry", json_export_str(o->industry));
	json_builder_set(b, j, "trade", json_export_str(o->trade));
	json_builder_set(b, j, "employees", json_integer(o->employees));
	json_builder_set(b, j, "capital_yen",
	                 o->capital_yen < 0 ? json_null() : json_integer(o->capital_yen));
	json_builder_set(b, j, "size_class", sized ? json_string(size_names[c]) : json_null());
	json_builder_set(b, j, "representative_title", json_export_str(o->representative_title));
	json_builder_set(b, j, "representative_name", json_export_str(o->representative_name));
	json_builder_set(b, j, "contact_name", json_export_str(o->contact_name));
	json_builder_set(b, j, "contact_email", json_export_str(o->contact_email));
	json_builder_set(b, j, "contact_phone", json_export_str(o->contact_phone));
	json_builder_set(b, j, "website", json_export_str(o->website));
	json_builder_set(b, j, "support_bundle", export_support(b, &o->support));
	json_builder_set(b, j, "updated_at", json_export_time(o->updated_at));
	return j;
}

static json_t *export_member(struct json_builder *b, const void *item)
{
	const struct org_member *m = item;
	json_t *j = json_object();
	json_builder_set(b, j, "email", json_export_str(m->email));
	json_builder_set(b, j, "name", json_export_str(m->name));
	json_builder_set(b, j, "role", json_string(role_names[m->role]));
	json_builder_set(b, j, "joined_at", json_export_time(m->joined_at));
	return j;
}

static json_t *export_invitation(struct json_builder *b, const void *item)
{
	const struct org_invitation *inv = item;
	json_t *j = json_object();
	json_builder_set(b, j, "email", json_export_str(inv->email));
	json_builder_set(b, j, "role", json_string(role_names[inv->role]));
	json_builder_set(b, j, "created_at", json_export_time(inv->created_at));
	json_builder_set(b, j, "expires_at", json_export_time(inv->expires_at));
	return j;
}

static json_t *export_grant(struct json_builder *b, const void *item)
{
	const struct org_grant *g = item;
	json_t *j = json_object();
	json_builder_set(b, j, "supporter_email", json_export_str(g->supporter_email));
	json_builder_set(b, j, "supporter_kind", json_export_str(g->supporter_kind));
	json_builder_set(b, j, "supporter_organisation",
	                 json_export_str(g->supporter_organisation));
	json_builder_set(b, j, "access", json_string(access_names[g->access]));
	json_builder_set(b, j, "granted_at", json_export_time(g->granted_at));
	json_builder_set(b, j, "revoked_at", json_export_time(g->revoked_at));
	return j;
}

static json_t *export_audit_item(struct json_builder *b, const void *item)
{
	const struct org_audit_item *it = item;
	json_t *j = json_object();
	json_builder_set(b, j, "at", json_export_time(it->at));
	json_builder_set(b, j, "actor", json_export_str(it->actor_email));
	json_builder_set(b, j, "ip", json_export_str(it->ip));
	json_builder_set(b, j, "action", json_export_str(it->action));
	json_builder_set(b, j, "target", json_export_str(it->target));
	json_builder_set(b, j, "outcome", json_export_str(it->outcome));
	json_builder_set(b, j, "detail", json_export_str(it->detail));
	return j;
}

/* An array of n items of size bytes each, each through one(). */
static json_t *export_list(struct json_builder *b, const void *items, size_t n, size_t size,
                           json_t *(*one)(struct json_builder *, const void *))
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_builder_push(b, list, one(b, (const char *)items + i * size));
	return list;
}

/* The whole export as JSON text in the arena. */
static enum mm_err export_json(struct req *r, struct store *s, const struct org_profile *o,
                               struct str *out)
{
	struct arena *a = r->arena;
	struct org_member *m;
	struct org_invitation *inv;
	struct org_grant *g;
	struct org_audit_item *it;
	size_t nm, ni, ng, na;
	int64_t audit_total;
	enum mm_err e;
	if ((e = store_org_member_list(s, a, o->id, &m, &nm)) ||
	    (e = store_org_invitation_list(s, a, o->id, r->now, &inv, &ni)) ||
	    (e = store_org_grant_list(s, a, o->id, true, &g, &ng)) ||
	    (e = store_org_audit_list(s, a, o->id, (struct org_page){0, ORG_EXPORT_AUDIT_MAX}, &it,
	                              &na, &audit_total)))
		return e;
	struct json_builder b = {0};
	json_t *root = json_object();
	json_builder_set(&b, root, "format", json_string("mamori.organisation"));
	json_builder_set(&b, root, "version", json_integer(ORG_EXPORT_VERSION));
	json_builder_set(&b, root, "exported_at", json_export_time(r->now));
	json_builder_set(&b, root, "organisation", export_profile(&b, o));
	json_builder_set(&b, root, "members", export_list(&b, m, nm, sizeof *m, export_member));
	json_builder_set(&b, root, "invitations",
	                 export_list(&b, inv, ni, sizeof *inv, export_invitation));
	json_builder_set(&b, root, "supporter_grants",
	                 export_list(&b, g, ng, sizeof *g, export_grant));
	json_builder_set(&b, root, "audit", export_list(&b, it, na, sizeof *it, export_audit_item));
	json_builder_set(&b, root, "audit_complete", json_boolean(audit_total <= (int64_t)na));
	e = b.failed ? MM_ERR_NOMEM : json_export_text(a, root, out);
	json_decref(root);
	return e;
}

static enum mm_err page_org_export(struct req *r, struct res *res)
{
	const struct org_profile *o = r->org->profile;
	struct str body;
	enum mm_err e;
	if ((e = export_json(r, r->store, o, &body)) ||
	    (e = audit_log(r, "org.export", 0, o->id, o->name, AUDIT_OK, "json")))
		return e;
	char *name = arena_printf(r->arena, "mamori-organisation-%.*s.json", (int)o->public_id.n,
	                          o->public_id.p);
	return name ? page_download(r, res, "application/json; charset=utf-8", name, body)
	            : MM_ERR_NOMEM;
}

/* ---- CSV downloads ---------------------------------------------------------- */

/* Sends body as mamori-KIND-PUBLICID.csv, audited as an export of the
 * organisation named KIND.csv. */
static enum mm_err send_csv(struct req *r, struct res *res, const char *kind, struct str body)
{
	const struct org_profile *o = r->org->profile;
	char *detail = arena_printf(r->arena, "%s.csv", kind);
	char *name =
	    arena_printf(r->arena, "mamori-%s-%.*s.csv", kind, (int)o->public_id.n, o->public_id.p);
	if (!detail || !name)
		return MM_ERR_NOMEM;
	enum mm_err e = audit_log(r, "org.export", 0, o->id, o->name, AUDIT_OK, detail);
	return e ? e : page_download(r, res, "text/csv; charset=utf-8", name, body);
}

static enum mm_err members_csv(struct req *r, struct store *s, int64_t org_id, struct str *out)
{
	struct org_member *m;
	size_t n;
	struct buf b;
	enum mm_err e = store_org_member_list(s, r->arena, org_id, &m, &n);
	if (e)
		return e;
	buf_init(&b, r->arena, RES_MAX_BODY);
	static const char *const headers[] = {"org.csv.email", "org.csv.name", "org.csv.role",
	                                      "org.csv.joined"};
	e = csv_export_head(r, &b, headers, 4);
	for (size_t i = 0; !e && i < n; i++) {
		const char *joined = civil_japan_date(r->arena, m[i].joined_at);
		if ((e = buf_append_csv(&b, m[i].email, false)) ||
		    (e = buf_append_csv(&b, m[i].name, false)) ||
		    (e = buf_append_csv(&b, org_role_label(r, m[i].role), false)))
			break;
		e = buf_append_csv(&b, str_from(joined), true);
	}
	*out = buf_str(&b);
	return e;
}

static enum mm_err page_org_members_csv(struct req *r, struct res *res)
{
	struct str body;
	enum mm_err e = members_csv(r, r->store, r->org->id, &body);
	return e ? e : send_csv(r, res, "members", body);
}

/* ---- audit entries --------------------------------------------------------- */

static struct str action_label(struct req *r, struct str action)
{
	char *key = arena_printf(r->arena, "org.audit.action.%.*s", (int)action.n, action.p);
	/* actions of other areas that have no label here show as recorded */
	return key && i18n_has(r->lang, str_from(key)) ? page_t(r, key) : action;
}

static struct str outcome_label(struct req *r, struct str outcome)
{
	char *key = arena_printf(r->arena, "org.audit.outcome.%.*s", (int)outcome.n, outcome.p);
	return key ? page_t(r, key) : STR("");
}

static enum mm_err set_audit(struct req *r, struct val *ctx, const struct org_audit_item *it,
                             size_t n)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "entries");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_cstr(a, v, "at", page_format_time(r, it[i].at)) ||
		    !val_set_str(a, v, "actor",
		                 it[i].actor_email.n ? it[i].actor_email : STR("—")) ||
		    !val_set_str(a, v, "action", action_label(r, it[i].action)) ||
		    !val_set_str(a, v, "target", it[i].target) ||
		    !val_set_str(a, v, "detail", it[i].detail) ||
		    !val_set_str(a, v, "outcome", outcome_label(r, it[i].outcome)) ||
		    !val_set_str(a, v, "ip", it[i].ip))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_entries", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err page_org_audit(struct req *r, struct res *res)
{
	struct org_audit_item *it;
	struct paging p = paging_requested(r, ORG_AUDIT_PAGE_SIZE);
	size_t n;
	enum mm_err e;
	if ((e = store_org_audit_list(r->store, r->arena, r->org->id, paging_window(&p), &it, &n,
	                              &p.total)))
		return e;
	if (paging_clamp(&p) && (e = store_org_audit_list(r->store, r->arena, r->org->id,
	                                                  paging_window(&p), &it, &n, &p.total)))
		return e;
	struct val *ctx = val_obj(r->arena);
	if (!ctx || (e = set_audit(r, ctx, it, n)) || (e = paging_set(r, ctx, &p, "/org/audit?")))
		return e ? e : MM_ERR_NOMEM;
	return titled_render(r, res, 200, "org_audit", ctx, "org.audit.title", "org.title", "/org");
}

/* One entry as the page shows it, its time in Japan with the offset. */
static enum mm_err audit_csv_row(struct req *r, struct buf *b, const struct org_audit_item *it)
{
	enum mm_err e;
	if ((e = csv_export_time(b, it->at, false)) ||
	    (e = buf_append_csv(b, it->actor_email, false)) ||
	    (e = buf_append_csv(b, action_label(r, it->action), false)) ||
	    (e = buf_append_csv(b, it->target, false)) ||
	    (e = buf_append_csv(b, it->detail, false)) ||
	    (e = buf_append_csv(b, outcome_label(r, it->outcome), false)))
		return e;
	return buf_append_csv(b, it->ip, true);
}

static enum mm_err page_org_audit_csv(struct req *r, struct res *res)
{
	static const char *const headers[] = {
	    "org.audit.at",     "org.audit.actor",   "org.audit.action", "org.audit.target",
	    "org.audit.detail", "org.audit.outcome", "org.audit.ip"};
	enum { COLUMNS = sizeof headers / sizeof headers[0] };
	struct org_audit_item *it;
	size_t n;
	int64_t total;
	struct buf b;
	enum mm_err e =
	    store_org_audit_list(r->store, r->arena, r->org->id,
	                         (struct org_page){0, ORG_AUDIT_CSV_MAX_ROWS}, &it, &n, &total);
	if (e)
		return e;
	buf_init(&b, r->arena, RES_MAX_BODY);
	e = csv_export_head(r, &b, headers, COLUMNS);
	for (size_t i = 0; !e && i < n; i++)
		e = audit_csv_row(r, &b, &it[i]);
	return e ? e : send_csv(r, res, "audit", buf_str(&b));
}

/* ---- deleting the organisation --------------------------------------------- */

/* The active declaration's ID ("" when there is none): the page names it,
 * since deleting the organisation withdraws it (store_org_remove). */
static enum mm_err active_declaration_id(struct req *r, int64_t org_id, struct str *id)
{
	struct declaration d;
	enum mm_err e = store_declaration_active_of(r->store, r->arena, org_id, &d);
	*id = e ? STR("") : d.public_id;
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

static enum mm_err render_delete(struct req *r, struct res *res, struct webform *f)
{
	struct arena *a = r->arena;
	const struct org_profile *o = r->org->profile;
	struct org_member *m;
	struct org_grant *g;
	size_t nm, ng;
	struct str declaration_id;
	enum mm_err e;
	if ((e = store_org_member_list(r->store, a, o->id, &m, &nm)) ||
	    (e = store_org_grant_list(r->store, a, o->id, false, &g, &ng)) ||
	    (e = active_declaration_id(r, o->id, &declaration_id)))
		return e;
	if (!val_set_str(a, f->ctx, "name", o->name) ||
	    !val_set_str(a, f->ctx, "declaration_id", declaration_id) ||
	    !val_set_cstr(a, f->ctx, "members", labels_format_count(a, (int64_t)nm)) ||
	    !val_set_cstr(a, f->ctx, "grants", labels_format_count(a, (int64_t)ng)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, webform_ok(f) ? 200 : 422, "org_delete", f->ctx,
	                     "org.delete.title", "org.title", "/org");
}

static enum mm_err page_org_delete(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "confirm_name", NULL)))
		return e;
	return render_delete(r, res, &f);
}

static enum mm_err delete_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	const struct org_profile *o = r->org->profile;
	/* the audit line goes in first: deleting the organisation keeps it,
	 * without the link to what no longer exists */
	enum mm_err e = audit_log(r, "org.delete", 0, o->id, o->name, AUDIT_OK,
	                          str_dup(r->arena, o->public_id));
	return e ? e : store_org_remove(s, o->id);
}

static enum mm_err page_org_delete_post(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str typed = webform_take(&f, "confirm_name", ORG_NAME_MAX_CHARS * 2);
	if (!str_eq(typed, r->org->profile->name))
		webform_error(&f, "confirm_name",
		              typed.n ? "org.error.confirm_name.mismatch"
		                      : "org.error.confirm_name.missing");
	if (!webform_ok(&f))
		return render_delete(r, res, &f);
	if ((e = page_tx(r, delete_tx, NULL)))
		return e;
	return page_redirect(r, res, "/org?notice=deleted");
}

/* This file's routes, in dispatch order (see org_routes.c). */
const struct route_table org_data_routes =
    ROUTE_TABLE(ROUTE_GET("/org/export.json", page_org_export, RIGHT_OWNER),
                ROUTE_GET("/org/members.csv", page_org_members_csv, RIGHT_OWNER),
                ROUTE_GET("/org/audit", page_org_audit, RIGHT_OWNER),
                ROUTE_GET("/org/audit.csv", page_org_audit_csv, RIGHT_OWNER),
                ROUTE_FORM("/org/delete", page_org_delete, page_org_delete_post, RIGHT_OWNER));
