/* Unit tests: the basic security policy area of the store, on SQLite and
 * on PostgreSQL (store_test.h) — a draft saved and read back, versions
 * numbered 1, 2, … per organisation (also when two owners publish at the
 * same moment on two connections), the same text published again without
 * a new version, versions that cannot be changed, the publication hosted,
 * external and withdrawn, a ★★ declaration dropping to ★ when the policy
 * is unpublished, and the latest assessment's answers for suggestions. */
#include <pthread.h>
#include <time.h>

#include "store/assessment.h"
#include "store/org.h"
#include "store/policy.h"
#include "store_test.h"

static int64_t add_user(struct store_test *t, const char *email, const char *name)
{
	struct user u = {.email = str_from(email),
	                 .name = str_from(name),
	                 .password_hash = STR("x"),
	                 .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static struct policy_text text(const char *preamble)
{
	return (struct policy_text){
	    .lang = STR("ja"),
	    .section = {str_from(preamble), STR("経営者が責任を持ちます。"),
	                STR("体制を整えます。"), STR("従業員の取組を進めます。"),
	                STR("法令を守ります。"), STR("事故に備えます。")},
	    .established_on = STR("2025-04-01"),
	    .organisation_name = STR("株式会社テスト"),
	    .representative_title = STR("代表取締役"),
	    .representative_name = STR("山田太郎"),
	};
}

static void test_a_draft_is_saved_and_read_back(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "a@example.jp", "A"), org = store_test_add_org(t, "pub-1"), id;
	struct policy_draft d = {.text = text("当社は情報を守ります。"), .done_steps = 0x3}, got;
	struct str name;
	assert_int_equal(
	    store_policy_organisation_by_public_id(t->s, &t->a, STR("pub-1"), &id, &name), MM_OK);
	assert_int_equal(id, org);
	assert_str_equal(name, "株式会社テスト");
	assert_int_equal(
	    store_policy_organisation_by_public_id(t->s, &t->a, STR("pub-2"), &id, &name),
	    MM_ERR_NOT_FOUND);

	assert_int_equal(store_policy_draft_get(t->s, &t->a, org, &got), MM_ERR_NOT_FOUND);
	assert_int_equal(store_policy_draft_save(t->s, org, &d, user, 10), MM_OK);
	assert_int_equal(store_policy_draft_get(t->s, &t->a, org, &got), MM_OK);
	assert_true(core_policy_text_equal(&got.text, &d.text));
	assert_str_equal(got.text.section[POLICY_PREAMBLE], "当社は情報を守ります。");
	assert_str_equal(got.text.representative_name, "山田太郎");
	assert_int_equal(got.done_steps, 0x3);
	assert_int_equal(got.updated_at, 10);
	/* replaced whole; steps beyond the builder's are dropped */
	d.text = text("改訂しました。");
	d.text.lang = STR("en");
	d.done_steps = 0xff;
	assert_int_equal(store_policy_draft_save(t->s, org, &d, 0, 20), MM_OK);
	assert_int_equal(store_policy_draft_get(t->s, &t->a, org, &got), MM_OK);
	assert_str_equal(got.text.lang, "en");
	assert_str_equal(got.text.section[POLICY_PREAMBLE], "改訂しました。");
	assert_int_equal(got.done_steps, POLICY_ALL_STEPS);
	assert_int_equal(got.updated_at, 20);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_draft"
	                                   " WHERE updated_by IS NULL"),
	                 1);
}

static void test_versions_are_numbered_and_the_same_text_is_published_again(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "a@example.jp", "山田"), org = store_test_add_org(t, "pub-1");
	int64_t other = store_test_add_org(t, "pub-2"), number;
	struct policy_text first = text("第一版"), second = text("第二版");
	struct policy_publication pub;
	struct policy_version v, *list;
	size_t n;
	bool created;
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_ERR_NOT_FOUND);
	assert_int_equal(store_policy_version_list(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_policy_publish(t->s, org, &first, user, 100, &number, &created),
	                 MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(number, 1);
	assert_true(created);
	/* the same text again: version 1 again, its date unchanged */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_policy_publish(t->s, org, &first, user, 150, &number, &created),
	                 MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(number, 1);
	assert_false(created);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_int_equal(pub.kind, POLICY_HOSTED);
	assert_int_equal(pub.version_number, 1);
	assert_int_equal(pub.published_at, 100);
	assert_int_equal(pub.url.n, 0);
	/* another text: version 2; without a caller's transaction too */
	assert_int_equal(store_policy_publish(t->s, org, &second, 0, 200, &number, &created),
	                 MM_OK);
	assert_int_equal(number, 2);
	assert_true(created);
	/* numbers count per organisation */
	assert_int_equal(store_policy_publish(t->s, other, &second, user, 250, &number, &created),
	                 MM_OK);
	assert_int_equal(number, 1);

	assert_int_equal(store_policy_version_get(t->s, &t->a, org, 1, &v), MM_OK);
	assert_int_equal(v.organisation_id, org);
	assert_int_equal(v.number, 1);
	assert_int_equal(v.published_at, 100);
	assert_str_equal(v.published_by_email, "a@example.jp");
	assert_str_equal(v.published_by_name, "山田");
	assert_true(core_policy_text_equal(&v.text, &first));
	assert_int_equal(store_policy_version_get(t->s, &t->a, org, 3, &v), MM_ERR_NOT_FOUND);
	assert_int_equal(store_policy_version_list(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].number, 2); /* newest first, without their text */
	assert_int_equal(list[0].published_by_email.n, 0);
	assert_int_equal(list[0].text.section[POLICY_PREAMBLE].n, 0);
	assert_int_equal(list[1].number, 1);
	assert_str_equal(list[1].published_by_email, "a@example.jp");
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_int_equal(pub.version_number, 2);
	assert_int_equal(pub.published_at, 200);

	/* going back to the text of version 1 makes version 3 */
	assert_int_equal(store_policy_publish(t->s, org, &first, user, 300, &number, &created),
	                 MM_OK);
	assert_int_equal(number, 3);
	assert_true(created);
}

static void test_a_version_cannot_be_changed(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), number;
	struct policy_text first = text("第一版");
	struct policy_version v;
	bool created;
	assert_int_equal(store_policy_publish(t->s, org, &first, 0, 100, &number, &created), MM_OK);
	assert_false(store_test_accepts(t, "UPDATE policy_version SET preamble = 'changed'"));
	assert_false(store_test_accepts(t, "UPDATE policy_version SET published_at = 1"));
	assert_int_equal(store_policy_version_get(t->s, &t->a, org, 1, &v), MM_OK);
	assert_str_equal(v.text.section[POLICY_PREAMBLE], "第一版");
	assert_int_equal(v.published_at, 100);
}

struct publisher {
	struct store *s;
	int64_t org, number;
	bool created;
	enum mm_err result;
};

static void *publish_at_once(void *arg)
{
	struct publisher *p = arg;
	struct policy_text second = text("第二版");
	p->result = store_begin(p->s);
	if (!p->result)
		p->result =
		    store_policy_publish(p->s, p->org, &second, 0, 200, &p->number, &p->created);
	if (!p->result)
		p->result = store_commit(p->s);
	else
		store_rollback(p->s);
	return NULL;
}

/* Two owners publish different texts at the same moment through two
 * connections: versions 1 and 2, whichever store serialises them. */
static void test_two_owners_publishing_at_once_get_two_numbers(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), number;
	struct policy_text first = text("第一版");
	struct publisher other = {.org = org, .result = MM_ERR_DB};
	char err[STORE_ERR_MAX];
	bool created;
	assert_int_equal(store_open(t->address, &other.s, err), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_policy_publish(t->s, org, &first, 0, 100, &number, &created), MM_OK);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, publish_at_once, &other), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	store_close(other.s);
	assert_int_equal(other.result, MM_OK);
	assert_int_equal(number, 1);
	assert_int_equal(other.number, 2);
	assert_true(other.created);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_version"), 2);
	assert_int_equal(store_test_int(t, "SELECT max(number) FROM policy_version"), 2);
}

static void test_a_policy_is_published_hosted_or_external_and_withdrawn(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), number;
	struct policy_text first = text("第一版");
	struct policy_publication pub;
	bool created;
	assert_int_equal(store_policy_unpublish(t->s, org), MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_policy_publish_external(t->s, org, STR("https://example.jp/policy"), 100), MM_OK);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_int_equal(pub.kind, POLICY_EXTERNAL);
	assert_str_equal(pub.url, "https://example.jp/policy");
	assert_int_equal(pub.version_number, 0);
	assert_int_equal(pub.published_at, 100);
	/* the same address again changes nothing; another one does */
	assert_int_equal(
	    store_policy_publish_external(t->s, org, STR("https://example.jp/policy"), 150), MM_OK);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_int_equal(pub.published_at, 100);
	assert_int_equal(
	    store_policy_publish_external(t->s, org, STR("https://example.jp/security"), 160),
	    MM_OK);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_str_equal(pub.url, "https://example.jp/security");
	assert_int_equal(pub.published_at, 160);
	/* hosted instead */
	assert_int_equal(store_policy_publish(t->s, org, &first, 0, 200, &number, &created), MM_OK);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_OK);
	assert_int_equal(pub.kind, POLICY_HOSTED);
	assert_int_equal(pub.version_number, 1);
	assert_int_equal(pub.url.n, 0);
	assert_int_equal(pub.published_at, 200);
	assert_int_equal(store_policy_unpublish(t->s, org), MM_OK);
	assert_int_equal(store_policy_unpublish(t->s, org), MM_ERR_NOT_FOUND);
	assert_int_equal(store_policy_publication_get(t->s, &t->a, org, &pub), MM_ERR_NOT_FOUND);
	/* the versions stay */
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_version"), 1);
}

/* The declarations area is not needed: the rows are written as that area
 * would write them, and the triggers of migration 0007 do the rest. */
static void test_unpublishing_drops_a_two_star_declaration_to_one_star(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), other = store_test_add_org(t, "pub-2"),
	        number;
	struct policy_text first = text("第一版");
	char sql[512];
	bool created;
	assert_int_equal(store_policy_publish(t->s, org, &first, 0, 100, &number, &created), MM_OK);
	assert_int_equal(
	    store_policy_publish_external(t->s, other, STR("https://example.jp/policy"), 100),
	    MM_OK);
	snprintf(sql, sizeof sql,
	         "INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana,"
	         " prefecture, industry, level, status, declared_at, changed_at, policy_url)"
	         " VALUES ('SA-1', %lld, 'A', 'エー', 13, 'I', 2, 'active', 1, 1, '/policy/pub-1'),"
	         " ('SA-2', %lld, 'B', 'ビー', 13, 'I', 2, 'active', 1, 1,"
	         " 'https://example.jp/policy')",
	         (long long)org, (long long)other);
	store_test_exec(t, sql);
	/* published elsewhere: the declaration points there */
	assert_int_equal(
	    store_policy_publish_external(t->s, org, STR("https://example.jp/ours"), 200), MM_OK);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM declaration WHERE public_id = 'SA-1'"
	                                " AND policy_url = 'https://example.jp/ours'"),
	                 1);
	assert_int_equal(store_policy_publish(t->s, org, &first, 0, 300, &number, &created), MM_OK);
	assert_int_equal(number, 1);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM declaration WHERE public_id = 'SA-1'"
	                                " AND policy_url = '/policy/pub-1'"),
	                 1);
	/* unpublished: ★ with no policy, and the change recorded */
	assert_int_equal(store_policy_unpublish(t->s, org), MM_OK);
	assert_int_equal(
	    store_test_int(t, "SELECT level FROM declaration WHERE public_id = 'SA-1'"), 1);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM declaration WHERE public_id = 'SA-1'"
	                                " AND policy_url = '' AND changed_at > 1"),
	                 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration_event e"
	                                   " JOIN declaration d ON d.id = e.declaration_id"
	                                   " WHERE d.public_id = 'SA-1' AND e.kind = 'level'"
	                                   " AND e.from_value = '2' AND e.to_value = '1'"
	                                   " AND e.reason = 'policy_unpublished'"),
	                 1);
	/* the other organisation's stays ★★ */
	assert_int_equal(
	    store_test_int(t, "SELECT level FROM declaration WHERE public_id = 'SA-2'"), 2);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration_event"), 1);
}

static void test_the_latest_assessment_answers_feed_the_suggestions(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), id, taken_at;
	struct check_owner o = {.kind = CHECK_OWNER_ORG, .id = org};
	struct str answers[ASSESSMENT_ITEM_COUNT];
	assert_int_equal(store_policy_latest_answers(t->s, &t->a, org, answers, &taken_at),
	                 MM_ERR_NOT_FOUND);
	const char *const tokens[] = {"s-old", "s-new", "s-tie"};
	const int64_t times[] = {100, 300, 300};
	for (int k = 0; k < 3; k++) {
		struct assessment_result r = {.version = STR("2025.1"),
		                              .submit_token = str_from(tokens[k]),
		                              .taken_at = times[k]};
		for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
			r.answers[i] = STR("done");
		r.answers[k] = STR("not_done");
		assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &id), MM_OK);
	}
	/* the latest: the last taken, the last made of a tie */
	assert_int_equal(store_policy_latest_answers(t->s, &t->a, org, answers, &taken_at), MM_OK);
	assert_int_equal(taken_at, 300);
	assert_str_equal(answers[2], "not_done");
	assert_str_equal(answers[0], "done");
	assert_str_equal(answers[1], "done");
	assert_str_equal(answers[24], "done");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_draft_is_saved_and_read_back),
	    STORE_TEST(test_versions_are_numbered_and_the_same_text_is_published_again),
	    STORE_TEST(test_a_version_cannot_be_changed),
	    STORE_TEST(test_two_owners_publishing_at_once_get_two_numbers),
	    STORE_TEST(test_a_policy_is_published_hosted_or_external_and_withdrawn),
	    STORE_TEST(test_unpublishing_drops_a_two_star_declaration_to_one_star),
	    STORE_TEST(test_the_latest_assessment_answers_feed_the_suggestions),
	};
	return STORE_TEST_MAIN("policy store", tests);
}
