/* Unit tests: the service catalogue's store (store/services.h) on each
 * store — a provider's application and its review, a listing's versions
 * (a change leaves the live one public until it is made live; a rejected
 * one too), the public read filtered by date, kind, prefecture (or
 * nationwide), tag and provider, the tags of a listing, the expiry notices
 * once per end date, the import's lookup by external key, and the
 * catalogue's generation, which every change the public sees bumps. */
#include <stdio.h>

#include "store/service_index.h"
#include "store/services.h"
#include "store_test.h"

static int64_t add_provider(struct store_test *f, const char *public_id, const char *number,
                            bool approve)
{
	struct service_provider p = {.organisation_id = store_test_add_org(f, public_id),
	                             .company_name = STR("みどり情報サービス"),
	                             .corporate_number = str_from(number),
	                             .address = STR("札幌市"),
	                             .contact_name = STR("緑"),
	                             .contact_email = STR("midori@example.jp"),
	                             .contact_phone = STR("")};
	int64_t id;
	assert_int_equal(store_provider_apply(f->s, &p, 10, &id), MM_OK);
	if (approve)
		assert_int_equal(store_provider_review(f->s, id, PROVIDER_APPROVED, STR(""), 0, 20),
		                 MM_OK);
	return id;
}

static struct service listing(int64_t provider, const char *name)
{
	return (struct service){.provider_id = provider,
	                        .kind = SERVICE_STANDARD,
	                        .external_key = STR(""),
	                        .name = str_from(name),
	                        .description = STR("説明"),
	                        .prefectures = 1 << 12, /* 東京都 */
	                        .price_min = 100000,
	                        .price_unit = STR("once"),
	                        .bundle_details = {STR(""), STR(""), STR(""), STR(""), STR("")},
	                        .categories = 2,
	                        .product_function = STR(""),
	                        .tags = {.items = 1 << 11, .rules = 1},
	                        .url = STR(""),
	                        .contact = STR("窓口"),
	                        .registration_number = STR(""),
	                        .valid_from = STR(""),
	                        .valid_until = STR(""),
	                        .languages = 1};
}

/* A listing made live; its id. */
static int64_t add_live(struct store_test *f, const struct service *v)
{
	int64_t id, version;
	assert_int_equal(store_service_create(f->s, v, 0, 30, &id, &version), MM_OK);
	assert_int_equal(store_service_make_live(f->s, version, 0, 40), MM_OK);
	return id;
}

static size_t live(struct store_test *f, struct service_filter filter, struct service **out,
                   int64_t *total)
{
	size_t n;
	if (!filter.today.n)
		filter.today = STR("2026-12-05");
	assert_int_equal(store_services_live(f->s, &f->a, &filter,
	                                     (struct org_page){.offset = 0, .limit = 20}, out, &n,
	                                     total),
	                 MM_OK);
	return n;
}

static void
test_an_application_is_reviewed_once_and_may_be_made_again_after_a_rejection(void **state)
{
	struct store_test *f = *state;
	int64_t id = add_provider(f, "p1", "7123456789012", false);
	struct service_provider p;
	int64_t again;
	assert_int_equal(store_provider_by_id(f->s, &f->a, id, &p), MM_OK);
	assert_int_equal(p.status, PROVIDER_PENDING);
	assert_true(str_eq_lit(p.company_name, "みどり情報サービス"));
	/* pending: a second application is refused */
	assert_int_equal(store_provider_apply(f->s, &p, 11, &again), MM_ERR_CONFLICT);
	assert_int_equal(store_provider_review(f->s, id, PROVIDER_PENDING, STR(""), 0, 12),
	                 MM_ERR_INVALID);
	assert_int_equal(
	    store_provider_review(f->s, id, PROVIDER_REJECTED, STR("住所が違う"), 0, 12), MM_OK);
	assert_int_equal(store_provider_review(f->s, id, PROVIDER_APPROVED, STR(""), 0, 13),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_provider_by_org(f->s, &f->a, p.organisation_id, &p), MM_OK);
	assert_true(str_eq_lit(p.reject_reason, "住所が違う"));
	assert_int_equal(store_provider_apply(f->s, &p, 14, &again), MM_OK);
	assert_int_equal(again, id);
	assert_int_equal(store_provider_by_id(f->s, &f->a, id, &p), MM_OK);
	assert_int_equal(p.status, PROVIDER_PENDING);
	assert_int_equal(p.reject_reason.n, 0);
	/* only an approved provider is found by corporate number */
	assert_int_equal(store_provider_by_corporate_number(f->s, &f->a, STR("7123456789012"), &p),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_provider_review(f->s, id, PROVIDER_APPROVED, STR(""), 0, 15), MM_OK);
	assert_int_equal(store_provider_by_corporate_number(f->s, &f->a, STR("7123456789012"), &p),
	                 MM_OK);
	struct service_provider *list;
	size_t n;
	int64_t total;
	assert_int_equal(store_providers_by_status(f->s, &f->a, PROVIDER_APPROVED,
	                                           (struct org_page){0, 20}, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(total, 1);
}

static void test_a_change_leaves_the_live_version_until_it_is_made_live(void **state)
{
	struct store_test *f = *state;
	int64_t provider = add_provider(f, "p1", "7123456789012", true);
	struct service v = listing(provider, "診断A"), out, *list;
	int64_t id, first, second, third, total;
	size_t n;
	assert_int_equal(store_service_create(f->s, &v, 0, 30, &id, &first), MM_OK);
	assert_int_equal(store_service_live(f->s, &f->a, id, STR("2026-12-05"), &out),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_service_make_live(f->s, first, 0, 40), MM_OK);
	/* only a pending version becomes live */
	assert_int_equal(store_service_make_live(f->s, first, 0, 41), MM_ERR_NOT_FOUND);
	v.name = STR("診断B");
	assert_int_equal(store_service_change(f->s, id, &v, 0, 50, &second), MM_OK);
	assert_int_equal(store_service_live(f->s, &f->a, id, STR("2026-12-05"), &out), MM_OK);
	assert_true(str_eq_lit(out.name, "診断A"));
	assert_true(out.live);
	assert_int_equal(out.reviewed_at, 40);
	assert_int_equal(store_service_reject(f->s, second, STR("違う"), 0, 60), MM_OK);
	assert_int_equal(store_service_live(f->s, &f->a, id, STR("2026-12-05"), &out), MM_OK);
	assert_true(str_eq_lit(out.name, "診断A"));
	v.name = STR("診断C");
	assert_int_equal(store_service_change(f->s, id, &v, 0, 70, &third), MM_OK);
	assert_int_equal(store_service_latest(f->s, &f->a, id, &out), MM_OK);
	assert_int_equal(out.status, VERSION_PENDING);
	assert_false(out.live);
	assert_int_equal(
	    store_service_queue(f->s, &f->a, (struct org_page){0, 20}, &list, &n, &total), MM_OK);
	assert_int_equal(total, 1);
	assert_int_equal(list[0].version_id, third);
	assert_int_equal(store_service_make_live(f->s, third, 0, 80), MM_OK);
	assert_int_equal(store_service_live(f->s, &f->a, id, STR("2026-12-05"), &out), MM_OK);
	assert_true(str_eq_lit(out.name, "診断C"));
	assert_int_equal(store_service_versions(f->s, &f->a, id, &list, &n), MM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].number, 3);
	assert_int_equal(list[1].status, VERSION_REJECTED);
	assert_true(str_eq_lit(list[1].reject_reason, "違う"));
	assert_int_equal(list[2].status, VERSION_APPROVED);
	assert_false(list[2].live);
}

static void test_a_second_change_before_review_withdraws_the_first(void **state)
{
	struct store_test *f = *state;
	int64_t provider = add_provider(f, "p1", "7123456789012", true);
	struct service v = listing(provider, "診断A");
	int64_t id = add_live(f, &v), second, third;
	assert_int_equal(store_service_change(f->s, id, &v, 0, 50, &second), MM_OK);
	assert_int_equal(store_service_change(f->s, id, &v, 0, 51, &third), MM_OK);
	struct service out;
	assert_int_equal(store_service_version(f->s, &f->a, second, &out), MM_OK);
	assert_int_equal(out.status, VERSION_WITHDRAWN);
	assert_int_equal(store_service_make_live(f->s, second, 0, 60), MM_ERR_NOT_FOUND);
	/* the database keeps one pending version per listing */
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE service_version SET status = 'pending' WHERE id = %lld",
	         (long long)second);
	assert_false(store_test_accepts(f, sql));
}

static void test_the_public_read_filters_by_date_kind_prefecture_tag_and_provider(void **state)
{
	struct store_test *f = *state;
	int64_t p1 = add_provider(f, "p1", "7123456789012", true);
	int64_t p2 = add_provider(f, "p2", "4011001098993", true);
	struct service a = listing(p1, "A 東京の診断"), b = listing(p1, "B 全国の製品"),
	               c = listing(p2, "C 終わった登録"), d = listing(p2, "D 始まる前");
	b.kind = SERVICE_IT_PRODUCT;
	b.nationwide = true;
	b.prefectures = 0;
	b.product_function = STR("確認");
	b.tags = (struct service_tags){.directives = 1 << 6};
	c.valid_until = STR("2026-12-04");
	d.valid_from = STR("2026-12-06");
	int64_t ia = add_live(f, &a), ib = add_live(f, &b);
	(void)add_live(f, &c);
	(void)add_live(f, &d);
	struct service *list;
	int64_t total;
	assert_int_equal(live(f, (struct service_filter){0}, &list, &total), 2);
	assert_int_equal(total, 2);
	assert_int_equal(list[0].id, ia); /* by name */
	assert_int_equal(list[1].id, ib);
	/* the day after the end is hidden; the last day is shown */
	assert_int_equal(
	    live(f, (struct service_filter){.today = STR("2026-12-04")}, &list, &total), 3);
	assert_int_equal(
	    live(f, (struct service_filter){.today = STR("2026-12-06")}, &list, &total), 3);
	struct service one;
	assert_int_equal(store_service_live(f->s, &f->a, ia, STR("2026-12-05"), &one), MM_OK);
	assert_int_equal(
	    live(f, (struct service_filter){.kind = SERVICE_IT_PRODUCT + 1}, &list, &total), 1);
	assert_int_equal(list[0].id, ib);
	/* Tokyo: A serves it, B is nationwide; Hokkaido: only B */
	assert_int_equal(live(f, (struct service_filter){.prefecture = 13}, &list, &total), 2);
	assert_int_equal(live(f, (struct service_filter){.prefecture = 1}, &list, &total), 1);
	assert_int_equal(list[0].id, ib);
	assert_int_equal(live(f, (struct service_filter){.tag = STR("item-12")}, &list, &total), 1);
	assert_int_equal(list[0].id, ia);
	assert_int_equal(live(f, (struct service_filter){.tag = STR("directive-7")}, &list, &total),
	                 1);
	assert_int_equal(live(f, (struct service_filter){.provider_id = p2}, &list, &total), 0);
	struct str *tags;
	size_t n;
	assert_int_equal(store_service_tags(f->s, &f->a, ia, &tags, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_true(str_eq_lit(tags[0], "item-12"));
	assert_true(str_eq_lit(tags[1], "rule-1"));
	assert_int_equal(
	    store_services_live_after(f->s, &f->a, STR("2026-12-05"), ia, 10, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, ib);
}

static void test_the_provider_is_told_once_per_end_date(void **state)
{
	struct store_test *f = *state;
	int64_t p = add_provider(f, "p1", "7123456789012", true);
	struct service soon = listing(p, "soon"), later = listing(p, "later");
	soon.valid_until = STR("2026-12-20");
	later.valid_until = STR("2027-06-01");
	int64_t id = add_live(f, &soon);
	(void)add_live(f, &later);
	struct service_expiry *x;
	size_t n;
	assert_int_equal(
	    store_services_expiring(f->s, &f->a, STR("2026-12-05"), STR("2027-01-04"), 10, &x, &n),
	    MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(x[0].id, id);
	assert_true(str_eq_lit(x[0].contact_email, "midori@example.jp"));
	assert_int_equal(store_service_expiry_noticed(f->s, id, x[0].valid_until), MM_OK);
	assert_int_equal(
	    store_services_expiring(f->s, &f->a, STR("2026-12-05"), STR("2027-01-04"), 10, &x, &n),
	    MM_OK);
	assert_int_equal(n, 0);
	/* a renewal with a new end date is told again when its time comes */
	int64_t version;
	soon.valid_until = STR("2026-12-31");
	assert_int_equal(store_service_change(f->s, id, &soon, 0, 90, &version), MM_OK);
	assert_int_equal(store_service_make_live(f->s, version, 0, 91), MM_OK);
	assert_int_equal(
	    store_services_expiring(f->s, &f->a, STR("2026-12-05"), STR("2027-01-04"), 10, &x, &n),
	    MM_OK);
	assert_int_equal(n, 1);
}

static void test_an_import_is_live_at_once_and_found_by_its_key(void **state)
{
	struct store_test *f = *state;
	int64_t p = add_provider(f, "p1", "7123456789012", true);
	struct service v = listing(p, "imported"), out, old;
	int64_t id;
	v.external_key = STR("k-1");
	assert_int_equal(store_service_import_new(f->s, &v, 0, 30, &id), MM_OK);
	assert_int_equal(store_service_by_external_key(f->s, &f->a, STR("k-1"), &out), MM_OK);
	assert_int_equal(out.id, id);
	assert_true(out.live);
	assert_true(service_content_equal(&out, &v));
	assert_int_equal(store_service_by_external_key(f->s, &f->a, STR("k-2"), &old),
	                 MM_ERR_NOT_FOUND);
	v.price_min = 90000;
	assert_false(service_content_equal(&out, &v));
	assert_int_equal(store_service_import_change(f->s, id, &v, 0, 40), MM_OK);
	assert_int_equal(store_service_live_version(f->s, &f->a, id, &out), MM_OK);
	assert_int_equal(out.price_min, 90000);
	assert_int_equal(out.number, 2);
	/* the key is unique */
	struct service dup = listing(p, "dup");
	dup.external_key = STR("k-1");
	assert_int_equal(store_service_import_new(f->s, &dup, 0, 50, &id), MM_ERR_CONFLICT);
}

static int64_t generation(struct store_test *f)
{
	int64_t g;
	assert_int_equal(store_catalogue_generation(f->s, &g), MM_OK);
	return g;
}

static void test_the_generation_changes_with_what_the_public_sees_only(void **state)
{
	struct store_test *f = *state;
	int64_t g = generation(f), id, version, listings;
	int64_t provider = add_provider(f, "p1", "7123456789012", true);
	assert_true(generation(f) > g); /* a provider's review */
	g = generation(f);
	struct service v = listing(provider, "診断A");
	assert_int_equal(store_service_create(f->s, &v, 0, 30, &id, &version), MM_OK);
	assert_int_equal(generation(f), g); /* pending: nothing public */
	assert_int_equal(store_service_make_live(f->s, version, 0, 40), MM_OK);
	assert_true(generation(f) > g);
	g = generation(f);
	v.name = STR("診断B");
	assert_int_equal(store_service_change(f->s, id, &v, 0, 50, &version), MM_OK);
	assert_int_equal(store_service_reject(f->s, version, STR("違う"), 0, 60), MM_OK);
	assert_int_equal(store_service_expiry_noticed(f->s, id, STR("2027-01-01")), MM_OK);
	assert_int_equal(generation(f), g); /* the live version stays */
	assert_int_equal(store_service_import_change(f->s, id, &v, 0, 70), MM_OK);
	assert_true(generation(f) > g);
	g = generation(f);
	assert_int_equal(store_service_index_rebuild(f->s, &listings), MM_OK);
	assert_true(generation(f) > g);
	g = generation(f);
	assert_int_equal(store_service_index_drop(f->s, id), MM_OK);
	assert_true(generation(f) > g);
}

#define FIXTURE(t) STORE_TEST(t)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_an_application_is_reviewed_once_and_may_be_made_again_after_a_rejection),
	    FIXTURE(test_a_change_leaves_the_live_version_until_it_is_made_live),
	    FIXTURE(test_a_second_change_before_review_withdraws_the_first),
	    FIXTURE(test_the_public_read_filters_by_date_kind_prefecture_tag_and_provider),
	    FIXTURE(test_the_provider_is_told_once_per_end_date),
	    FIXTURE(test_an_import_is_live_at_once_and_found_by_its_key),
	    FIXTURE(test_the_generation_changes_with_what_the_public_sees_only),
	};
	return STORE_TEST_MAIN("services store", tests);
}
