/* Unit tests: the search index of the service catalogue (store/
 * service_index.h) on each store — kept by the catalogue's
 * store_service_make_live (a new listing, a change made live), found by
 * one and two characters, in hiragana or katakana, old or new kanji
 * forms; every filter; ordered by relevance then name; registrations
 * outside their dates left out; a deleted listing gone; the rebuild the
 * same as what the writes kept. */
#include <stdio.h>

#include "core/search_text.h"
#include "store/account.h"
#include "store/service_index.h"
#include "store/services.h"
#include "store_test.h"

#define TODAY "2026-12-05"

struct fixture {
	struct store_test *t;
	int64_t user, provider;
};

static int64_t add_provider(struct store_test *t, int64_t *user_out)
{
	struct user u = {.email = STR("p@example.jp"), .password_hash = STR("x"), .created_at = 1};
	int64_t user, org = store_test_add_org(t, "prov"), id;
	assert_int_equal(store_user_insert(t->s, &u, &user), MM_OK);
	struct service_provider p = {.organisation_id = org,
	                             .company_name = STR("まもり監視株式会社"),
	                             .corporate_number = STR("7123456789012"),
	                             .address = STR("東京都千代田区"),
	                             .contact_name = STR("担当"),
	                             .contact_email = STR("p@example.jp"),
	                             .contact_phone = STR(""),
	                             .applied_by = user};
	assert_int_equal(store_provider_apply(t->s, &p, 10, &id), MM_OK);
	assert_int_equal(store_provider_review(t->s, id, PROVIDER_APPROVED, STR(""), user, 11),
	                 MM_OK);
	*user_out = user;
	return id;
}

static struct service listing(int64_t provider, const char *name, enum service_kind kind)
{
	struct service v = {.provider_id = provider,
	                    .kind = kind,
	                    .external_key = STR(""),
	                    .name = str_from(name),
	                    .description = STR("小さな会社のための説明です。"),
	                    .prefectures = (int64_t)1 << 12, /* 13 東京都 */
	                    .price_min = 5000,
	                    .price_unit = STR("month"),
	                    .product_function = STR(""),
	                    .url = STR("https://example.jp/"),
	                    .contact = STR("窓口"),
	                    .registration_number = STR(""),
	                    .valid_from = STR(""),
	                    .valid_until = STR(""),
	                    .reject_reason = STR(""),
	                    .languages = 1};
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++)
		v.bundle_details[i] = STR("");
	if (kind == SERVICE_SUPPORT_BUNDLE)
		v.bundle_class = 1;
	return v;
}

static enum mm_err make_live_tx(struct store *s, void *arg)
{
	int64_t *version = arg;
	return store_service_make_live(s, *version, 0, 20);
}

/* A new listing made live as a review does; its id. */
static int64_t add_live(struct fixture *f, const struct service *v)
{
	int64_t id, version;
	assert_int_equal(store_service_create(f->t->s, v, f->user, 12, &id, &version), MM_OK);
	assert_int_equal(store_tx(f->t->s, make_live_tx, &version), MM_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof *f);
	int rc = store_test_open(&f->t, true);
	if (rc)
		return rc;
	f->provider = add_provider(f->t, &f->user);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_test_close(f->t);
	test_free(f);
	return 0;
}

static struct service_search any(void)
{
	return (struct service_search){.text = STR(""), .kind = -1, .category = -1, .page = 1};
}

/* The ids found for s and text (folded here), in order, as "1,2,3". */
static const char *found(struct fixture *f, const struct service_search *s, const char *text,
                         int64_t *total)
{
	struct arena *a = &f->t->a;
	struct str folded = STR("");
	struct service_found out;
	assert_int_equal(core_search_fold_variants(a, str_from(text), &folded), MM_OK);
	struct service_find q = {
	    .filter = s, .folded = folded, .today = STR(TODAY), .offset = 0, .limit = 20};
	assert_int_equal(store_services_find(f->t->s, a, &q, &out), MM_OK);
	char *buf = arena_alloc(a, 256), *p = buf;
	*p = '\0';
	for (size_t i = 0; i < out.n; i++)
		p += sprintf(p, "%s%lld", i ? "," : "", (long long)out.ids[i]);
	if (total)
		*total = out.total;
	return buf;
}

static void test_live_listing_is_found_by_one_and_two_characters(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	struct service v = listing(f->provider, "サイバー保険パック", SERVICE_SUPPORT_BUNDLE);
	int64_t id = add_live(f, &v);
	char want[24];
	snprintf(want, sizeof want, "%lld", (long long)id);
	assert_string_equal(found(f, &s, "保", NULL), want);
	assert_string_equal(found(f, &s, "保険", NULL), want);
	assert_string_equal(found(f, &s, "保険パック", NULL), want);
	/* hiragana finds katakana; an old kanji form finds the new one */
	assert_string_equal(found(f, &s, "さいばー", NULL), want);
	assert_string_equal(found(f, &s, "保險", NULL), want);
	/* the provider's name and the description are searched too */
	assert_string_equal(found(f, &s, "まもり監視", NULL), want);
	assert_string_equal(found(f, &s, "説明", NULL), want);
	assert_string_equal(found(f, &s, "保険パッケージ", NULL), "");
	assert_string_equal(found(f, &s, "x", NULL), "");
}

static void test_pending_listing_is_not_found_until_live(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	struct service v = listing(f->provider, "審査待ちの診断", SERVICE_STANDARD);
	int64_t id, version, total;
	assert_int_equal(store_service_create(f->t->s, &v, f->user, 12, &id, &version), MM_OK);
	assert_string_equal(found(f, &s, "診断", &total), "");
	assert_int_equal(total, 0);
	assert_int_equal(store_tx(f->t->s, make_live_tx, &version), MM_OK);
	assert_int_equal(total = 0, 0);
	found(f, &s, "診断", &total);
	assert_int_equal(total, 1);
}

static void test_a_change_made_live_replaces_the_indexed_text(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	struct service v = listing(f->provider, "旧名サービス", SERVICE_IT_PRODUCT);
	int64_t id = add_live(f, &v), version, total;
	v.name = STR("新名サービス");
	assert_int_equal(store_service_change(f->t->s, id, &v, f->user, 30, &version), MM_OK);
	/* the live version stays until the change is approved */
	found(f, &s, "旧名", &total);
	assert_int_equal(total, 1);
	found(f, &s, "新名", &total);
	assert_int_equal(total, 0);
	assert_int_equal(store_tx(f->t->s, make_live_tx, &version), MM_OK);
	found(f, &s, "旧名", &total);
	assert_int_equal(total, 0);
	found(f, &s, "新名", &total);
	assert_int_equal(total, 1);
	assert_int_equal(store_test_int(f->t, "SELECT count(*) FROM service_index"), 1);
}

static void test_every_filter(void **state)
{
	struct fixture *f = *state;
	struct service a = listing(f->provider, "A 駆けつけ", SERVICE_SUPPORT_BUNDLE);
	a.on_site = true;
	a.bundle_contents = 1 | 8; /* help desk, on-site response */
	a.tags.items = (int64_t)1 << 11;
	a.price_min = 9000; /* 9,900 with tax */
	struct service b = listing(f->provider, "B 監査", SERVICE_STANDARD);
	b.categories = 1; /* security audit */
	b.nationwide = true;
	b.prefectures = 0;
	b.tags.rules = 1;
	b.price_unit = STR("quote");
	struct service c = listing(f->provider, "C 製品", SERVICE_IT_PRODUCT);
	c.prefectures = (int64_t)1 << 26; /* 27 大阪府 */
	c.tags.directives = (int64_t)1 << 9;
	c.price_min = 20000;
	int64_t ia = add_live(f, &a), ib = add_live(f, &b), ic = add_live(f, &c);
	char all[64], ab[64], bc[64], sa[24], sb[24], sc[24];
	snprintf(all, sizeof all, "%lld,%lld,%lld", (long long)ia, (long long)ib, (long long)ic);
	snprintf(ab, sizeof ab, "%lld,%lld", (long long)ia, (long long)ib);
	snprintf(bc, sizeof bc, "%lld,%lld", (long long)ib, (long long)ic);
	snprintf(sa, sizeof sa, "%lld", (long long)ia);
	snprintf(sb, sizeof sb, "%lld", (long long)ib);
	snprintf(sc, sizeof sc, "%lld", (long long)ic);
	struct service_search s = any();
	assert_string_equal(found(f, &s, "", NULL), all);
	s.prefecture = 13; /* Tokyo: a, and b (nationwide) */
	assert_string_equal(found(f, &s, "", NULL), ab);
	s.prefecture = 27;
	assert_string_equal(found(f, &s, "", NULL), bc);
	s = any();
	s.kind = SERVICE_IT_PRODUCT;
	assert_string_equal(found(f, &s, "", NULL), sc);
	s = any();
	s.category = 0;
	assert_string_equal(found(f, &s, "", NULL), sb);
	s = any();
	s.onsite = true;
	assert_string_equal(found(f, &s, "", NULL), sa);
	s = any();
	s.price_max = 9900; /* with tax; b is on quote, c costs more */
	assert_string_equal(found(f, &s, "", NULL), sa);
	s.price_max = 9899;
	assert_string_equal(found(f, &s, "", NULL), "");
	s = any();
	s.contents = 8;
	assert_string_equal(found(f, &s, "", NULL), sa);
	s.contents = 8 | 16; /* every content asked for */
	assert_string_equal(found(f, &s, "", NULL), "");
	s = any();
	s.tags.items = (int64_t)1 << 11;
	assert_string_equal(found(f, &s, "", NULL), sa);
	s = any();
	s.tags.rules = 1;
	assert_string_equal(found(f, &s, "", NULL), sb);
	s = any();
	s.tags.directives = (int64_t)1 << 9;
	assert_string_equal(found(f, &s, "", NULL), sc);
	/* a filter and text together */
	s = any();
	s.prefecture = 13;
	assert_string_equal(found(f, &s, "製品", NULL), "");
	assert_string_equal(found(f, &s, "監査", NULL), sb);
}

static void test_dates_hide_what_is_not_valid_today(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	struct service v = listing(f->provider, "期限つき診断", SERVICE_STANDARD);
	v.valid_until = STR("2026-12-04");
	add_live(f, &v);
	v.valid_until = STR("2026-12-05"); /* its last day is today: shown */
	int64_t today = add_live(f, &v);
	v.valid_until = STR("");
	v.valid_from = STR("2026-12-06");
	add_live(f, &v);
	char want[24];
	snprintf(want, sizeof want, "%lld", (long long)today);
	assert_string_equal(found(f, &s, "診断", NULL), want);
	assert_string_equal(found(f, &s, "", NULL), want);
}

static void test_order_is_relevance_then_name(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	struct service v = listing(f->provider, "ウ 説明のないもの", SERVICE_IT_PRODUCT);
	v.description = STR("ネットワーク監視つき");
	int64_t in_text = add_live(f, &v);
	v = listing(f->provider, "イ 端末監視", SERVICE_IT_PRODUCT);
	int64_t contains = add_live(f, &v);
	v = listing(f->provider, "ア 端末監視", SERVICE_IT_PRODUCT);
	int64_t contains_first = add_live(f, &v);
	v = listing(f->provider, "監視サービス", SERVICE_IT_PRODUCT);
	int64_t starts = add_live(f, &v);
	v = listing(f->provider, "監視", SERVICE_IT_PRODUCT);
	int64_t exact = add_live(f, &v);
	v = listing(f->provider, "エ 保険", SERVICE_IT_PRODUCT);
	int64_t provider_only = add_live(f, &v);
	/* the provider's name (まもり監視株式会社) has 監視: the last two rank
	 * the same, then by name (ウ before エ) */
	char want[128];
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld,%lld", (long long)exact,
	         (long long)starts, (long long)contains_first, (long long)contains,
	         (long long)in_text, (long long)provider_only);
	int64_t total;
	assert_string_equal(found(f, &s, "監視", &total), want);
	assert_int_equal(total, 6);
	/* without text, by name */
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld,%lld", (long long)contains_first,
	         (long long)contains, (long long)in_text, (long long)provider_only,
	         (long long)exact, (long long)starts);
	assert_string_equal(found(f, &s, "", NULL), want);
}

static void test_paging_reads_the_window(void **state)
{
	struct fixture *f = *state;
	struct service_search s = any();
	char name[32];
	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof name, "監視%02d", i);
		struct service v = listing(f->provider, name, SERVICE_IT_PRODUCT);
		add_live(f, &v);
	}
	struct service_found out;
	struct str folded = STR("監視");
	struct service_find q = {
	    .filter = &s, .folded = folded, .today = STR(TODAY), .offset = 20, .limit = 20};
	assert_int_equal(store_services_find(f->t->s, &f->t->a, &q, &out), MM_OK);
	assert_int_equal(out.total, 25);
	assert_int_equal(out.n, 5);
	q.folded = STR("");
	assert_int_equal(store_services_find(f->t->s, &f->t->a, &q, &out), MM_OK);
	assert_int_equal(out.total, 25);
	assert_int_equal(out.n, 5);
	q.offset = -1;
	assert_int_equal(store_services_find(f->t->s, &f->t->a, &q, &out), MM_ERR_INVALID);
}

static void test_rebuild_writes_what_the_writes_kept_and_deletion_cascades(void **state)
{
	struct fixture *f = *state;
	struct service v = listing(f->provider, "再構築テスト", SERVICE_IT_PRODUCT);
	int64_t id = add_live(f, &v), n;
	add_live(f, &v);
	int64_t tokens = store_test_int(f->t, "SELECT count(*) FROM service_token");
	assert_true(tokens > 10);
	store_test_exec(f->t, "DELETE FROM service_token");
	assert_int_equal(store_service_index_rebuild(f->t->s, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_test_int(f->t, "SELECT count(*) FROM service_token"), tokens);
	char sql[96];
	if (store_test_backend == STORE_TEST_SQLITE) /* as the store's own connection has it */
		store_test_exec(f->t, "PRAGMA foreign_keys = ON");
	snprintf(sql, sizeof sql, "DELETE FROM service WHERE id = %lld", (long long)id);
	store_test_exec(f->t, sql);
	assert_int_equal(store_test_int(f->t, "SELECT count(*) FROM service_index"), 1);
	assert_int_equal(store_test_int(f->t, "SELECT count(*) FROM service_token"), tokens / 2);
}

static void test_rows_shown_come_from_the_index_in_the_order_asked(void **state)
{
	struct fixture *f = *state;
	struct service a = listing(f->provider, "見守りパック", SERVICE_SUPPORT_BUNDLE);
	a.bundle_contents = 1 | 16;
	a.price_min = 5000;
	a.price_max = 8000;
	a.tags.items = (int64_t)1 << 11;
	a.tags.directives = (int64_t)1 << 9;
	a.valid_until = STR("2027-03-31");
	struct service b = listing(f->provider, "監査", SERVICE_STANDARD);
	b.nationwide = true;
	b.categories = 3;
	int64_t ia = add_live(f, &a), ib = add_live(f, &b);
	int64_t ids[] = {ib, 999999, ia};
	struct service out[3];
	size_t n;
	assert_int_equal(store_services_shown(f->t->s, &f->t->a, ids, 3, out, &n), MM_OK);
	assert_int_equal(n, 2); /* 999999 is no listing */
	assert_int_equal(out[0].id, ib);
	assert_true(out[0].nationwide);
	assert_int_equal(out[0].categories, 3);
	assert_int_equal(out[0].kind, SERVICE_STANDARD);
	assert_int_equal(out[1].id, ia);
	assert_str_equal(out[1].name, "見守りパック");
	assert_str_equal(out[1].provider_name, "まもり監視株式会社");
	assert_int_equal(out[1].kind, SERVICE_SUPPORT_BUNDLE);
	assert_int_equal(out[1].bundle_contents, 17);
	assert_int_equal(out[1].price_min, 5000);
	assert_int_equal(out[1].price_max, 8000);
	assert_str_equal(out[1].price_unit, "month");
	assert_int_equal(out[1].prefectures, (int64_t)1 << 12);
	assert_int_equal(out[1].tags.items, (int64_t)1 << 11);
	assert_int_equal(out[1].tags.rules, 0);
	assert_int_equal(out[1].tags.directives, (int64_t)1 << 9);
	assert_str_equal(out[1].valid_until, "2027-03-31");
	assert_int_equal(store_services_shown(f->t->s, &f->t->a, ids, 0, out, &n), MM_OK);
	assert_int_equal(n, 0);
}

#define FIXTURE(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_live_listing_is_found_by_one_and_two_characters),
	    FIXTURE(test_pending_listing_is_not_found_until_live),
	    FIXTURE(test_a_change_made_live_replaces_the_indexed_text),
	    FIXTURE(test_every_filter),
	    FIXTURE(test_dates_hide_what_is_not_valid_today),
	    FIXTURE(test_order_is_relevance_then_name),
	    FIXTURE(test_paging_reads_the_window),
	    FIXTURE(test_rebuild_writes_what_the_writes_kept_and_deletion_cascades),
	    FIXTURE(test_rows_shown_come_from_the_index_in_the_order_asked),
	};
	return STORE_TEST_MAIN("service index store", tests);
}
