/*
 * catalogue_fields.c — see catalogue_fields.h.
 */
#include "pages/catalogue/catalogue_fields.h"

#include <string.h>

#include "core/catalogue.h"
#include "core/experts.h"
#include "core/org_fields.h"
#include "lib/utf8.h"

const char *const catalogue_fields[CATALOGUE_FIELD_COUNT] = {
    "kind",
    "name",
    "description",
    "prefectures",
    "on_site",
    "price_min",
    "price_max",
    "price_unit",
    "bundle_class",
    "bundle_monthly_price",
    "bundle_device_price",
    "bundle_min_term_months",
    "bundle_contents",
    "detail_help_desk",
    "detail_network_monitoring",
    "detail_endpoint_monitoring",
    "detail_on_site_response",
    "detail_cyber_insurance",
    "categories",
    "product_function",
    "tags",
    "url",
    "contact",
    "registration_number",
    "valid_from",
    "valid_until",
    "languages",
};

/* Field i's name for bundle content i's line of detail. */
static const char *const detail_fields[SERVICE_CONTENT_COUNT] = {
    "detail_help_desk", "detail_network_monitoring", "detail_endpoint_monitoring",
    "detail_on_site_response", "detail_cyber_insurance"};

static struct str take(const struct catalogue_source *src, const char *name)
{
	return str_trim(src->get(src->ctx, name));
}

static void bad(const struct catalogue_source *src, const char *name)
{
	char key[64];
	size_t n = strlen(name);
	if (n + sizeof "catalogue.error." > sizeof key)
		return;
	memcpy(key, "catalogue.error.", sizeof "catalogue.error." - 1);
	memcpy(key + sizeof "catalogue.error." - 1, name, n + 1);
	/* The key's text stays valid: error() copies what it keeps. */
	src->error(src->ctx, name, key);
}

/* A one-line text of at most max characters; required when needed. */
static struct str line(const struct catalogue_source *src, const char *name, size_t max,
                       bool needed)
{
	struct str s = take(src, name);
	if ((needed && s.n == 0) || !service_line_ok(s) || utf8_length(s) > max)
		bad(src, name);
	return s;
}

static int64_t amount(const struct catalogue_source *src, const char *name, int64_t max)
{
	int64_t v = 0;
	if (!service_amount_parse(take(src, name), max, &v))
		bad(src, name);
	return v;
}

/* A list of names out of list[0..n) into a mask; "" is 0. */
static int64_t names(const struct catalogue_source *src, const char *name, const char *const list[],
                     size_t n)
{
	struct str s = take(src, name), w;
	int64_t mask = 0;
	while (s.n) {
		size_t i = 0;
		while (i < s.n && s.p[i] != ' ' && s.p[i] != ',' && s.p[i] != ';')
			i++;
		w = (struct str){s.p, i};
		s = i < s.n ? (struct str){s.p + i + 1, s.n - i - 1} : (struct str){s.p + i, 0};
		if (w.n == 0)
			continue;
		int k = service_name_index(list, n, w);
		if (k < 0) {
			bad(src, name);
			return 0;
		}
		mask |= (int64_t)1 << k;
	}
	return mask;
}

static bool yes_no(const struct catalogue_source *src, const char *name)
{
	struct str s = take(src, name);
	if (str_eq_lit(s, "yes"))
		return true;
	if (!str_eq_lit(s, "no"))
		bad(src, name);
	return false;
}

static void read_kind_parts(const struct catalogue_source *src, struct service *v)
{
	if (v->kind == SERVICE_SUPPORT_BUNDLE) {
		struct str c = take(src, "bundle_class");
		if (str_eq_lit(c, "1") || str_eq_lit(c, "2"))
			v->bundle_class = c.p[0] - '0';
		else
			bad(src, "bundle_class");
		v->bundle_monthly_price =
		    amount(src, "bundle_monthly_price", SERVICE_PRICE_MAX_YEN);
		v->bundle_device_price = amount(src, "bundle_device_price", SERVICE_PRICE_MAX_YEN);
		v->bundle_min_term_months =
		    amount(src, "bundle_min_term_months", SERVICE_TERM_MAX_MONTHS);
		v->bundle_contents =
		    names(src, "bundle_contents", service_contents, SERVICE_CONTENT_COUNT);
		if (!v->bundle_contents)
			bad(src, "bundle_contents");
		for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
			v->bundle_details[i] =
			    line(src, detail_fields[i], SERVICE_DETAIL_MAX_CHARS, false);
	}
	if (v->kind == SERVICE_STANDARD) {
		v->categories =
		    names(src, "categories", service_categories, SERVICE_CATEGORY_COUNT);
		if (!v->categories)
			bad(src, "categories");
	}
	if (v->kind == SERVICE_IT_PRODUCT)
		v->product_function =
		    line(src, "product_function", SERVICE_FUNCTION_MAX_CHARS, true);
}

static void read_dates(const struct catalogue_source *src, struct service *v)
{
	v->valid_from = take(src, "valid_from");
	v->valid_until = take(src, "valid_until");
	if (v->valid_from.n && !service_date_ok(v->valid_from))
		bad(src, "valid_from");
	if (v->valid_until.n &&
	    (!service_date_ok(v->valid_until) ||
	     (v->valid_from.n && memcmp(v->valid_until.p, v->valid_from.p, 10) < 0)))
		bad(src, "valid_until");
}

void catalogue_fields_read(const struct catalogue_source *src, struct service *v)
{
	int kind = service_name_index(service_kinds, SERVICE_KIND_COUNT, take(src, "kind"));
	if (kind < 0)
		bad(src, "kind");
	v->kind = kind < 0 ? SERVICE_SUPPORT_BUNDLE : (enum service_kind)kind;
	v->name = line(src, "name", SERVICE_NAME_MAX_CHARS, true);
	v->description = take(src, "description");
	if (!service_text_ok(v->description) ||
	    utf8_length(v->description) > SERVICE_DESCRIPTION_MAX_CHARS)
		bad(src, "description");
	if (!service_prefectures_parse(take(src, "prefectures"), &v->prefectures, &v->nationwide))
		bad(src, "prefectures");
	v->on_site = yes_no(src, "on_site");
	v->price_min = amount(src, "price_min", SERVICE_PRICE_MAX_YEN);
	v->price_max = amount(src, "price_max", SERVICE_PRICE_MAX_YEN);
	if (v->price_max && v->price_max < v->price_min)
		bad(src, "price_max");
	v->price_unit = take(src, "price_unit");
	if (service_name_index(service_units, SERVICE_UNIT_COUNT, v->price_unit) < 0)
		bad(src, "price_unit");
	v->bundle_class = 0;
	v->bundle_monthly_price = v->bundle_device_price = v->bundle_min_term_months = 0;
	v->bundle_contents = v->categories = 0;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		v->bundle_details[i] = STR("");
	v->product_function = STR("");
	if (kind >= 0)
		read_kind_parts(src, v);
	struct str bad_tag;
	if (!service_tags_parse(take(src, "tags"), &v->tags, &bad_tag) ||
	    (v->kind == SERVICE_IT_PRODUCT && !v->tags.items && !v->tags.rules &&
	     !v->tags.directives))
		bad(src, "tags");
	v->url = take(src, "url");
	if (v->url.n && (v->url.n > SERVICE_URL_MAX_BYTES || !org_url_valid(v->url)))
		bad(src, "url");
	v->contact = line(src, "contact", SERVICE_CONTACT_MAX_CHARS, true);
	v->registration_number =
	    line(src, "registration_number", SERVICE_REGISTRATION_MAX_CHARS, false);
	read_dates(src, v);
	v->languages = names(src, "languages", expert_languages, EXPERT_LANGUAGE_COUNT);
	if (!v->languages)
		bad(src, "languages");
}

const char *catalogue_names_text(struct arena *a, const char *const list[], size_t n, int64_t mask)
{
	struct buf b;
	enum mm_err e = MM_OK;
	buf_init(&b, a, 1024);
	for (size_t i = 0; !e && i < n; i++)
		if (mask & ((int64_t)1 << i)) {
			if (b.n && (e = buf_append_str(&b, STR(" "))))
				break;
			e = buf_append_str(&b, str_from(list[i]));
		}
	return e ? NULL : buf_cstr(&b);
}

static const char *amount_text(struct arena *a, int64_t v, bool zero_empty)
{
	return zero_empty && v == 0 ? "" : arena_printf(a, "%lld", (long long)v);
}

static const char *prefectures_text(struct arena *a, const struct service *v)
{
	struct buf b;
	enum mm_err e = MM_OK;
	if (v->nationwide)
		return "all";
	buf_init(&b, a, 256);
	for (int p = 1; !e && p <= 47; p++)
		if (v->prefectures & ((int64_t)1 << (p - 1)))
			e = buf_append_str(&b, str_from(arena_printf(a, b.n ? " %d" : "%d", p)));
	return e ? NULL : buf_cstr(&b);
}

const char *catalogue_field_text(struct arena *a, const struct service *v, const char *name)
{
	bool bundle = v->kind == SERVICE_SUPPORT_BUNDLE;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		if (!strcmp(name, detail_fields[i]))
			return str_dup(a, v->bundle_details[i]);
	if (!strcmp(name, "kind"))
		return service_kinds[v->kind < SERVICE_KIND_COUNT ? v->kind : 0];
	if (!strcmp(name, "name"))
		return str_dup(a, v->name);
	if (!strcmp(name, "description"))
		return str_dup(a, v->description);
	if (!strcmp(name, "prefectures"))
		return prefectures_text(a, v);
	if (!strcmp(name, "on_site"))
		return v->on_site ? "yes" : "no";
	if (!strcmp(name, "price_min"))
		return amount_text(a, v->price_min, false);
	if (!strcmp(name, "price_max"))
		return amount_text(a, v->price_max, true);
	if (!strcmp(name, "price_unit"))
		return str_dup(a, v->price_unit);
	if (!strcmp(name, "bundle_class"))
		return bundle ? amount_text(a, v->bundle_class, true) : "";
	if (!strcmp(name, "bundle_monthly_price"))
		return bundle ? amount_text(a, v->bundle_monthly_price, false) : "";
	if (!strcmp(name, "bundle_device_price"))
		return bundle ? amount_text(a, v->bundle_device_price, false) : "";
	if (!strcmp(name, "bundle_min_term_months"))
		return bundle ? amount_text(a, v->bundle_min_term_months, false) : "";
	if (!strcmp(name, "bundle_contents"))
		return catalogue_names_text(a, service_contents, SERVICE_CONTENT_COUNT,
		                            v->bundle_contents);
	if (!strcmp(name, "categories"))
		return catalogue_names_text(a, service_categories, SERVICE_CATEGORY_COUNT,
		                            v->categories);
	if (!strcmp(name, "product_function"))
		return str_dup(a, v->product_function);
	if (!strcmp(name, "tags")) {
		char *buf = arena_alloc(a, 512);
		return buf && service_tags_format(&v->tags, buf, 512) ? buf : NULL;
	}
	if (!strcmp(name, "url"))
		return str_dup(a, v->url);
	if (!strcmp(name, "contact"))
		return str_dup(a, v->contact);
	if (!strcmp(name, "registration_number"))
		return str_dup(a, v->registration_number);
	if (!strcmp(name, "valid_from"))
		return str_dup(a, v->valid_from);
	if (!strcmp(name, "valid_until"))
		return str_dup(a, v->valid_until);
	if (!strcmp(name, "languages"))
		return catalogue_names_text(a, expert_languages, EXPERT_LANGUAGE_COUNT,
		                            v->languages);
	return "";
}
