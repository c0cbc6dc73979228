/*
 * services_view.c — see services_view.h.
 */
#include "pages/services/services_view.h"
#include "pages/shared/prefectures.h"
#include "pages/shared/service_contents.h"

#include <stdio.h>

#include "core/experts.h"
#include "lib/civil.h"
#include "lib/utf8.h"
#include "view/content.h"
#include "view/labels.h"
#include "web/page.h"

#define SUMMARY_MAX_CHARS 80 /* an IT product's function in a result row */
#define JOINED_MAX 8192
/* service.html shows the description under its h2 "Description". */
#define DESCRIPTION_HEADING_LEVEL 2

/* "2027-03-31" as people read it; "" when it is not such a date (the
 * catalogue checked it when it was written). */
static struct str iso_date_label(struct req *r, struct str iso)
{
	long y, m, d;
	if (!service_date_ok(iso) || str_to_long((struct str){iso.p, 4}, 1, 9999, &y) ||
	    str_to_long((struct str){iso.p + 5, 2}, 1, 12, &m) ||
	    str_to_long((struct str){iso.p + 8, 2}, 1, 31, &d))
		return STR("");
	/* noon in Japan of that day */
	int64_t t = civil_days_from_date(y, (int)m, (int)d) * 86400 + 3 * 3600;
	return str_from(page_format_date(r, t));
}

static struct str yen(struct req *r, int64_t amount)
{
	char buf[32];
	if (!service_yen_format(service_price_with_tax(amount), buf, sizeof buf))
		return STR("");
	return str_from(arena_strdup(r->arena, buf));
}

/* "月額 5,500円から（税込）", "見積もり". */
static struct str price_label(struct req *r, const struct service *v)
{
	static const char *const min_max[] = {"min", "max"}, *const one[] = {"price"};
	if (str_eq_lit(v->price_unit, "quote"))
		return page_t(r, "services.price.quote");
	struct str unit = labels_keyed(r->lang, "services.unit", v->price_unit);
	struct str amount;
	if (v->price_max > v->price_min) {
		struct str values[] = {yen(r, v->price_min), yen(r, v->price_max)};
		amount = labels_fill(r->arena, r->lang, "services.price.range", min_max, values, 2);
	} else {
		struct str values[] = {yen(r, v->price_min)};
		amount = labels_fill(r->arena, r->lang, "services.price.one", one, values, 1);
	}
	char *s =
	    arena_printf(r->arena, "%.*s %.*s%.*s", (int)unit.n, unit.p, (int)amount.n, amount.p,
	                 (int)page_t(r, "services.price.tax").n, page_t(r, "services.price.tax").p);
	return str_from(s);
}

/* The labels of the bits of mask, joined. */
static struct str joined_names(struct req *r, int64_t mask, const char *const names[], size_t n,
                               const char *prefix)
{
	struct str sep = page_t(r, "services.list_separator");
	struct buf b;
	enum mm_err e = MM_OK;
	bool first = true;
	buf_init(&b, r->arena, JOINED_MAX);
	for (size_t i = 0; !e && i < n; i++) {
		if (!(mask & ((int64_t)1 << i)))
			continue;
		if (!first)
			e = buf_append_str(&b, sep);
		if (!e)
			e = buf_append_str(&b, labels_keyed(r->lang, prefix, str_from(names[i])));
		first = false;
	}
	return e ? STR("") : buf_str(&b);
}

static struct str region_label(struct req *r, const struct service *v)
{
	if (v->nationwide)
		return page_t(r, "services.nationwide");
	return prefectures_joined(r, (uint64_t)v->prefectures,
	                          page_t(r, "services.list_separator"));
}

/* The first SUMMARY_MAX_CHARS characters of s, with "…" when cut. */
static struct str summary(struct req *r, struct str s)
{
	size_t i = 0, chars = 0;
	while (i < s.n && chars < SUMMARY_MAX_CHARS) {
		(void)utf8_next(s, &i);
		chars++;
	}
	if (i >= s.n)
		return s;
	return str_from(arena_printf(r->arena, "%.*s…", (int)i, s.p));
}

/* What it contains: a bundle's contents, a standard service's
 * categories, what a product does. */
static struct str contents_label(struct req *r, const struct service *v)
{
	switch (v->kind) {
	case SERVICE_SUPPORT_BUNDLE:
		return joined_names(r, v->bundle_contents, service_contents, SERVICE_CONTENT_COUNT,
		                    "services.content");
	case SERVICE_STANDARD:
		return joined_names(r, v->categories, service_categories, SERVICE_CATEGORY_COUNT,
		                    "services.category");
	default:
		return summary(r, v->product_function);
	}
}

struct str services_tag_label(struct req *r, const char *tag)
{
	return labels_keyed(r->lang, "services.tag", str_from(tag));
}

enum mm_err services_view_facts(struct req *r, struct val *obj, const struct service *v)
{
	struct arena *a = r->arena;
	char *url = arena_printf(a, "/services/%lld", (long long)v->id);
	if (!url || !val_set_long(a, obj, "id", (long)v->id) || !val_set_cstr(a, obj, "url", url) ||
	    !val_set_str(a, obj, "name", v->name) ||
	    !val_set_str(a, obj, "provider", v->provider_name) ||
	    !val_set_str(
	        a, obj, "kind",
	        labels_keyed(
	            r->lang, "services.kind",
	            str_from(service_kinds[v->kind < SERVICE_KIND_COUNT ? v->kind : 0]))) ||
	    !val_set_str(a, obj, "price", price_label(r, v)) ||
	    !val_set_str(a, obj, "region", region_label(r, v)) ||
	    !val_set_str(a, obj, "contents", contents_label(r, v)) ||
	    !val_set_bool(a, obj, "onsite", v->on_site))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* obj.bundle.{class, monthly, device, term, has_*, contents: [{label,
 * included, detail}]}, for a support bundle only. */
static enum mm_err set_bundle(struct req *r, struct val *obj, const struct service *v)
{
	static const char *const cls[] = {"class"}, *const months[] = {"months"};
	struct arena *a = r->arena;
	char num[24];
	bool is = v->kind == SERVICE_SUPPORT_BUNDLE;
	if (!val_set_bool(a, obj, "is_bundle", is))
		return MM_ERR_NOMEM;
	if (!is)
		return MM_OK;
	struct val *b = val_set_obj(a, obj, "bundle");
	snprintf(num, sizeof num, "%d", v->bundle_class);
	struct str class_label = labels_fill(a, r->lang, "services.listing.bundle_class_value", cls,
	                                     (struct str[]){str_from(num)}, 1);
	snprintf(num, sizeof num, "%lld", (long long)v->bundle_min_term_months);
	struct str term = labels_fill(a, r->lang, "services.listing.months", months,
	                              (struct str[]){str_from(num)}, 1);
	if (!b || !val_set_str(a, b, "class", class_label) ||
	    !val_set_bool(a, b, "has_monthly", v->bundle_monthly_price > 0) ||
	    !val_set_str(a, b, "monthly", yen(r, v->bundle_monthly_price)) ||
	    !val_set_bool(a, b, "has_device", v->bundle_device_price > 0) ||
	    !val_set_str(a, b, "device", yen(r, v->bundle_device_price)) ||
	    !val_set_bool(a, b, "has_term", v->bundle_min_term_months > 0) ||
	    !val_set_str(a, b, "term", term))
		return MM_ERR_NOMEM;
	return service_contents_set(r, b, v, "services.content");
}

/* obj.tag_groups: [{heading, tags: [{label, url}]}] for the groups that
 * have tags; each tag links to the search for it. */
static enum mm_err set_tags(struct req *r, struct val *obj, const struct service *v)
{
	static const char *const headings[] = {"services.tags.items", "services.tags.rules",
	                                       "services.tags.directives"};
	static const int firsts[] = {0, SERVICE_ITEM_COUNT,
	                             SERVICE_ITEM_COUNT + SERVICE_RULE_COUNT};
	static const int counts[] = {SERVICE_ITEM_COUNT, SERVICE_RULE_COUNT,
	                             SERVICE_DIRECTIVE_COUNT};
	struct arena *a = r->arena;
	struct val *groups = val_set_list(a, obj, "tag_groups");
	bool any = false;
	if (!groups)
		return MM_ERR_NOMEM;
	for (int g = 0; g < 3; g++) {
		struct val *group = NULL, *tags = NULL;
		for (int i = firsts[g]; i < firsts[g] + counts[g]; i++) {
			char tag[16];
			if (!service_tag_name(&v->tags, i, tag))
				continue;
			if (!group) {
				group = val_list_push_obj(a, groups);
				tags = group ? val_set_list(a, group, "tags") : NULL;
				if (!tags ||
				    !val_set_str(a, group, "heading", page_t(r, headings[g])))
					return MM_ERR_NOMEM;
			}
			struct val *t = val_list_push_obj(a, tags);
			char *url = arena_printf(a, "/services?tag=%s&prefecture=", tag);
			if (!t || !url || !val_set_str(a, t, "label", services_tag_label(r, tag)) ||
			    !val_set_cstr(a, t, "url", url))
				return MM_ERR_NOMEM;
			any = true;
		}
	}
	return val_set_bool(a, obj, "has_tags", any) ? MM_OK : MM_ERR_NOMEM;
}

static struct str validity(struct req *r, const struct service *v)
{
	static const char *const both[] = {"from", "until"}, *const from[] = {"from"},
	                         *const until[] = {"until"};
	struct str f = iso_date_label(r, v->valid_from), u = iso_date_label(r, v->valid_until);
	if (f.n && u.n)
		return labels_fill(r->arena, r->lang, "services.listing.validity_value", both,
		                   (struct str[]){f, u}, 2);
	if (u.n)
		return labels_fill(r->arena, r->lang, "services.listing.validity_until", until,
		                   (struct str[]){u}, 1);
	if (f.n)
		return labels_fill(r->arena, r->lang, "services.listing.validity_from", from,
		                   (struct str[]){f}, 1);
	return STR("");
}

enum mm_err services_view_full(struct req *r, struct val *obj, const struct service *v)
{
	struct arena *a = r->arena;
	struct str html, valid = validity(r, v);
	struct str languages = joined_names(r, v->languages, expert_languages,
	                                    EXPERT_LANGUAGE_COUNT, "experts.language");
	struct str categories = joined_names(r, v->categories, service_categories,
	                                     SERVICE_CATEGORY_COUNT, "services.category");
	char *reviewed = v->reviewed_at ? page_format_date(r, v->reviewed_at) : NULL;
	/* Only http(s) addresses become links (the catalogue checked them). */
	bool url_ok = str_starts_with(v->url, "https://") || str_starts_with(v->url, "http://");
	enum mm_err e;
	if ((e = services_view_facts(r, obj, v)) ||
	    (e = markdown_render_under(a, v->description, DESCRIPTION_HEADING_LEVEL, &html)) ||
	    (e = set_bundle(r, obj, v)) || (e = set_tags(r, obj, v)))
		return e;
	if (!val_set_html(a, obj, "description", html) ||
	    !val_set_bool(a, obj, "has_description", v->description.n > 0) ||
	    !val_set_str(a, obj, "function", v->product_function) ||
	    !val_set_bool(a, obj, "has_function", v->product_function.n > 0) ||
	    !val_set_str(a, obj, "categories", categories) ||
	    !val_set_bool(a, obj, "has_categories", categories.n > 0) ||
	    !val_set_str(a, obj, "site_url", v->url) || !val_set_bool(a, obj, "has_url", url_ok) ||
	    !val_set_str(a, obj, "contact", v->contact) ||
	    !val_set_bool(a, obj, "has_contact", v->contact.n > 0) ||
	    !val_set_str(a, obj, "registration", v->registration_number) ||
	    !val_set_bool(a, obj, "has_registration", v->registration_number.n > 0) ||
	    !val_set_str(a, obj, "validity", valid) ||
	    !val_set_bool(a, obj, "has_validity", valid.n > 0) ||
	    !val_set_str(a, obj, "languages", languages) ||
	    !val_set_cstr(a, obj, "reviewed", reviewed ? reviewed : "") ||
	    !val_set_bool(a, obj, "has_reviewed", reviewed != NULL))
		return MM_ERR_NOMEM;
	return MM_OK;
}
