/*
 * org_common.c — see org_common.h.
 */
#include "pages/org/org_common.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/org_fields.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"

enum mm_err org_here_load(struct req *r, struct store *s, struct org_here *out)
{
	enum mm_err e = store_org_membership_of(s, r->user->id, &out->membership);
	if (e)
		return e;
	return store_org_by_id(s, r->arena, out->membership.organisation_id, &out->org);
}

enum mm_err org_here_require(struct req *r, struct res *res, struct store *s, enum org_need need,
                             struct org_here *out, bool *answered)
{
	enum mm_err e = org_here_load(r, s, out);
	*answered = false;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	if (e)
		return e;
	if (need == ORG_NEED_OWNER && !org_is_owner(out)) {
		page_error(r, res, 403);
		*answered = true;
	}
	return MM_OK;
}

bool org_is_owner(const struct org_here *h)
{
	return h->membership.role == ORG_ROLE_OWNER;
}

bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out)
{
	enum trade trade = str_eq_lit(o->trade, "wholesale") ? TRADE_WHOLESALE
	                   : str_eq_lit(o->trade, "retail")  ? TRADE_RETAIL
	                                                     : TRADE_NONE;
	if (o->industry.n != 1 || o->employees < 0 ||
	    !core_size_group(o->industry.p[0], trade, group))
		return false;
	*out = core_size_class(*group, o->capital_yen, o->employees);
	return true;
}

bool org_param_id(struct req *r, size_t i, int64_t *out)
{
	long v;
	struct str p = req_param(r, "id");
	(void)i;
	if (p.n == 0 || p.p[0] == '-' || p.p[0] == '0' || str_to_long(p, 1, INT64_MAX, &v))
		return false;
	*out = v;
	return true;
}

enum mm_err org_render(struct req *r, struct res *res, int status, const char *template_name,
                       struct val *ctx, const char *title_key, const char *parent_key,
                       const char *parent_url)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || (parent_key && page_crumb(r, crumbs, page_t(r, parent_key), parent_url)) ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, page_t(r, title_key), crumbs);
}

enum mm_err org_refuse(struct req *r, struct res *res, int status, const char *message_key,
                       const char *back_url)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_str(r->arena, ctx, "message", page_t(r, message_key)) ||
	    !val_set_cstr(r->arena, ctx, "back_url", back_url))
		return MM_ERR_NOMEM;
	return org_render(r, res, status, "org_refused", ctx, "org.refused.title", NULL, NULL);
}

enum mm_err org_confirm(struct req *r, struct res *res, const char *title_key, struct str text,
                        const char *action_url, const char *button_key, const char *back_url)
{
	struct arena *a = r->arena;
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(a));
	if (e)
		return e;
	if (!val_set_str(a, f.ctx, "heading", page_t(r, title_key)) ||
	    !val_set_str(a, f.ctx, "text", text) || !val_set_cstr(a, f.ctx, "action", action_url) ||
	    !val_set_str(a, f.ctx, "button", page_t(r, button_key)) ||
	    !val_set_cstr(a, f.ctx, "back_url", back_url))
		return MM_ERR_NOMEM;
	return org_render(r, res, 200, "org_confirm", f.ctx, title_key, "org.title", "/org");
}

static struct str keyed(struct req *r, const char *prefix, struct str value)
{
	char key[64];
	int n = snprintf(key, sizeof key, "%s.%.*s", prefix, (int)value.n, value.p);
	if (n < 0 || (size_t)n >= sizeof key)
		return STR("");
	return page_t(r, key);
}

struct str org_prefecture_label(struct req *r, int prefecture)
{
	char code[8];
	snprintf(code, sizeof code, "%d", prefecture);
	return prefecture >= 1 && prefecture <= PREFECTURE_COUNT ? keyed(r, "pref", str_from(code))
	                                                         : STR("");
}

struct str org_industry_label(struct req *r, struct str industry)
{
	return industry.n == 1 ? keyed(r, "industry", industry) : STR("");
}

struct str org_role_label(struct req *r, enum org_role role)
{
	return page_t(r, role == ORG_ROLE_OWNER ? "org.role.owner" : "org.role.member");
}

struct str org_access_label(struct req *r, enum org_access access)
{
	return page_t(r, access == ORG_ACCESS_EDIT ? "org.access.edit" : "org.access.read");
}

struct str org_kind_label(struct req *r, struct str kind)
{
	return kind.n ? keyed(r, "supporter.kind", kind) : STR("");
}

struct str org_fill(struct req *r, const char *key, const char *const names[],
                    const struct str values[], size_t n)
{
	char *text = i18n_fill(r->arena, r->lang, key, names, values, n);
	return text ? str_from(text) : STR("");
}

char *org_format_count(struct arena *a, int64_t v)
{
	char digits[24], out[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? 0 : v));
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	return arena_strndup(a, out, k);
}

static enum mm_err option_push(struct req *r, struct val *list, struct str value, struct str label,
                               bool selected)
{
	struct val *o = val_list_push_obj(r->arena, list);
	if (!o || !val_set_str(r->arena, o, "value", value) ||
	    !val_set_str(r->arena, o, "label", label) ||
	    !val_set_bool(r->arena, o, "selected", selected))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err org_options_prefecture(struct req *r, struct val *ctx, const char *name,
                                   struct str selected)
{
	struct val *list = val_set_list(r->arena, ctx, name);
	if (!list)
		return MM_ERR_NOMEM;
	for (int p = 1; p <= PREFECTURE_COUNT; p++) {
		char *code = arena_printf(r->arena, "%d", p);
		enum mm_err e =
		    code ? option_push(r, list, str_from(code), org_prefecture_label(r, p),
		                       str_eq_lit(selected, code))
		         : MM_ERR_NOMEM;
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err org_options_industry(struct req *r, struct val *ctx, const char *name,
                                 struct str selected)
{
	struct val *list = val_set_list(r->arena, ctx, name);
	if (!list)
		return MM_ERR_NOMEM;
	for (char d = 'A'; d <= 'T'; d++) {
		char *code = arena_strndup(r->arena, &d, 1);
		struct str label = code ? org_industry_label(r, str_from(code)) : STR("");
		char *text =
		    code ? arena_printf(r->arena, "%s %.*s", code, (int)label.n, label.p) : NULL;
		enum mm_err e = text ? option_push(r, list, str_from(code), str_from(text),
		                                   str_eq_lit(selected, code))
		                     : MM_ERR_NOMEM;
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err org_options_fixed(struct req *r, struct val *ctx, const char *name,
                              const char *const values[], size_t n, const char *prefix,
                              struct str selected)
{
	struct val *list = val_set_list(r->arena, ctx, name);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		enum mm_err e =
		    option_push(r, list, str_from(values[i]), keyed(r, prefix, str_from(values[i])),
		                str_eq_lit(selected, values[i]));
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err org_set_notice(struct req *r, struct val *ctx, const char *prefix,
                           const char *const allowed[], size_t n)
{
	struct str notice, text = STR("");
	if (kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK)
		for (size_t i = 0; i < n; i++)
			if (str_eq_lit(notice, allowed[i]))
				text = keyed(r, prefix, notice);
	return val_set_str(r->arena, ctx, "notice", text) ? MM_OK : MM_ERR_NOMEM;
}

int64_t org_page_requested(struct req *r)
{
	struct str p;
	long v;
	if (kvlist_get_one(&r->query_fields, "page", &p) != MM_OK || str_to_long(p, 1, 1000000, &v))
		return 1;
	return v;
}

struct org_page org_page_window(int64_t page, int64_t size)
{
	return (struct org_page){.offset = (page - 1) * size, .limit = size};
}

enum mm_err org_set_pagination(struct req *r, struct val *ctx, const struct org_paging *p,
                               const char *url_prefix)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, "pagination");
	char *prev = arena_printf(a, "%spage=%lld", url_prefix, (long long)(p->page - 1));
	char *next = arena_printf(a, "%spage=%lld", url_prefix, (long long)(p->page + 1));
	const char *const names[] = {"page", "pages"};
	char page[24], pages[24];
	snprintf(page, sizeof page, "%lld", (long long)p->page);
	snprintf(pages, sizeof pages, "%lld", (long long)p->pages);
	const struct str values[] = {str_from(page), str_from(pages)};
	if (!v || !prev || !next || !val_set_bool(a, v, "show", p->pages > 1) ||
	    !val_set_str(a, v, "label", org_fill(r, "org.paging.label", names, values, 2)) ||
	    !val_set_bool(a, v, "has_prev", p->page > 1) || !val_set_cstr(a, v, "prev_url", prev) ||
	    !val_set_bool(a, v, "has_next", p->page < p->pages) ||
	    !val_set_cstr(a, v, "next_url", next))
		return MM_ERR_NOMEM;
	return MM_OK;
}

void org_random_text(char *out, size_t n, const char *alphabet)
{
	/* 256 is a multiple of 32: the low five bits of a random byte are
	 * uniform over the alphabet. */
	unsigned char raw[64];
	size_t done = 0;
	while (done < n) {
		size_t chunk = n - done < sizeof raw ? n - done : sizeof raw;
		randombytes_buf(raw, chunk);
		for (size_t i = 0; i < chunk; i++)
			out[done + i] = alphabet[raw[i] & 31];
		done += chunk;
	}
	out[n] = '\0';
}

enum mm_err org_audit(struct req *r, const char *action, int64_t org_id, struct str target,
                      const char *detail)
{
	return audit_log(r, action, 0, org_id, target, AUDIT_OK, detail);
}
