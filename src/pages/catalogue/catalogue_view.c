/*
 * catalogue_view.c — see catalogue_view.h.
 */
#include "pages/catalogue/catalogue_view.h"

#include <string.h>

#include "core/catalogue.h"
#include "core/experts.h"
#include "core/org_fields.h"
#include "lib/form.h"
#include "pages/catalogue/catalogue_fields.h"
#include "pages/shared/prefectures.h"
#include "pages/shared/service_contents.h"
#include "view/content.h"
#include "view/labels.h"
#include "web/page.h"

/* The listing partial shows the description under an h2 of its page
 * ("Proposed", "Live" on the review page). */
#define DESCRIPTION_HEADING_LEVEL 2

static const char *yen(struct arena *a, int64_t v)
{
	char *buf = arena_alloc(a, 32);
	return buf && service_yen_format(v, buf, 32) ? buf : "";
}

struct str catalogue_view_price(struct req *r, const struct service *v)
{
	static const char *const names[] = {"unit", "min", "max", "min_tax", "max_tax"};
	struct arena *a = r->arena;
	struct str values[] = {
	    labels_keyed(r->lang, "catalogue.unit", v->price_unit),
	    str_from(yen(a, v->price_min)),
	    str_from(yen(a, v->price_max)),
	    str_from(yen(a, service_price_with_tax(v->price_min))),
	    str_from(yen(a, service_price_with_tax(v->price_max))),
	};
	return labels_fill(a, r->lang,
	                   v->price_max ? "catalogue.price.range" : "catalogue.price.one", names,
	                   values, 5);
}

/* "東京都、大阪府" or "全国". */
static struct str regions(struct req *r, const struct service *v)
{
	if (v->nationwide)
		return page_t(r, "catalogue.nationwide");
	return prefectures_joined(r, (uint64_t)v->prefectures,
	                          page_t(r, "catalogue.list_separator"));
}

/* The labels PREFIX.NAME of the bits of mask, joined. */
static struct str joined(struct req *r, const char *prefix, const char *const list[], size_t n,
                         int64_t mask)
{
	struct str sep = page_t(r, "catalogue.list_separator");
	struct buf b;
	enum mm_err e = MM_OK;
	buf_init(&b, r->arena, 4096);
	for (size_t i = 0; !e && i < n; i++)
		if (mask & ((int64_t)1 << i)) {
			if (b.n)
				e = buf_append_str(&b, sep);
			if (!e)
				e = buf_append_str(
				    &b, labels_keyed(r->lang, prefix, str_from(list[i])));
		}
	return e ? STR("") : buf_str(&b);
}

/* "診断項目 12" for "item-12". */
static struct str tag_label(struct req *r, const char *tag)
{
	static const char *const names[] = {"n"};
	const char *dash = strchr(tag, '-');
	if (!dash)
		return STR("");
	struct str values[] = {str_from(dash + 1)};
	const char *key = tag[0] == 'i'   ? "catalogue.tag.item"
	                  : tag[0] == 'r' ? "catalogue.tag.rule"
	                                  : "catalogue.tag.directive";
	return labels_fill(r->arena, r->lang, key, names, values, 1);
}

static enum mm_err set_tags(struct req *r, struct val *obj, const struct service *v)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, obj, "tags");
	if (!list)
		return MM_ERR_NOMEM;
	for (int i = 0; i < SERVICE_TAG_COUNT; i++) {
		char tag[16];
		struct val *t;
		if (!service_tag_name(&v->tags, i, tag))
			continue;
		if (!(t = val_list_push_obj(a, list)) ||
		    !val_set_str(a, t, "label", tag_label(r, tag)) ||
		    !val_set_cstr(a, t, "name", arena_printf(a, "%s", tag)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, obj, "has_tags",
	                    v->tags.items || v->tags.rules || v->tags.directives)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static struct str validity(struct req *r, const struct service *v)
{
	static const char *const names[] = {"from", "until"};
	struct str none = page_t(r, "catalogue.validity.open");
	struct str values[] = {v->valid_from.n ? v->valid_from : none,
	                       v->valid_until.n ? v->valid_until : none};
	if (!v->valid_from.n && !v->valid_until.n)
		return STR("");
	return labels_fill(r->arena, r->lang, "catalogue.validity.range", names, values, 2);
}

enum mm_err catalogue_view_set(struct req *r, struct val *obj, const struct service *v)
{
	struct arena *a = r->arena;
	enum mm_err e;
	bool bundle = v->kind == SERVICE_SUPPORT_BUNDLE;
	const char *status = version_status_names[v->status < VERSION_STATUS_COUNT ? v->status : 0];
	if (!val_set_long(a, obj, "id", v->id) ||
	    !val_set_long(a, obj, "version_id", v->version_id) ||
	    !val_set_long(a, obj, "number", v->number) || !val_set_str(a, obj, "name", v->name) ||
	    !val_set_str(
	        a, obj, "kind",
	        labels_keyed(
	            r->lang, "catalogue.kind",
	            str_from(service_kinds[v->kind < SERVICE_KIND_COUNT ? v->kind : 0]))) ||
	    !val_set_str(a, obj, "provider", v->provider_name) ||
	    !val_set_str(a, obj, "regions", regions(r, v)) ||
	    !val_set_str(
	        a, obj, "on_site",
	        page_t(r, v->on_site ? "catalogue.on_site.yes" : "catalogue.on_site.no")) ||
	    !val_set_str(a, obj, "price", catalogue_view_price(r, v)) ||
	    !val_set_bool(a, obj, "bundle", bundle) ||
	    !val_set_long(a, obj, "bundle_class", v->bundle_class) ||
	    !val_set_cstr(a, obj, "bundle_monthly", yen(a, v->bundle_monthly_price)) ||
	    !val_set_cstr(a, obj, "bundle_monthly_tax",
	                  yen(a, service_price_with_tax(v->bundle_monthly_price))) ||
	    !val_set_cstr(a, obj, "bundle_device", yen(a, v->bundle_device_price)) ||
	    !val_set_cstr(a, obj, "bundle_device_tax",
	                  yen(a, service_price_with_tax(v->bundle_device_price))) ||
	    !val_set_long(a, obj, "bundle_term", v->bundle_min_term_months) ||
	    !val_set_bool(a, obj, "standard", v->kind == SERVICE_STANDARD) ||
	    !val_set_str(a, obj, "categories",
	                 joined(r, "catalogue.category", service_categories, SERVICE_CATEGORY_COUNT,
	                        v->categories)) ||
	    !val_set_bool(a, obj, "product", v->kind == SERVICE_IT_PRODUCT) ||
	    !val_set_str(a, obj, "product_function", v->product_function) ||
	    !val_set_str(a, obj, "url", v->url) || !val_set_str(a, obj, "contact", v->contact) ||
	    !val_set_str(a, obj, "registration_number", v->registration_number) ||
	    !val_set_str(a, obj, "validity", validity(r, v)) ||
	    !val_set_str(a, obj, "languages",
	                 joined(r, "catalogue.language", expert_languages, EXPERT_LANGUAGE_COUNT,
	                        v->languages)) ||
	    !val_set_cstr(a, obj, "reviewed",
	                  v->reviewed_at ? page_format_date(r, v->reviewed_at) : "") ||
	    !val_set_cstr(a, obj, "submitted", page_format_time(r, v->submitted_at)) ||
	    !val_set_str(a, obj, "status",
	                 labels_keyed(r->lang, "catalogue.status", str_from(status))) ||
	    !val_set_bool(a, obj, "pending", v->status == VERSION_PENDING) ||
	    !val_set_bool(a, obj, "rejected", v->status == VERSION_REJECTED) ||
	    !val_set_str(a, obj, "reject_reason", v->reject_reason) ||
	    !val_set_bool(a, obj, "live", v->live) ||
	    !val_set_bool(a, obj, "other_live", v->has_live && !v->live))
		return MM_ERR_NOMEM;
	if ((e = service_contents_set(r, obj, v, "catalogue.content")))
		return e;
	return set_tags(r, obj, v);
}

enum mm_err catalogue_view_set_description(struct req *r, struct val *obj, const struct service *v)
{
	struct str html;
	enum mm_err e =
	    markdown_render_under(r->arena, v->description, DESCRIPTION_HEADING_LEVEL, &html);
	if (e)
		return e;
	return val_set_html(r->arena, obj, "description_html", html) ? MM_OK : MM_ERR_NOMEM;
}

/* ---- the form ------------------------------------------------------------------ */

/* Check boxes {field, label, checked} of a list as ctx[name]. */
static enum mm_err boxes(struct req *r, struct val *ctx, const char *name, const char *field_prefix,
                         const char *label_prefix, const char *const list[], size_t n, int64_t mask)
{
	struct arena *a = r->arena;
	struct val *items = val_set_list(a, ctx, name);
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v ||
		    !val_set_cstr(a, v, "field", arena_printf(a, "%s%s", field_prefix, list[i])) ||
		    !val_set_str(a, v, "label",
		                 labels_keyed(r->lang, label_prefix, str_from(list[i]))) ||
		    !val_set_bool(a, v, "checked", (mask >> i) & 1))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* The tags as three groups of boxes: item_boxes, rule_boxes, directive_boxes. */
static enum mm_err tag_boxes(struct req *r, struct val *ctx, const struct service_tags *t)
{
	static const char *const lists[3] = {"item_boxes", "rule_boxes", "directive_boxes"};
	static const int counts[3] = {SERVICE_ITEM_COUNT, SERVICE_RULE_COUNT,
	                              SERVICE_DIRECTIVE_COUNT};
	static const char *const prefixes[3] = {"item-", "rule-", "directive-"};
	struct service_tags all = {(1 << SERVICE_ITEM_COUNT) - 1, (1 << SERVICE_RULE_COUNT) - 1,
	                           (1 << SERVICE_DIRECTIVE_COUNT) - 1};
	struct arena *a = r->arena;
	int k = 0;
	for (int g = 0; g < 3; g++) {
		struct val *items = val_set_list(a, ctx, lists[g]);
		if (!items)
			return MM_ERR_NOMEM;
		for (int i = 0; i < counts[g]; i++, k++) {
			char name[16], mine[16];
			(void)service_tag_name(&all, k, name);
			struct val *v = val_list_push_obj(a, items);
			if (!v ||
			    !val_set_cstr(a, v, "field",
			                  arena_printf(a, "tag_%s%d", prefixes[g], i + 1)) ||
			    !val_set_str(a, v, "label", tag_label(r, name)) ||
			    !val_set_bool(a, v, "checked", service_tag_name(t, k, mine)))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

/* The form's text fields and the group fields whose errors it shows. */
static const char *const form_text_fields[] = {
    "name",
    "description",
    "price_min",
    "price_max",
    "bundle_monthly_price",
    "bundle_device_price",
    "bundle_min_term_months",
    "detail_help_desk",
    "detail_network_monitoring",
    "detail_endpoint_monitoring",
    "detail_on_site_response",
    "detail_cyber_insurance",
    "product_function",
    "url",
    "contact",
    "registration_number",
    "valid_from",
    "valid_until",
};
static const char *const form_group_fields[] = {"kind",       "prefectures",  "on_site",
                                                "price_unit", "bundle_class", "bundle_contents",
                                                "categories", "tags",         "languages"};
#define COUNT(x) (sizeof(x) / sizeof(x)[0])

enum mm_err catalogue_form_fill(struct webform *f, const struct service *v)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < COUNT(form_text_fields); i++) {
		const char *text = catalogue_field_text(a, v, form_text_fields[i]);
		e = text ? webform_set(f, form_text_fields[i], str_from(text)) : MM_ERR_NOMEM;
	}
	for (size_t i = 0; !e && i < COUNT(form_group_fields); i++)
		if (!val_get(f->fields, str_from(form_group_fields[i])))
			e = webform_set(f, form_group_fields[i], STR(""));
	if (e)
		return e;
	const char *kind = v->name.n || v->version_id ? service_kinds[v->kind] : "";
	const char *cls = v->bundle_class ? arena_printf(a, "%d", v->bundle_class) : "";
	static const char *const classes[] = {"1", "2"};
	if ((e = labels_options_fixed(a, r->lang, f->ctx, "kinds", service_kinds,
	                              SERVICE_KIND_COUNT, "catalogue.kind", str_from(kind))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "units", service_units,
	                              SERVICE_UNIT_COUNT, "catalogue.unit", v->price_unit)) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "classes", classes, 2, "catalogue.class",
	                              str_from(cls))) ||
	    (e = prefecture_boxes_set(r, f->ctx, (uint64_t)v->prefectures)) ||
	    (e = boxes(r, f->ctx, "content_boxes", "content_", "catalogue.content",
	               service_contents, SERVICE_CONTENT_COUNT, v->bundle_contents)) ||
	    (e = boxes(r, f->ctx, "category_boxes", "category_", "catalogue.category",
	               service_categories, SERVICE_CATEGORY_COUNT, v->categories)) ||
	    (e = boxes(r, f->ctx, "language_boxes", "lang_", "catalogue.language", expert_languages,
	               EXPERT_LANGUAGE_COUNT, v->languages)) ||
	    (e = tag_boxes(r, f->ctx, &v->tags)))
		return e;
	if (!val_set_bool(a, f->ctx, "nationwide", v->nationwide) ||
	    !val_set_bool(a, f->ctx, "on_site", v->on_site))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* ---- reading the form ----------------------------------------------------------- */

struct form_source {
	struct webform *f;
	struct service *v;
};

static bool checked(struct req *r, const char *field)
{
	struct str v;
	return kvlist_get_one(&r->form, field, &v) == MM_OK && str_eq_lit(v, "1");
}

/* The names of list whose box field_prefix+name is checked, as a list. */
static struct str checked_names(struct req *r, const char *field_prefix, const char *const list[],
                                size_t n)
{
	int64_t mask = 0;
	for (size_t i = 0; i < n; i++)
		if (checked(r, arena_printf(r->arena, "%s%s", field_prefix, list[i])))
			mask |= (int64_t)1 << i;
	return str_from(catalogue_names_text(r->arena, list, n, mask));
}

static struct str form_get(void *ctx, const char *name)
{
	struct form_source *s = ctx;
	struct req *r = s->f->r;
	struct arena *a = r->arena;
	struct str v;
	if (!strcmp(name, "prefectures")) {
		if (checked(r, "nationwide"))
			return STR("all");
		struct buf b;
		buf_init(&b, a, 256);
		for (int p = 1; p <= 47; p++)
			if (checked(r, arena_printf(a, "pref_%d", p)) &&
			    buf_append_str(&b, str_from(arena_printf(a, " %d", p))))
				return STR("");
		return buf_str(&b);
	}
	if (!strcmp(name, "on_site"))
		return checked(r, "on_site") ? STR("yes") : STR("no");
	if (!strcmp(name, "bundle_contents"))
		return checked_names(r, "content_", service_contents, SERVICE_CONTENT_COUNT);
	if (!strcmp(name, "categories"))
		return checked_names(r, "category_", service_categories, SERVICE_CATEGORY_COUNT);
	if (!strcmp(name, "languages"))
		return checked_names(r, "lang_", expert_languages, EXPERT_LANGUAGE_COUNT);
	if (!strcmp(name, "tags")) {
		struct buf b;
		buf_init(&b, a, 1024);
		static const char *const prefixes[3] = {"item-", "rule-", "directive-"};
		static const int counts[3] = {SERVICE_ITEM_COUNT, SERVICE_RULE_COUNT,
		                              SERVICE_DIRECTIVE_COUNT};
		for (int g = 0; g < 3; g++)
			for (int i = 1; i <= counts[g]; i++)
				if (checked(r, arena_printf(a, "tag_%s%d", prefixes[g], i)) &&
				    buf_append_str(
				        &b, str_from(arena_printf(a, " %s%d", prefixes[g], i))))
					return STR("");
		return buf_str(&b);
	}
	if (!strcmp(name, "kind") || !strcmp(name, "price_unit") || !strcmp(name, "bundle_class")) {
		v = webform_take(s->f, name, 32);
		return v;
	}
	/* Text fields: the length is checked by catalogue_fields_read; the
	 * cap here only bounds what is kept for showing back. */
	return webform_take(s->f, name, SERVICE_DESCRIPTION_MAX_CHARS + 1);
}

static void form_error(void *ctx, const char *name, const char *key)
{
	struct form_source *s = ctx;
	if (!val_truthy(val_get(val_get(s->f->fields, str_from(name)), STR("error"))))
		webform_error(s->f, name, key);
}

void catalogue_form_read(struct webform *f, struct service *v)
{
	struct form_source s = {.f = f, .v = v};
	struct catalogue_source src = {.get = form_get, .error = form_error, .ctx = &s};
	for (size_t i = 0; i < COUNT(form_group_fields); i++)
		if (webform_set(f, form_group_fields[i], STR("")))
			f->broken = true;
	catalogue_fields_read(&src, v);
}
