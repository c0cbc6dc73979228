/*
 * catalogue_fields.c — see catalogue_fields.h.
 */
#include "pages/catalogue/catalogue_fields.h"

#include <assert.h>
#include <string.h>

#include "core/catalogue.h"
#include "core/experts.h"
#include "core/org_fields.h"
#include "lib/utf8.h"

static const char *const yes_no_words[] = {"yes", "no"};
static const char *const class_words[] = {"1", "2"};

/* Shorthands of the table below: the fields read for one kind of listing
 * alone, the words a field takes, its limit, a support service's line of
 * detail. */
#define BUNDLE_REQUIRED .need = CATALOGUE_REQUIRED_FOR_KIND, .kind = SERVICE_SUPPORT_BUNDLE
#define BUNDLE_OPTIONAL .need = CATALOGUE_OPTIONAL_FOR_KIND, .kind = SERVICE_SUPPORT_BUNDLE
#define STANDARD_REQUIRED .need = CATALOGUE_REQUIRED_FOR_KIND, .kind = SERVICE_STANDARD
#define PRODUCT_REQUIRED .need = CATALOGUE_REQUIRED_FOR_KIND, .kind = SERVICE_IT_PRODUCT
#define WORDS(list, n) .values = list, .n_values = n
#define CHARACTERS(n) .limit = CATALOGUE_CHARACTERS, .max = n
#define YEN .limit = CATALOGUE_YEN, .max = SERVICE_PRICE_MAX_YEN
#define DETAIL(field) .name = field, BUNDLE_OPTIONAL, CHARACTERS(SERVICE_DETAIL_MAX_CHARS)

/* In the CSV's column order. catalogue_fields_read checks each field
 * against its row (field()); the import page shows the rows. */
const struct catalogue_field catalogue_fields[CATALOGUE_FIELD_COUNT] = {
    {.name = "kind",
     WORDS(service_kinds, SERVICE_KIND_COUNT),
     .note = "catalogue.format.note.kind"},
    {.name = "name", CHARACTERS(SERVICE_NAME_MAX_CHARS)},
    {.name = "description",
     .need = CATALOGUE_OPTIONAL,
     CHARACTERS(SERVICE_DESCRIPTION_MAX_CHARS),
     .note = "catalogue.format.note.description"},
    {.name = "prefectures", .note = "catalogue.format.note.prefectures"},
    {.name = "on_site", WORDS(yes_no_words, 2)},
    {.name = "price_min", .need = CATALOGUE_OPTIONAL, YEN, .note = "catalogue.format.note.amount"},
    {.name = "price_max",
     .need = CATALOGUE_OPTIONAL,
     YEN,
     .note = "catalogue.format.note.price_max"},
    {.name = "price_unit", WORDS(service_units, SERVICE_UNIT_COUNT)},
    {.name = "bundle_class", BUNDLE_REQUIRED, WORDS(class_words, 2)},
    {.name = "bundle_monthly_price", BUNDLE_OPTIONAL, YEN},
    {.name = "bundle_device_price", BUNDLE_OPTIONAL, YEN},
    {.name = "bundle_min_term_months",
     BUNDLE_OPTIONAL,
     .limit = CATALOGUE_MONTHS,
     .max = SERVICE_TERM_MAX_MONTHS},
    {.name = "bundle_contents",
     BUNDLE_REQUIRED,
     WORDS(service_contents, SERVICE_CONTENT_COUNT),
     .several = true},
    {DETAIL("detail_help_desk")},
    {DETAIL("detail_network_monitoring")},
    {DETAIL("detail_endpoint_monitoring")},
    {DETAIL("detail_on_site_response")},
    {DETAIL("detail_cyber_insurance")},
    {.name = "categories",
     STANDARD_REQUIRED,
     WORDS(service_categories, SERVICE_CATEGORY_COUNT),
     .several = true},
    {.name = "product_function", PRODUCT_REQUIRED, CHARACTERS(SERVICE_FUNCTION_MAX_CHARS)},
    {.name = "tags", .need = CATALOGUE_OPTIONAL, .note = "catalogue.format.note.tags"},
    {.name = "url",
     .need = CATALOGUE_OPTIONAL,
     .limit = CATALOGUE_BYTES,
     .max = SERVICE_URL_MAX_BYTES,
     .note = "catalogue.format.note.url"},
    {.name = "contact", CHARACTERS(SERVICE_CONTACT_MAX_CHARS)},
    {.name = "registration_number",
     .need = CATALOGUE_OPTIONAL,
     CHARACTERS(SERVICE_REGISTRATION_MAX_CHARS)},
    {.name = "valid_from", .need = CATALOGUE_OPTIONAL, .note = "catalogue.format.note.date"},
    {.name = "valid_until",
     .need = CATALOGUE_OPTIONAL,
     .note = "catalogue.format.note.valid_until"},
    {.name = "languages", WORDS(expert_languages, EXPERT_LANGUAGE_COUNT), .several = true},
};

const struct catalogue_field catalogue_import_keys[CATALOGUE_IMPORT_KEY_COUNT] = {
    {.name = "external_key",
     .limit = CATALOGUE_BYTES,
     .max = SERVICE_EXTERNAL_KEY_MAX_BYTES,
     .note = "catalogue.format.note.external_key"},
    {.name = "provider_corporate_number", .note = "catalogue.format.note.provider"},
};

/* Field i's name for bundle content i's line of detail. */
static const char *const detail_fields[SERVICE_CONTENT_COUNT] = {
    "detail_help_desk", "detail_network_monitoring", "detail_endpoint_monitoring",
    "detail_on_site_response", "detail_cyber_insurance"};

static struct str take(const struct catalogue_source *src, const char *name)
{
	return str_trim(src->get(src->ctx, name));
}

/* The definition of field name (one of catalogue_fields). */
static const struct catalogue_field *field(const char *name)
{
	for (size_t i = 0; i < CATALOGUE_FIELD_COUNT; i++)
		if (!strcmp(catalogue_fields[i].name, name))
			return &catalogue_fields[i];
	assert(!"a field of catalogue_fields");
	return &catalogue_fields[0];
}

static bool needed(const struct catalogue_field *f)
{
	return f->need == CATALOGUE_REQUIRED || f->need == CATALOGUE_REQUIRED_FOR_KIND;
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

/* A one-line text within the field's limit; required when it is. */
static struct str line(const struct catalogue_source *src, const char *name)
{
	const struct catalogue_field *f = field(name);
	struct str s = take(src, name);
	if ((needed(f) && s.n == 0) || !service_line_ok(s) || utf8_length(s) > (size_t)f->max)
		bad(src, name);
	return s;
}

static int64_t amount(const struct catalogue_source *src, const char *name)
{
	int64_t v = 0;
	if (!service_amount_parse(take(src, name), field(name)->max, &v))
		bad(src, name);
	return v;
}

/* One of the field's words: its index, or -1 (reported). */
static int one_of(const struct catalogue_source *src, const char *name)
{
	const struct catalogue_field *f = field(name);
	int i = service_name_index(f->values, f->n_values, take(src, name));
	if (i < 0)
		bad(src, name);
	return i;
}

/* Several of the field's words into a mask; "" or an unknown word is 0,
 * reported when the field is required. */
static int64_t names(const struct catalogue_source *src, const char *name)
{
	const struct catalogue_field *f = field(name);
	struct str s = take(src, name), w;
	int64_t mask = 0;
	bool unknown = false;
	while (s.n) {
		size_t i = 0;
		while (i < s.n && s.p[i] != ' ' && s.p[i] != ',' && s.p[i] != ';')
			i++;
		w = (struct str){s.p, i};
		s = i < s.n ? (struct str){s.p + i + 1, s.n - i - 1} : (struct str){s.p + i, 0};
		if (w.n == 0)
			continue;
		int k = service_name_index(f->values, f->n_values, w);
		if (k < 0) {
			bad(src, name);
			unknown = true;
			mask = 0;
			break;
		}
		mask |= (int64_t)1 << k;
	}
	if (!mask && !unknown && needed(f))
		bad(src, name); /* empty: said once, as an unknown word is */
	return mask;
}

static void read_kind_parts(const struct catalogue_source *src, struct service *v)
{
	if (v->kind == SERVICE_SUPPORT_BUNDLE) {
		int c = one_of(src, "bundle_class");
		v->bundle_class = c < 0 ? 0 : c + 1;
		v->bundle_monthly_price = amount(src, "bundle_monthly_price");
		v->bundle_device_price = amount(src, "bundle_device_price");
		v->bundle_min_term_months = amount(src, "bundle_min_term_months");
		v->bundle_contents = names(src, "bundle_contents");
		for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
			v->bundle_details[i] = line(src, detail_fields[i]);
	}
	if (v->kind == SERVICE_STANDARD)
		v->categories = names(src, "categories");
	if (v->kind == SERVICE_IT_PRODUCT)
		v->product_function = line(src, "product_function");
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
	int kind = one_of(src, "kind");
	v->kind = kind < 0 ? SERVICE_SUPPORT_BUNDLE : (enum service_kind)kind;
	v->name = line(src, "name");
	v->description = take(src, "description");
	if (!service_text_ok(v->description) ||
	    utf8_length(v->description) > (size_t)field("description")->max)
		bad(src, "description");
	if (!service_prefectures_parse(take(src, "prefectures"), &v->prefectures, &v->nationwide))
		bad(src, "prefectures");
	v->on_site = one_of(src, "on_site") == 0;
	v->price_min = amount(src, "price_min");
	v->price_max = amount(src, "price_max");
	if (v->price_max && v->price_max < v->price_min)
		bad(src, "price_max");
	v->price_unit = take(src, "price_unit");
	(void)one_of(src, "price_unit"); /* checked; kept as written */
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
	if (v->url.n && (v->url.n > (size_t)field("url")->max || !org_url_valid(v->url)))
		bad(src, "url");
	v->contact = line(src, "contact");
	v->registration_number = line(src, "registration_number");
	read_dates(src, v);
	v->languages = names(src, "languages");
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
