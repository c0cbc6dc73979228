/*
 * catalogue_seed.c — see catalogue_seed.h.
 */
#include "app/catalogue_seed.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/catalogue.h"
#include "core/corporate_number.h"
#include "app/demo_json.h"
#include "pages/catalogue/catalogue_fields.h"
#include "store/services.h"

/* ---- the demo -------------------------------------------------------------------- */

#define DEMO_PROVIDERS_MAX 16

struct demo {
	json_t *providers, *listings;
	struct str public_ids[DEMO_PROVIDERS_MAX];
	int64_t ids[DEMO_PROVIDERS_MAX];
	size_t n_providers;
	struct arena a;
	int64_t now;
	int inserted;
	char *err;
};

static enum mm_err demo_provider(struct store *s, struct demo *d, json_t *item)
{
	struct organisation o = demo_json_organisation(item);
	struct service_provider p = {.company_name = o.name,
	                             .corporate_number = o.corporate_number,
	                             .address = demo_json_str(item, "address"),
	                             .contact_name = demo_json_str(item, "contact_name"),
	                             .contact_email = demo_json_str(item, "contact_email")};
	bool added;
	int64_t id;
	enum mm_err e;
	if (!o.public_id.n || !core_corporate_number_valid(o.corporate_number) ||
	    d->n_providers == DEMO_PROVIDERS_MAX) {
		snprintf(d->err, 256, "demo provider %.*s is invalid", (int)o.public_id.n,
		         o.public_id.p);
		return MM_ERR_INVALID;
	}
	if ((e = store_organisation_upsert_demo(s, &o, &added)) ||
	    (e = store_provider_seed(s, o.public_id, &p, d->now, &id)))
		snprintf(d->err, 256, "cannot store demo provider %.*s", (int)o.public_id.n,
		         o.public_id.p);
	else {
		d->public_ids[d->n_providers] = o.public_id;
		d->ids[d->n_providers++] = id;
	}
	return e;
}

struct json_source {
	json_t *item;
	char *err;
	bool bad;
};

static struct str source_get(void *ctx, const char *name)
{
	return demo_json_str(((struct json_source *)ctx)->item, name);
}

static void source_error(void *ctx, const char *name, const char *key)
{
	struct json_source *src = ctx;
	(void)key;
	if (!src->bad)
		snprintf(src->err, 256, "demo listing %s: the field %s is invalid",
		         json_string_value(json_object_get(src->item, "external_key")), name);
	src->bad = true;
}

static enum mm_err demo_listing(struct store *s, struct demo *d, json_t *item)
{
	struct json_source js = {.item = item, .err = d->err};
	struct catalogue_source src = {.get = source_get, .error = source_error, .ctx = &js};
	struct service v = {.external_key = demo_json_str(item, "external_key")}, old;
	struct str provider = demo_json_str(item, "provider");
	int64_t id;
	enum mm_err e;
	catalogue_fields_read(&src, &v);
	if (js.bad)
		return MM_ERR_INVALID;
	for (size_t i = 0; i < d->n_providers; i++)
		if (str_eq(d->public_ids[i], provider))
			v.provider_id = d->ids[i];
	if (!v.provider_id) {
		snprintf(d->err, 256, "demo listing %.*s: no provider", (int)v.external_key.n,
		         v.external_key.p);
		return MM_ERR_INVALID;
	}
	e = store_service_by_external_key(s, &d->a, v.external_key, &old);
	if (e != MM_ERR_NOT_FOUND)
		return e; /* there already (MM_OK), or a failure */
	if ((e = store_service_import_new(s, &v, 0, d->now, &id)))
		snprintf(d->err, 256, "cannot store demo listing %.*s", (int)v.external_key.n,
		         v.external_key.p);
	else
		d->inserted++;
	return e;
}

static enum mm_err demo_tx(struct store *s, void *arg)
{
	struct demo *d = arg;
	enum mm_err e = MM_OK;
	size_t i;
	json_t *item;
	json_array_foreach(d->providers, i, item) if (!e) e = demo_provider(s, d, item);
	json_array_foreach(d->listings, i, item) if (!e) e = demo_listing(s, d, item);
	return e;
}

enum mm_err catalogue_seed_demo(struct store *s, int *inserted, char err[256])
{
	static const char no_lists[] = "no providers or listings";
	json_t *root;
	*inserted = 0;
	enum mm_err e =
	    demo_json_open("content/demo/services.json", "providers", no_lists, &root, err);
	if (e)
		return e;
	struct demo d = {.providers = json_object_get(root, "providers"),
	                 .listings = json_object_get(root, "listings"),
	                 .now = (int64_t)time(NULL),
	                 .err = err};
	if (!json_is_array(d.listings)) {
		snprintf(err, 256, "content/demo/services.json: %s", no_lists);
		e = MM_ERR_INVALID;
	} else {
		arena_init(&d.a, 1 << 20);
		e = store_tx(s, demo_tx, &d);
		arena_free(&d.a);
	}
	*inserted = d.inserted;
	json_decref(root);
	return e;
}

/* ---- `mamori seed` ------------------------------------------------------------------ */

static uint64_t next(uint64_t *x)
{
	/* xorshift64* */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 2685821657736338717ull;
}

static int pick(uint64_t *x, int n)
{
	return (int)(next(x) % (uint64_t)n);
}

/* Invented names: a word of reassurance and what the listing does. */
static const char *const first_words[] = {"あんしん", "みまもり", "そなえ",   "まもり",
                                          "ひだまり", "たすけ",   "よりそい", "しっかり"};
static const char *const kind_words[SERVICE_KIND_COUNT][4] = {
    {"サポートパック", "見守りプラン", "駆けつけセット", "相談パック"},
    {"脆弱性診断", "セキュリティ監査", "監視サービス", "調査サービス"},
    {"バックアップ", "メールチェッカー", "パスワード帳", "端末管理"}};
static const char *const units[SERVICE_KIND_COUNT] = {"month", "once", "device_month"};

struct seeding {
	uint64_t x;
	int64_t *providers;
	size_t n_providers;
	int64_t now, inserted;
	struct arena a;
};

static void synthetic(struct seeding *sd, int i, struct service *v, char name[128], char key[32])
{
	uint64_t *x = &sd->x;
	enum service_kind kind = (enum service_kind)(i % SERVICE_KIND_COUNT);
	snprintf(name, 128, "%s%s %d", first_words[pick(x, 8)], kind_words[kind][pick(x, 4)],
	         i + 1);
	snprintf(key, 32, "seed-%d", i + 1);
	*v = (struct service){
	    .provider_id = sd->providers[(size_t)i % sd->n_providers],
	    .kind = kind,
	    .external_key = str_from(key),
	    .name = str_from(name),
	    .description = STR("中小企業向けの合成データです。"),
	    .on_site = pick(x, 3) == 0,
	    .price_min = 1000 * (1 + pick(x, 100)),
	    .price_unit = str_from(units[kind]),
	    .bundle_details = {STR(""), STR(""), STR(""), STR(""), STR("")},
	    .product_function = STR(""),
	    .url = STR(""),
	    .contact = STR("お問い合わせフォーム"),
	    .registration_number = STR(""),
	    .valid_from = STR(""),
	    .valid_until = STR(""),
	    .languages = 1 | (pick(x, 4) == 0 ? 2 : 0),
	};
	if (pick(x, 5) == 0)
		v->nationwide = true;
	else
		for (int k = 0, n = 1 + pick(x, 4); k < n; k++)
			v->prefectures |= (int64_t)1 << pick(x, 47);
	for (int k = 0, n = 1 + pick(x, 4); k < n; k++)
		v->tags.items |= (int64_t)1 << pick(x, SERVICE_ITEM_COUNT);
	if (pick(x, 3) == 0)
		v->tags.rules |= (int64_t)1 << pick(x, SERVICE_RULE_COUNT);
	if (pick(x, 3) == 0)
		v->tags.directives |= (int64_t)1 << pick(x, SERVICE_DIRECTIVE_COUNT);
	if (kind == SERVICE_SUPPORT_BUNDLE) {
		v->bundle_class = 1 + pick(x, 2);
		v->bundle_monthly_price = v->price_min;
		v->bundle_min_term_months = 12;
		v->bundle_contents = 1 | ((int64_t)(1 + pick(x, 15)) << 1);
	} else if (kind == SERVICE_STANDARD) {
		v->categories = (int64_t)1 << pick(x, SERVICE_CATEGORY_COUNT);
		v->price_min *= 10;
		v->price_max = v->price_min * 2;
	} else
		v->product_function = STR("対策を支えるソフトウェア");
}

static enum mm_err seed_tx(struct store *s, void *arg)
{
	struct seeding *sd = arg;
	enum mm_err e = store_provider_seed_orgs(s, &sd->a, SEED_PROVIDERS, sd->now, &sd->providers,
	                                         &sd->n_providers);
	if (e || sd->n_providers == 0)
		return e;
	for (int i = 0; !e && i < SEED_LISTINGS; i++) {
		struct service v, old;
		char name[128], key[32];
		int64_t id;
		synthetic(sd, i, &v, name, key);
		e = store_service_by_external_key(s, &sd->a, v.external_key, &old);
		if (e == MM_ERR_NOT_FOUND &&
		    !(e = store_service_import_new(s, &v, 0, sd->now, &id)))
			sd->inserted++;
	}
	return e;
}

enum mm_err catalogue_seed_run(struct store *s, uint64_t seed, int64_t *inserted, char err[256])
{
	struct seeding sd = {.x = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull,
	                     .now = (int64_t)time(NULL)};
	arena_init(&sd.a, 64 << 20);
	enum mm_err e = store_tx(s, seed_tx, &sd);
	if (e)
		snprintf(err, 256, "cannot store the catalogue's listings");
	*inserted = sd.inserted;
	arena_free(&sd.a);
	return e;
}
