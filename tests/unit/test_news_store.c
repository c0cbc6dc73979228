/* Unit tests: the news store (store/news.h) on each store — an article
 * saved and read back, its slug unique on insert and on update, changed_at
 * moved only by a change readers see, the public list (no drafts, nothing
 * before its time, newest first, one community's), the editors' list, the
 * digest's subscribers and what is new for each, and the one-click links
 * that name what they stop. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/news_demo.h"
#include "store/account.h"
#include "store/news.h"
#include "store/nudge.h"
#include "store_test.h"

static int64_t add_user(struct store_test *f, const char *email, bool confirmed)
{
	struct user u = {.email = str_from(email),
	                 .password_hash = STR("x"),
	                 .created_at = 1,
	                 .confirmed_at = confirmed ? 2 : 0};
	int64_t id;
	assert_int_equal(store_user_insert(f->s, &u, &id), MM_OK);
	if (confirmed) {
		char sql[160];
		snprintf(sql, sizeof sql, "UPDATE \"user\" SET confirmed_at = 2 WHERE id = %lld",
		         (long long)id);
		store_test_exec(f, sql);
	}
	return id;
}

static int64_t add_community(struct store_test *f, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO community (name, prefectures, industry, description, join_policy,"
	         " created_at, updated_at) VALUES ('%s', 1, '', '', 'open', 1, 1)",
	         name);
	store_test_exec(f, sql);
	snprintf(sql, sizeof sql, "SELECT id FROM community WHERE name = '%s'", name);
	return store_test_int(f, sql);
}

static struct news_article article(const char *slug, bool published, int64_t at)
{
	return (struct news_article){.slug = str_from(slug),
	                             .title = STR("冬のセミナー"),
	                             .summary = STR("案内"),
	                             .body = STR("# 本文\n\nです。"),
	                             .tags = STR("セミナー,演習"),
	                             .author_name = STR("運営者"),
	                             .has_publish_at = published,
	                             .publish_at = at};
}

static int64_t add(struct store_test *f, struct news_article x, int64_t now)
{
	int64_t id;
	assert_int_equal(store_news_insert(f->s, &x, now, &id), MM_OK);
	return id;
}

static void test_an_article_reads_back_and_its_slug_is_unique(void **state)
{
	struct store_test *f = *state;
	int64_t author = add_user(f, "writer@example.jp", true);
	struct news_article x = article("winter-seminar", true, 100);
	x.author_id = author;
	int64_t id = add(f, x, 50);
	struct news_article got;
	assert_int_equal(store_news_by_slug(f->s, &f->a, STR("winter-seminar"), &got), MM_OK);
	assert_int_equal(got.id, id);
	assert_true(str_eq_lit(got.title, "冬のセミナー"));
	assert_true(str_eq_lit(got.body, "# 本文\n\nです。"));
	assert_true(str_eq_lit(got.tags, "セミナー,演習"));
	assert_true(got.has_publish_at);
	assert_int_equal(got.publish_at, 100);
	assert_int_equal(got.created_at, 50);
	assert_int_equal(got.changed_at, 50);
	assert_int_equal(got.author_id, author);
	assert_int_equal(got.community_id, 0);
	assert_int_equal(got.community_name.n, 0);
	/* the same slug again */
	int64_t other;
	struct news_article dup = article("winter-seminar", false, 0);
	assert_int_equal(store_news_insert(f->s, &dup, 60, &other), MM_ERR_CONFLICT);
	/* an update onto another's slug */
	int64_t second = add(f, article("spring-seminar", false, 0), 70);
	struct news_article y = article("winter-seminar", false, 0);
	y.id = second;
	assert_int_equal(store_news_update(f->s, &y, 80), MM_ERR_CONFLICT);
	y.id = 999999;
	y.slug = STR("nowhere");
	assert_int_equal(store_news_update(f->s, &y, 80), MM_ERR_NOT_FOUND);
	assert_int_equal(store_news_by_slug(f->s, &f->a, STR("nowhere"), &got), MM_ERR_NOT_FOUND);
}

static void test_changed_at_moves_only_when_readers_see_a_change(void **state)
{
	struct store_test *f = *state;
	int64_t id = add(f, article("a-change", true, 100), 50);
	struct news_article x = article("a-change", true, 100), got;
	x.id = id;
	/* saved as it is, or only its author's name or publication: no change */
	x.author_name = STR("別の名前");
	assert_int_equal(store_news_update(f->s, &x, 200), MM_OK);
	assert_int_equal(store_news_by_id(f->s, &f->a, id, &got), MM_OK);
	assert_int_equal(got.changed_at, 50);
	assert_true(str_eq_lit(got.author_name, "別の名前"));
	static const char *const fields[] = {"title", "summary", "body", "tags"};
	for (size_t i = 0; i < 4; i++) {
		x = got;
		struct str changed = STR("変えた");
		if (i == 0)
			x.title = changed;
		if (i == 1)
			x.summary = changed;
		if (i == 2)
			x.body = changed;
		if (i == 3)
			x.tags = changed;
		assert_int_equal(store_news_update(f->s, &x, 300 + (int64_t)i), MM_OK);
		assert_int_equal(store_news_by_id(f->s, &f->a, id, &got), MM_OK);
		if (got.changed_at != 300 + (int64_t)i)
			fail_msg("a change of %s did not move changed_at", fields[i]);
	}
	/* back to a draft */
	x = got;
	x.has_publish_at = false;
	assert_int_equal(store_news_update(f->s, &x, 400), MM_OK);
	assert_int_equal(store_news_by_id(f->s, &f->a, id, &got), MM_OK);
	assert_false(got.has_publish_at);
}

static void test_the_public_list_has_no_draft_and_nothing_before_its_time(void **state)
{
	struct store_test *f = *state;
	int64_t c = add_community(f, "北の会");
	add(f, article("draft", false, 0), 1);
	add(f, article("old", true, 100), 1);
	add(f, article("newer", true, 200), 1);
	add(f, article("scheduled", true, 1000), 1);
	struct news_article x = article("community-one", true, 150);
	x.community_id = c;
	add(f, x, 1);
	struct news_article *list;
	size_t n;
	int64_t total;
	struct org_page page = {.offset = 0, .limit = 10};
	assert_int_equal(store_news_public(f->s, &f->a, 500, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_true(str_eq_lit(list[0].slug, "newer"));
	assert_true(str_eq_lit(list[1].slug, "community-one"));
	assert_true(str_eq_lit(list[1].community_name, "北の会"));
	assert_true(str_eq_lit(list[2].slug, "old"));
	/* at its time the scheduled one is there, first */
	assert_int_equal(store_news_public(f->s, &f->a, 1000, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(n, 4);
	assert_true(str_eq_lit(list[0].slug, "scheduled"));
	/* a page of one */
	page = (struct org_page){.offset = 1, .limit = 1};
	assert_int_equal(store_news_public(f->s, &f->a, 1000, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 4);
	assert_true(str_eq_lit(list[0].slug, "newer"));
	/* one community's */
	page = (struct org_page){.offset = 0, .limit = 10};
	assert_int_equal(store_news_public(f->s, &f->a, 1000, c, page, &list, &n, &total), MM_OK);
	assert_int_equal(n, 1);
	assert_true(str_eq_lit(list[0].slug, "community-one"));
	/* the editors see everything, newest first by id */
	assert_int_equal(store_news_all(f->s, &f->a, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 5);
	assert_true(str_eq_lit(list[0].slug, "community-one"));
	assert_true(str_eq_lit(list[4].slug, "draft"));
	assert_int_equal(store_news_all(f->s, &f->a, c, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 1);
}

static void test_the_digest_goes_to_subscribers_with_something_new(void **state)
{
	struct store_test *f = *state;
	int64_t a = add_user(f, "a@example.jp", true);
	int64_t b = add_user(f, "b@example.jp", true);
	int64_t unconfirmed = add_user(f, "c@example.jp", false);
	bool on;
	assert_int_equal(store_news_digest_subscribed(f->s, a, &on), MM_OK);
	assert_false(on);
	assert_int_equal(store_news_digest_subscribe(f->s, a, 100), MM_OK);
	assert_int_equal(store_news_digest_subscribe(f->s, a, 150), MM_OK); /* again: no change */
	assert_int_equal(store_news_digest_subscribe(f->s, b, 300), MM_OK);
	assert_int_equal(store_news_digest_subscribe(f->s, unconfirmed, 100), MM_OK);
	assert_int_equal(store_news_digest_subscribed(f->s, a, &on), MM_OK);
	assert_true(on);
	int64_t latest;
	assert_int_equal(store_news_latest_published(f->s, 1000, &latest), MM_OK);
	assert_int_equal(latest, 0);
	add(f, article("first", true, 200), 1);
	add(f, article("later", true, 2000), 1);
	add(f, article("draft", false, 0), 1);
	assert_int_equal(store_news_latest_published(f->s, 1000, &latest), MM_OK);
	assert_int_equal(latest, 200);
	struct news_digest_recipient *to;
	size_t n;
	/* a subscribed before "first" (covered until 100 < 200); b after it */
	assert_int_equal(store_news_digest_recipients(f->s, &f->a, latest, 0, &to, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(to[0].user_id, a);
	assert_int_equal(to[0].covered_until, 100);
	assert_true(str_eq_lit(to[0].email, "a@example.jp"));
	struct news_article *list;
	assert_int_equal(store_news_published_between(f->s, &f->a, 100, 1000, 20, &list, &n),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_true(str_eq_lit(list[0].slug, "first"));
	assert_int_equal(store_news_digest_covered(f->s, a, 1000), MM_OK);
	assert_int_equal(store_news_digest_recipients(f->s, &f->a, latest, 0, &to, &n), MM_OK);
	assert_int_equal(n, 0);
	/* paging by user id */
	assert_int_equal(store_news_latest_published(f->s, 3000, &latest), MM_OK);
	assert_int_equal(store_news_digest_recipients(f->s, &f->a, latest, a, &to, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(to[0].user_id, b);
	assert_int_equal(store_news_digest_unsubscribe(f->s, b), MM_OK);
	assert_int_equal(store_news_digest_recipients(f->s, &f->a, latest, a, &to, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_an_unsubscribe_link_names_what_it_stops(void **state)
{
	struct store_test *f = *state;
	int64_t u = add_user(f, "links@example.jp", true);
	unsigned char nudges[TOKEN_HASH_BYTES], digest[TOKEN_HASH_BYTES], none[TOKEN_HASH_BYTES];
	memset(nudges, 1, sizeof nudges);
	memset(digest, 2, sizeof digest);
	memset(none, 3, sizeof none);
	assert_int_equal(store_unsubscribe_link_insert(f->s, nudges, u, UNSUBSCRIBE_NUDGES, 1),
	                 MM_OK);
	assert_int_equal(store_unsubscribe_link_insert(f->s, digest, u, UNSUBSCRIBE_NEWS_DIGEST, 1),
	                 MM_OK);
	struct unsubscribe_link link;
	assert_int_equal(store_unsubscribe_link_user(f->s, &f->a, nudges, &link), MM_OK);
	assert_int_equal(link.user_id, u);
	assert_int_equal(link.purpose, UNSUBSCRIBE_NUDGES);
	assert_true(str_eq_lit(link.email, "links@example.jp"));
	assert_int_equal(store_unsubscribe_link_user(f->s, &f->a, digest, &link), MM_OK);
	assert_int_equal(link.purpose, UNSUBSCRIBE_NEWS_DIGEST);
	assert_int_equal(store_unsubscribe_link_user(f->s, &f->a, none, &link), MM_ERR_NOT_FOUND);
	/* the database keeps to the known purposes */
	assert_false(store_test_accepts(f, "UPDATE unsubscribe_link SET purpose = 'other'"));
}

static void test_demo_news_is_loaded_once_with_one_scheduled_and_one_of_a_community(void **state)
{
	struct store_test *f = *state;
	char err[256];
	int inserted;
	/* no community yet: its article waits */
	assert_int_equal(news_demo_seed(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 3);
	int64_t c = add_community(f, "デモの会");
	assert_int_equal(news_demo_seed(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 1);
	assert_int_equal(news_demo_seed(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 0);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM news_article WHERE community_id = %lld",
	         (long long)c);
	assert_int_equal(store_test_int(f, sql), 1);
	struct news_article *list;
	size_t n;
	int64_t total, now = (int64_t)time(NULL);
	struct org_page page = {.offset = 0, .limit = 10};
	assert_int_equal(store_news_public(f->s, &f->a, now, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 3); /* the scheduled one is not public yet */
	assert_int_equal(
	    store_news_public(f->s, &f->a, now + 8 * 86400, 0, page, &list, &n, &total), MM_OK);
	assert_int_equal(total, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_an_article_reads_back_and_its_slug_is_unique),
	    STORE_TEST(test_changed_at_moves_only_when_readers_see_a_change),
	    STORE_TEST(test_the_public_list_has_no_draft_and_nothing_before_its_time),
	    STORE_TEST(test_the_digest_goes_to_subscribers_with_something_new),
	    STORE_TEST(test_an_unsubscribe_link_names_what_it_stops),
	    STORE_TEST(test_demo_news_is_loaded_once_with_one_scheduled_and_one_of_a_community),
	};
	return STORE_TEST_MAIN("news store", tests);
}
