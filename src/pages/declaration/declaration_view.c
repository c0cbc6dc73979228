/*
 * declaration_view.c — see declaration_view.h.
 */
#include "pages/declaration/declaration_view.h"

#include <stdio.h>

#include "core/declaration.h"
#include "view/labels.h"
#include "pages/shared/titled.h"
#include "web/mail.h"
#include "web/page.h"

enum mm_err declaration_set_problems(struct req *r, struct val *ctx, unsigned problems)
{
	static const char *const keys[] = {"declaration.problem.name",
	                                   "declaration.problem.kana",
	                                   "declaration.problem.prefecture",
	                                   "declaration.problem.industry",
	                                   "declaration.problem.corporate_number_invalid",
	                                   "declaration.problem.corporate_number_missing"};
	struct val *list = val_set_list(r->arena, ctx, "problems");
	if (!list || !val_set_bool(r->arena, ctx, "has_problems", problems != 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (!(problems & (1u << i)))
			continue;
		struct val *v = val_list_push_obj(r->arena, list);
		if (!v || !val_set_str(r->arena, v, "text", page_t(r, keys[i])))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

struct str declaration_level_label(struct req *r, int level)
{
	return page_t(r, level == DECLARATION_LEVEL_TWO ? "declaration.level.two"
	                                                : "declaration.level.one");
}

struct str declaration_status_label(struct req *r, enum declaration_status status)
{
	switch (status) {
	case DECLARATION_ACTIVE:
		return page_t(r, "declaration.status.active");
	case DECLARATION_WITHDRAWN:
		return page_t(r, "declaration.status.withdrawn");
	case DECLARATION_REVOKED:
		return page_t(r, "declaration.status.revoked");
	default:
		return STR("");
	}
}

/* Catalogue text for PREFIX.CODE, or the code itself when the catalogue
 * has no such key (a code written by hand into the database). */

/* An address meant to be shared (typed into a subsidy application, sent
 * to a customer): a path of this site made absolute with MAMORI_BASE_URL,
 * as the mark's QR code is; another site's URL as it is. NULL when the
 * arena is full. */
static const char *shared_address(struct arena *a, const char *url)
{
	if (!url)
		return NULL;
	return url[0] == '/' ? mail_link(a, url) : url;
}
static struct str code_label(struct req *r, const char *prefix, struct str code)
{
	char key[96];
	int n = snprintf(key, sizeof key, "%s.%.*s", prefix, (int)code.n, code.p);
	if (code.n == 0 || n < 0 || (size_t)n >= sizeof key || !i18n_has(r->lang, str_from(key)))
		return code;
	return page_t(r, key);
}

struct str declaration_signals_label(struct req *r, struct str codes)
{
	struct buf b;
	size_t start = 0;
	buf_init(&b, r->arena, 1024);
	for (size_t i = 0; i <= codes.n; i++) {
		if (i < codes.n && codes.p[i] != ',')
			continue;
		struct str code = {codes.p + start, i - start};
		start = i + 1;
		if (!code.n)
			continue;
		if ((buf_str(&b).n &&
		     buf_append_str(&b, page_t(r, "declaration.list_separator"))) ||
		    buf_append_str(&b, code_label(r, "declaration.signal", code)))
			return codes;
	}
	return buf_cstr(&b) ? buf_str(&b) : codes;
}

enum mm_err declaration_set_summary(struct req *r, struct val *ctx, const char *name,
                                    const struct declaration *d)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, name);
	char *id = str_dup(a, d->public_id);
	if (!v || !id || !val_set_cstr(a, v, "id", id) || !val_set_long(a, v, "level", d->level) ||
	    !val_set_str(a, v, "level_label", declaration_level_label(r, d->level)) ||
	    !val_set_cstr(a, v, "stars", d->level == DECLARATION_LEVEL_TWO ? "★★" : "★") ||
	    !val_set_bool(a, v, "is_level_two", d->level == DECLARATION_LEVEL_TWO) ||
	    !val_set_str(a, v, "status", declaration_status_label(r, d->status)) ||
	    !val_set_bool(a, v, "is_active", d->status == DECLARATION_ACTIVE) ||
	    !val_set_cstr(a, v, "declared", page_format_date(r, d->declared_at)) ||
	    !val_set_cstr(a, v, "changed", page_format_date(r, d->changed_at)) ||
	    !val_set_cstr(a, v, "verify_url", arena_printf(a, "/verify/%s", id)) ||
	    !val_set_cstr(a, v, "verify_address",
	                  shared_address(a, arena_printf(a, "/verify/%s", id))) ||
	    !val_set_str(a, v, "org_name", d->org_name) ||
	    !val_set_str(a, v, "org_name_kana", d->org_name_kana) ||
	    !val_set_str(a, v, "prefecture", labels_prefecture(r->lang, d->prefecture)) ||
	    !val_set_str(a, v, "industry", labels_industry(r->lang, d->industry)) ||
	    !val_set_str(a, v, "corporate_number",
	                 d->corporate_number.n ? d->corporate_number
	                                       : page_t(r, "declaration.no_corporate_number")) ||
	    !val_set_str(a, v, "pending_corporate_number", d->pending_corporate_number) ||
	    !val_set_bool(a, v, "has_pending_number", d->pending_corporate_number.n > 0) ||
	    !val_set_bool(a, v, "is_revoked", d->status == DECLARATION_REVOKED) ||
	    !val_set_bool(a, v, "is_blocking",
	                  d->status == DECLARATION_REVOKED && d->block_lifted_at == 0) ||
	    !val_set_cstr(a, v, "block_lifted",
	                  d->block_lifted_at ? page_format_date(r, d->block_lifted_at) : "") ||
	    !val_set_str(a, v, "block_lift_reason", d->block_lift_reason) ||
	    !val_set_str(a, v, "policy_url", d->policy_url) ||
	    !val_set_cstr(a, v, "policy_address", shared_address(a, str_dup(a, d->policy_url))) ||
	    !val_set_bool(a, v, "has_policy_url", d->policy_url.n > 0))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* "★" for a level value, the status label for a status value, else as is. */
static struct str event_value(struct req *r, struct str kind, struct str value)
{
	enum declaration_status st;
	if (str_eq_lit(kind, "level") || str_eq_lit(kind, "declared"))
		return str_eq_lit(value, "2")   ? declaration_level_label(r, 2)
		       : str_eq_lit(value, "1") ? declaration_level_label(r, 1)
		                                : value;
	if (core_declaration_status_parse(value, &st))
		return declaration_status_label(r, st);
	if (str_eq_lit(kind, "flag_cleared"))
		return declaration_signals_label(r, value);
	return value;
}

enum mm_err declaration_set_events(struct req *r, struct store *s, struct val *ctx,
                                   int64_t declaration_id, bool with_private)
{
	struct arena *a = r->arena;
	struct declaration_event *ev;
	size_t n;
	enum mm_err e = store_declaration_events(s, a, declaration_id, &ev, &n);
	struct val *list = val_set_list(a, ctx, "events");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_cstr(a, v, "date", page_format_time(r, ev[i].at)) ||
		    !val_set_str(a, v, "what", code_label(r, "declaration.event", ev[i].kind)) ||
		    !val_set_str(a, v, "from", event_value(r, ev[i].kind, ev[i].from_value)) ||
		    !val_set_str(a, v, "to", event_value(r, ev[i].kind, ev[i].to_value)) ||
		    !val_set_str(a, v, "reason",
		                 code_label(r, "declaration.reason", ev[i].reason)) ||
		    !val_set_str(a, v, "note", with_private ? ev[i].note : STR("")) ||
		    !val_set_str(a, v, "actor", with_private ? ev[i].actor_email : STR("")))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_events", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err declaration_set_prerequisites(struct req *r, struct val *ctx,
                                          const struct declaration_prerequisites *p,
                                          const struct org_profile *o)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, "prereq");
	char *builder = arena_printf(a, "/policy/edit/%.*s", (int)o->public_id.n, o->public_id.p);
	if (!v || !builder || !val_set_bool(a, v, "has_assessment", p->has_assessment) ||
	    !val_set_cstr(a, v, "assessment_date",
	                  p->has_assessment ? page_format_date(r, p->assessment_taken_at) : "") ||
	    !val_set_bool(a, v, "has_policy", p->has_policy) ||
	    !val_set_str(a, v, "policy_url", p->policy_url) ||
	    !val_set_cstr(a, v, "policy_address", shared_address(a, str_dup(a, p->policy_url))) ||
	    !val_set_cstr(a, v, "assessment_url", "/assessment") ||
	    !val_set_cstr(a, v, "policy_builder_url", builder) ||
	    !val_set_bool(a, v, "ready", p->has_assessment && p->has_policy))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err declaration_render(struct req *r, struct res *res, int status,
                               const char *template_name, struct val *ctx, const char *title_key)
{
	bool top = str_eq_lit(str_from(title_key), "declaration.title");
	return titled_render(r, res, status, template_name, ctx, title_key,
	                     top ? NULL : "declaration.title", top ? NULL : "/declaration");
}

enum mm_err declaration_refuse(struct req *r, struct res *res, int status, const char *message_key,
                               const char *back_url)
{
	return titled_refuse(r, res, status, "declaration.refused.title", message_key,
	                     "declaration.back", back_url, "declaration.title", "/declaration");
}

enum mm_err declaration_with_active(struct req *r, struct res *res, declaration_active_page page)
{
	struct declaration d;
	enum mm_err e = store_declaration_active_of(r->store, r->arena, r->org->id, &d);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, "/declaration");
	return e ? e : page(r, res, &d);
}
