/*
 * check_result.c — see check_result.h.
 */
#include "pages/check/check_result.h"

#include <string.h>

#include "pages/shared/json_export.h"
#include "store/org.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/scope.h"

/* Whether this request may see result h of check c (see
 * check_result.h): *allowed, and the viewer's *role in its organisation
 * when it has one. */
static enum mm_err result_visible(struct req *r, const struct check *c,
                                  const struct check_result_head *h, bool *allowed,
                                  enum scope_role *role)
{
	*allowed = false;
	if (!h->organisation_id) {
		*allowed = h->expires_at > r->now && check_cookie_matches(r, c, h->token_hash);
		return MM_OK;
	}
	if (!r->user)
		return MM_OK;
	/* A member, or a supporter with any consent (read and edit alike:
	 * nobody takes a check for a client). */
	enum mm_err e = scope_role_of(r, h->organisation_id, r->user->id, role);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	*allowed = true;
	return MM_OK;
}

bool check_role_is_supporter(enum scope_role role)
{
	return role == SCOPE_SUPPORTER_READ || role == SCOPE_SUPPORTER_EDIT;
}

/* The audit line of a supporter's view of the check's pages. */
static enum mm_err supporter_view(struct req *r, const struct check *c, int64_t organisation_id,
                                  struct str target, const char *detail)
{
	char *action = arena_printf(r->arena, "%s.supporter_view", c->name);
	if (!action)
		return MM_ERR_NOMEM;
	audit_note(r, action, 0, organisation_id, target, AUDIT_OK, detail);
	return MM_OK;
}

/* "12" or "12.EXT" with EXT one of p's downloads → id and *format (0 the
 * page, k the download k - 1); false otherwise. */
static bool result_param(struct str s, const struct check_result_pages *p, int64_t *id,
                         size_t *format)
{
	long v;
	*format = 0;
	for (size_t k = 0; k < p->download_count; k++) {
		size_t n = strlen(p->downloads[k].ext);
		if (s.n > n && s.p[s.n - n - 1] == '.' &&
		    memcmp(s.p + s.n - n, p->downloads[k].ext, n) == 0) {
			*format = k + 1;
			s.n -= n + 1;
			break;
		}
	}
	if (s.n == 0 || s.n > 18 || s.p[0] == '0' || str_to_long(s, 1, INT64_MAX, &v))
		return false;
	*id = v;
	return true;
}

/* The content type of a download with extension ext. */
static const char *download_type(const char *ext)
{
	if (strcmp(ext, "csv") == 0)
		return "text/csv; charset=utf-8";
	if (strcmp(ext, "json") == 0)
		return "application/json; charset=utf-8";
	return "application/pdf";
}

enum mm_err check_result_serve(struct req *r, struct res *res, const struct check *c,
                               const struct check_result_pages *p)
{
	void *view = arena_zalloc(r->arena, p->view_size);
	const struct check_result_head *h = NULL;
	enum scope_role role = SCOPE_MEMBER;
	bool allowed = false;
	struct str body;
	size_t format;
	int64_t id;
	enum mm_err e;
	if (!view)
		return MM_ERR_NOMEM;
	if (!result_param(req_param(r, "id"), p, &id, &format)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	e = p->load(r, id, view, &h);
	if (!e)
		e = result_visible(r, c, h, &allowed, &role);
	if (e == MM_ERR_NOT_FOUND || (!e && !allowed)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (e || (e = p->prepare(r, view, role)))
		return e;
	const struct check_download *d = format ? &p->downloads[format - 1] : NULL;
	if (check_role_is_supporter(role)) {
		char *target = arena_printf(r->arena, "%s %lld", c->audit_target, (long long)id);
		if ((e = supporter_view(r, c, h->organisation_id, str_from(target),
		                        d ? d->ext : "page")))
			return e;
	}
	res->personal = true; /* never kept by a shared cache (see the top) */
	if (!d)
		return p->page(r, res, view);
	char *name = arena_printf(r->arena, "mamori-%s-%lld.%s", c->name, (long long)id, d->ext);
	if (!name)
		return MM_ERR_NOMEM;
	/* a result deleted since load read it (an anonymous one past its
	 * expiry, purged) is not found */
	e = p->complete ? p->complete(r, view) : MM_OK;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (e || (e = d->make(r, view, &body)))
		return e;
	return page_download(r, res, download_type(d->ext), name, body);
}

json_t *check_result_json_begin(struct req *r, const struct check *c,
                                const struct check_result_head *h)
{
	json_t *root = json_object();
	char *format = arena_printf(r->arena, "mamori.%s_result", c->name);
	if (!root || !format || json_object_set_new(root, "format", json_string(format)) ||
	    json_object_set_new(root, "id", json_integer(h->id)) ||
	    json_object_set_new(root, "version", json_export_str(h->version)) ||
	    json_object_set_new(root, "language", json_string(lang_code(r->lang))) ||
	    json_object_set_new(root, "taken_at", json_export_time(h->taken_at))) {
		json_decref(root);
		return NULL;
	}
	return root;
}

enum mm_err check_result_json_text(struct req *r, json_t *root, const struct json_builder *b,
                                   int precision, struct str *out)
{
	enum mm_err e = MM_ERR_NOMEM;
	if (root && !b->failed)
		e = precision ? json_export_text_precise(r->arena, root, precision, out)
		              : json_export_text(r->arena, root, out);
	json_decref(root);
	return e;
}

enum mm_err check_result_prefecture(struct req *r, struct store *s, int64_t org_id, int *prefecture)
{
	struct org_profile org;
	*prefecture = 0;
	if (!org_id)
		return MM_OK;
	enum mm_err e = store_org_by_id(s, r->arena, org_id, &org);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	*prefecture = e ? 0 : org.prefecture;
	return MM_OK;
}

struct val *check_result_crumbs(struct req *r, const struct check *c, int64_t organisation_id,
                                bool as_supporter)
{
	struct val *crumbs = page_crumbs(r);
	char *start = arena_printf(r->arena, "%s.title", c->name);
	char *history = arena_printf(r->arena, "%s.history.title", c->name);
	char *history_url = arena_printf(r->arena, "%s/history", c->base);
	char *result = arena_printf(r->arena, "%s.result.title", c->name);
	if (!crumbs || !start || !history || !history_url || !result ||
	    page_crumb(r, crumbs, page_t(r, start), c->base) ||
	    (organisation_id && !as_supporter &&
	     page_crumb(r, crumbs, page_t(r, history), history_url)) ||
	    page_crumb(r, crumbs, page_t(r, result), NULL))
		return NULL;
	return crumbs;
}

struct val *check_history_row(struct req *r, const struct check *c, struct val *rows, int64_t id,
                              int64_t taken_at, struct str version, char **date)
{
	struct arena *a = r->arena;
	struct val *row = val_list_push_obj(a, rows);
	char *url = arena_printf(a, "%s/results/%lld", c->base, (long long)id);
	char *when = page_format_date(r, taken_at);
	if (!row || !url || !when || !val_set_cstr(a, row, "url", url) ||
	    !val_set_cstr(a, row, "date", when) || !val_set_str(a, row, "version", version))
		return NULL;
	if (date)
		*date = when;
	return row;
}

enum mm_err check_history_fields(struct req *r, struct val *ctx, const struct check_history_view *v,
                                 size_t count)
{
	struct arena *a = r->arena;
	if (!val_set_bool(a, ctx, "has_org", v->org != NULL) ||
	    !val_set_str(a, ctx, "org_name", v->org ? v->org->name : STR("")) ||
	    !val_set_bool(a, ctx, "has_results", count > 0) ||
	    !val_set_bool(a, ctx, "as_supporter", check_role_is_supporter(v->role)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err check_history_serve(struct req *r, struct res *res, const struct check *c,
                                check_history_render render)
{
	struct check_history_view v = {.role = SCOPE_MEMBER};
	struct check_taker t;
	enum mm_err e;
	if (r->org) {
		v.org = r->org->profile;
		v.role = r->org->role;
		if (check_role_is_supporter(v.role) &&
		    (e = supporter_view(r, c, r->org->id, STR("history"), "history")))
			return e;
		return render(r, res, &v);
	}
	if ((e = check_taker_load(r, c, &t)))
		return e;
	v.org = t.has_org ? &t.org : NULL;
	return render(r, res, &v);
}
