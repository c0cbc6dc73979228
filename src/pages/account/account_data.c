/*
 * account_data.c — the personal-data rights of the Act on the Protection
 * of Personal Information: /account/export.json (everything stored about
 * the user, as a download: the account, its sessions and the browsers
 * that have logged in to it, memberships, supporter details, audit
 * entries) and /account/delete (erase the account).
 *
 * Deletion erases the user row (e-mail, name, password hash), sessions,
 * login devices, memberships and links, failed log-ins and mail sent to
 * the address;
 * audit entries stay but lose the link to the person (actor set to NULL,
 * addresses blanked). An organisation must never be left without an owner
 * while others still use it, so the last owner of a shared organisation
 * must hand over ownership first, and the only member of one must delete
 * the organisation first.
 */
#include <jansson.h>

#include "pages/account/account_form.h"
#include "pages/account/account_reauth.h"
#include "core/experts.h"
#include "core/help.h"
#include "core/org_fields.h"
#include "pages/shared/json_export.h"
#include "store/admin.h"
#include "store/experts.h"
#include "store/news.h"
#include "store/org.h"
#include "store/org_support.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

#define EXPORT_AUDIT_MAX 20000 /* newest entries in one export */

/* ---- export ----------------------------------------------------------- */

static json_t *export_user(struct json_builder *b, const struct user *u)
{
	json_t *o = json_object();
	if (!o) {
		b->failed = true;
		return NULL;
	}
	json_builder_set(b, o, "id", json_integer(u->id));
	json_builder_set(b, o, "email", json_export_str(u->email));
	json_builder_set(b, o, "name", json_export_str(u->name));
	json_builder_set(b, o, "language", json_export_str(u->lang));
	json_builder_set(b, o, "created_at", json_export_time(u->created_at));
	json_builder_set(b, o, "confirmed_at", json_export_time(u->confirmed_at));
	json_builder_set(b, o, "administrator", json_boolean(u->is_admin));
	json_builder_set(b, o, "disabled_at", json_export_time(u->disabled_at));
	json_builder_set(b, o, "disabled_reason", json_export_str(u->disabled_reason));
	return o;
}

static enum mm_err export_sessions(struct req *r, struct json_builder *b, json_t *root)
{
	struct session *sessions;
	size_t n;
	enum mm_err e = store_session_list(r->store, r->arena, r->user->id, &sessions, &n);
	if (e)
		return e;
	json_t *list = json_builder_set_list(b, root, "sessions"), *o;
	for (size_t i = 0; list && i < n && (o = json_builder_push_obj(b, list)); i++) {
		json_builder_set(b, o, "created_at", json_export_time(sessions[i].created_at));
		json_builder_set(b, o, "last_seen_at", json_export_time(sessions[i].last_seen_at));
		json_builder_set(b, o, "ip", json_export_str(sessions[i].ip));
		json_builder_set(b, o, "user_agent", json_export_str(sessions[i].user_agent));
	}
	return MM_OK;
}

/* The browsers that have logged in to the account (login_throttle.h):
 * when each first and last did, newest first; never the cookie's token or
 * its hash. The number left out (beyond LOGIN_DEVICE_LIST_MAX) is stated. */
static enum mm_err export_login_devices(struct req *r, struct json_builder *b, json_t *root)
{
	struct login_device *devices;
	size_t n;
	int64_t total;
	enum mm_err e =
	    store_login_device_list(r->store, r->arena, r->user->id, &devices, &n, &total);
	if (e)
		return e;
	json_t *list = json_builder_set_list(b, root, "login_devices"), *o;
	for (size_t i = 0; list && i < n && (o = json_builder_push_obj(b, list)); i++) {
		json_builder_set(b, o, "created_at", json_export_time(devices[i].created_at));
		json_builder_set(b, o, "last_used_at", json_export_time(devices[i].last_used_at));
	}
	json_builder_set(b, root, "login_devices_not_included",
	                 json_integer(total > (int64_t)n ? total - (int64_t)n : 0));
	return MM_OK;
}

static enum mm_err export_memberships(struct req *r, struct json_builder *b, json_t *root)
{
	struct admin_membership *m;
	size_t n;
	enum mm_err e = store_admin_user_memberships(r->store, r->arena, r->user->id, &m, &n);
	if (e)
		return e;
	json_t *list = json_builder_set_list(b, root, "memberships"), *o;
	for (size_t i = 0; list && i < n && (o = json_builder_push_obj(b, list)); i++) {
		json_builder_set(b, o, "organisation", json_export_str(m[i].organisation_name));
		json_builder_set(b, o, "organisation_id",
		                 json_export_str(m[i].organisation_public_id));
		json_builder_set(b, o, "role", json_export_str(m[i].role));
		json_builder_set(b, o, "since", json_export_time(m[i].created_at));
	}
	return MM_OK;
}

/* root[key] for a record the account may have: found is what the store
 * said when it looked for it. A new object in *o to fill when it was
 * found (MM_OK), null and *o NULL when there is none (MM_ERR_NOT_FOUND);
 * another error is returned. *o is NULL too once the builder has failed. */
static enum mm_err export_optional(struct json_builder *b, json_t *root, const char *key,
                                   enum mm_err found, json_t **o)
{
	*o = NULL;
	if (found == MM_ERR_NOT_FOUND) {
		json_builder_set(b, root, key, json_null());
		return MM_OK;
	}
	if (found)
		return found;
	*o = json_object();
	json_builder_set(b, root, key, *o);
	return MM_OK;
}

static enum mm_err export_supporter(struct req *r, struct json_builder *b, json_t *root)
{
	struct org_supporter sup;
	json_t *o;
	enum mm_err e =
	    export_optional(b, root, "supporter",
	                    store_org_supporter_by_user(r->store, r->arena, r->user->id, &sup), &o);
	if (e || !o)
		return e;
	json_builder_set(b, o, "kind", json_export_str(sup.kind));
	json_builder_set(b, o, "prefecture", json_integer(sup.prefecture));
	json_builder_set(b, o, "organisation_name", json_export_str(sup.organisation_name));
	json_builder_set(b, o, "code", json_export_str(sup.code));
	json_builder_set(b, o, "since", json_export_time(sup.created_at));
	return MM_OK;
}

/* The names of the bits of mask (prefecture codes when names is NULL). */
static json_t *export_bits(struct json_builder *b, int64_t mask, const char *const names[],
                           size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		if (expert_mask_has(mask, (int)i))
			json_builder_push(b, list,
			                  names ? json_string(names[i])
			                        : json_integer((json_int_t)i + 1));
	return list;
}

/* The user's profile in the experts directory (null when none). */
static enum mm_err export_expert(struct req *r, struct json_builder *b, json_t *root)
{
	struct expert x;
	json_t *o;
	enum mm_err e =
	    export_optional(b, root, "expert_profile",
	                    store_expert_by_user(r->store, r->arena, r->user->id, &x), &o);
	if (e || !o)
		return e;
	json_builder_set(b, o, "id", json_integer(x.id));
	json_builder_set(b, o, "name", json_export_str(x.name));
	json_builder_set(b, o, "kind", json_export_str(x.kind));
	json_builder_set(b, o, "qualifications", json_export_str(x.qualifications));
	json_builder_set(b, o, "introduction", json_export_str(x.introduction));
	json_builder_set(b, o, "prefectures",
	                 export_bits(b, x.prefectures, NULL, PREFECTURE_COUNT));
	json_builder_set(b, o, "skills",
	                 export_bits(b, x.skills, help_categories, HELP_CATEGORY_COUNT));
	json_builder_set(b, o, "languages",
	                 export_bits(b, x.languages, expert_languages, EXPERT_LANGUAGE_COUNT));
	json_builder_set(b, o, "takes_consultations", json_boolean(x.takes_consultations));
	json_builder_set(b, o, "status", json_string(expert_status_names[x.status]));
	json_builder_set(b, o, "reject_reason", json_export_str(x.reject_reason));
	json_builder_set(b, o, "consented_at", json_export_time(x.consented_at));
	json_builder_set(b, o, "created_at", json_export_time(x.created_at));
	json_builder_set(b, o, "updated_at", json_export_time(x.updated_at));
	return MM_OK;
}

static const char *const outcome_names[] = {"ok", "denied", "failed"};

/* Whether the account asked for the weekly news digest. */
static enum mm_err export_news_digest(struct req *r, struct json_builder *b, json_t *root)
{
	bool on;
	enum mm_err e = store_news_digest_subscribed(r->store, r->user->id, &on);
	if (!e)
		json_builder_set(b, root, "news_digest", json_boolean(on));
	return e;
}

/* The entries the user made, newest first, EXPORT_AUDIT_MAX at most; the
 * number left out is stated in the file. */
static enum mm_err export_audit(struct req *r, struct json_builder *b, json_t *root)
{
	struct admin_audit_filter filter = {.action_prefix = STR(""), .user_id = r->user->id};
	json_t *list = json_builder_set_list(b, root, "audit");
	int64_t total = 0, done = 0;
	if (!list)
		return MM_ERR_NOMEM;
	while (done < EXPORT_AUDIT_MAX) {
		struct admin_audit_row *rows;
		size_t n;
		enum mm_err e = store_admin_audit_search(r->store, r->arena, &filter, done,
		                                         ADMIN_LIST_MAX, &rows, &n, &total);
		if (e)
			return e;
		for (size_t i = 0; i < n && done < EXPORT_AUDIT_MAX; i++, done++) {
			json_t *o = json_builder_push_obj(b, list);
			if (!o)
				return MM_ERR_NOMEM;
			json_builder_set(b, o, "at", json_export_time(rows[i].e.at));
			json_builder_set(b, o, "action", json_export_str(rows[i].e.action));
			json_builder_set(b, o, "organisation",
			                 json_export_str(rows[i].organisation_name));
			json_builder_set(b, o, "target", json_export_str(rows[i].e.target));
			json_builder_set(b, o, "outcome",
			                 json_string(outcome_names[rows[i].e.outcome]));
			json_builder_set(b, o, "ip", json_export_str(rows[i].e.ip));
			json_builder_set(b, o, "detail", json_export_str(rows[i].e.detail));
		}
		if (n < ADMIN_LIST_MAX)
			break;
	}
	json_builder_set(b, root, "audit_entries_not_included",
	                 json_integer(total > done ? total - done : 0));
	return MM_OK;
}

static enum mm_err export_document(struct req *r, struct str *out)
{
	struct json_builder b = {0};
	json_t *root = json_object();
	enum mm_err e = MM_OK;
	if (!root)
		return MM_ERR_NOMEM;
	json_builder_set(&b, root, "exported_at", json_export_time(r->now));
	json_builder_set(&b, root, "user", export_user(&b, r->user));
	if (!(e = export_sessions(r, &b, root)) && !(e = export_login_devices(r, &b, root)) &&
	    !(e = export_memberships(r, &b, root)) && !(e = export_supporter(r, &b, root)) &&
	    !(e = export_expert(r, &b, root)) && !(e = export_news_digest(r, &b, root)))
		e = export_audit(r, &b, root);
	if (!e)
		e = b.failed ? MM_ERR_NOMEM : json_export_text(r->arena, root, out);
	json_decref(root);
	return e;
}

static enum mm_err page_account_export(struct req *r, struct res *res)
{
	struct str body;
	enum mm_err e;
	if ((e = export_document(r, &body)))
		return e;
	if ((e = res_header(r, res, "Vary", STR("Cookie"))))
		return e;
	audit_note(r, "account.export", 0, 0, STR(""), AUDIT_OK, "");
	res->compressible = true;
	return page_download(r, res, "application/json; charset=utf-8", "mamori-account.json",
	                     body);
}

/* ---- deletion ---------------------------------------------------------- */

/* What stands in the way of deleting the account: organisations where the
 * user is the last owner and others remain, and organisations where the
 * user is the only member. Lists go to ctx; *blocked says if any. */
static enum mm_err deletion_blockers(struct req *r, struct val *ctx, bool *blocked)
{
	struct arena *a = r->arena;
	struct admin_membership *m;
	size_t n;
	enum mm_err e = store_admin_user_memberships(r->store, a, r->user->id, &m, &n);
	if (e)
		return e;
	struct val *handover = val_set_list(a, ctx, "handover"),
	           *alone = val_set_list(a, ctx, "alone");
	if (!handover || !alone)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *list = NULL;
		if (m[i].members <= 1)
			list = alone;
		else if (str_eq_lit(m[i].role, "owner") && m[i].owners <= 1)
			list = handover;
		struct val *item = list ? val_list_push_obj(a, list) : NULL;
		if (list && (!item || !val_set_str(a, item, "name", m[i].organisation_name)))
			return MM_ERR_NOMEM;
	}
	*blocked = handover->n > 0 || alone->n > 0;
	if (!val_set_bool(a, ctx, "blocked", *blocked) ||
	    !val_set_bool(a, ctx, "must_hand_over", handover->n > 0) ||
	    !val_set_bool(a, ctx, "must_delete_organisation", alone->n > 0))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err deletion_form(struct req *r, struct res *res, struct webform *f, bool *blocked)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "current_password", NULL)))
		return e;
	if (!val_set_str(r->arena, f->ctx, "email", r->user->email))
		return MM_ERR_NOMEM;
	return deletion_blockers(r, f->ctx, blocked);
}

static enum mm_err page_account_delete(struct req *r, struct res *res)
{
	struct webform f;
	bool blocked;
	enum mm_err e = deletion_form(r, res, &f, &blocked);
	if (e)
		return e;
	return account_render(r, res, &f, "account_delete", "account_extras.delete_title", 200);
}

/* The audit line first, while it can still name its actor; deleting the
 * user then sets that to NULL. */
static enum mm_err account_delete_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	enum mm_err e;
	if ((e = audit_log(r, "account.delete", r->user->id, 0, STR(""), AUDIT_OK, "")) ||
	    (e = store_admin_user_erase_traces(s, r->user->id, r->user->email)))
		return e;
	return store_user_delete(s, r->user->id);
}

static enum mm_err page_account_delete_post(struct req *r, struct res *res)
{
	struct webform f;
	bool blocked;
	enum mm_err e;
	if ((e = deletion_form(r, res, &f, &blocked)))
		return e;
	if (blocked) {
		audit_note(r, "account.delete", 0, 0, STR(""), AUDIT_DENIED, "organisations");
		return account_render(r, res, &f, "account_delete", "account_extras.delete_title",
		                      409);
	}
	if (!account_reauth_or_answer(r, res, &f, "account.delete", "account_delete",
	                              "account_extras.delete_title", &e))
		return e;
	if ((e = page_tx(r, account_delete_tx, NULL)))
		return e;
	if ((e = session_end(r, res)))
		return e;
	return page_redirect(r, res, "/login?notice=deleted");
}

/* This file's routes, in dispatch order (see account_routes.c). */
const struct route_table account_data_routes = ROUTE_TABLE(
    ROUTE_GET("/account/export.json", page_account_export, RIGHT_USER),
    ROUTE_FORM("/account/delete", page_account_delete, page_account_delete_post, RIGHT_USER));
