/* Unit tests: the management self-check area of the store, on SQLite and
 * on PostgreSQL (store_test.h) — a draft saved and resumed by each kind of
 * owner, one result per submit token with its scores and answers read back
 * whole, an organisation's history oldest first with the result before one
 * and the latest, anonymous results attached at log-in and purged after
 * their expiry, and scores outside 0–500 refused by the schema. */
#include "store/management.h"
#include "store/org.h"
#include "store_test.h"

static const unsigned char VISITOR[TOKEN_HASH_BYTES] = {7, 8, 9};

static int64_t add_user(struct store_test *t, const char *email)
{
	struct user u = {.email = str_from(email), .password_hash = STR("x"), .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static struct check_owner org_owner(int64_t id)
{
	return (struct check_owner){.kind = CHECK_OWNER_ORG, .id = id};
}

static struct check_owner visitor(const unsigned char hash[TOKEN_HASH_BYTES])
{
	struct check_owner o = {.kind = CHECK_OWNER_ANONYMOUS};
	memcpy(o.token_hash, hash, TOKEN_HASH_BYTES);
	return o;
}

static void no_answers(struct str answers[STORE_MANAGEMENT_QUESTIONS])
{
	for (int i = 0; i < STORE_MANAGEMENT_QUESTIONS; i++)
		answers[i] = STR("");
}

/* A result of 40 questions: "3" everywhere but question 40, "dont_know";
 * directive d scores overall + d. */
static struct management_result result(const char *submit_token, int64_t taken_at, int overall)
{
	struct management_result r = {.version = STR("v1"),
	                              .submit_token = str_from(submit_token),
	                              .taken_at = taken_at,
	                              .scores = {.overall = overall, .dont_know = 1}};
	no_answers(r.answers);
	for (int i = 0; i < 40; i++)
		r.answers[i] = STR("3");
	r.answers[39] = STR("dont_know");
	for (int d = 0; d < STORE_MANAGEMENT_DIRECTIVES; d++)
		r.scores.directive[d] = overall + d;
	return r;
}

static void test_a_draft_is_saved_and_resumed_by_each_kind_of_owner(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "m@example.jp"), org = store_test_add_org(t, "pub-1");
	struct check_owner owners[] = {
	    org_owner(org), {.kind = CHECK_OWNER_USER, .id = user}, visitor(VISITOR)};
	struct str answers[STORE_MANAGEMENT_QUESTIONS];
	struct check_draft d;
	int64_t id, again;
	for (size_t k = 0; k < sizeof owners / sizeof owners[0]; k++) {
		const struct check_owner *o = &owners[k];
		assert_int_equal(
		    store_check_draft_get(&STORE_MANAGEMENT_TABLES, t->s, &t->a, o, 10, &d),
		    MM_ERR_NOT_FOUND);
		assert_int_equal(store_check_draft_create(&STORE_MANAGEMENT_TABLES, t->s, o,
		                                          STR("v1"), STR("tok"), 10, 1000, &id),
		                 MM_OK);
		assert_int_equal(store_check_draft_create(&STORE_MANAGEMENT_TABLES, t->s, o,
		                                          STR("v1"), STR("x"), 11, 1000, &again),
		                 MM_ERR_CONFLICT);
		no_answers(answers);
		answers[0] = STR("0");
		answers[59] = STR("dont_know");
		assert_int_equal(
		    store_check_draft_save(&STORE_MANAGEMENT_TABLES, t->s, id, answers, 20, 2000),
		    MM_OK);
		no_answers(answers);
		answers[0] = STR("5");
		assert_int_equal(
		    store_check_draft_save(&STORE_MANAGEMENT_TABLES, t->s, id, answers, 30, 3000),
		    MM_OK);
		assert_int_equal(
		    store_check_draft_get(&STORE_MANAGEMENT_TABLES, t->s, &t->a, o, 30, &d), MM_OK);
		assert_int_equal(d.id, id);
		assert_str_equal(d.version, "v1");
		assert_str_equal(d.submit_token, "tok");
		assert_int_equal(d.updated_at, 30);
		assert_str_equal(d.answers[0], "5");
		assert_str_equal(d.answers[59], "dont_know");
		assert_int_equal(d.answers[1].n, 0);
		/* a level outside 0–5 is refused and changes nothing */
		no_answers(answers);
		answers[0] = STR("6");
		assert_int_not_equal(
		    store_check_draft_save(&STORE_MANAGEMENT_TABLES, t->s, id, answers, 40, 4000),
		    MM_OK);
		assert_int_equal(
		    store_check_draft_get(&STORE_MANAGEMENT_TABLES, t->s, &t->a, o, 30, &d), MM_OK);
		assert_str_equal(d.answers[0], "5");
	}
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_draft"
	                                   " WHERE expires_at = 3000"),
	                 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_draft_answer"), 6);
	/* the visitor's draft is none once expired */
	assert_int_equal(
	    store_check_draft_get(&STORE_MANAGEMENT_TABLES, t->s, &t->a, &owners[2], 3000, &d),
	    MM_ERR_NOT_FOUND);
}

static void test_a_submit_token_makes_one_result_kept_whole(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "m@example.jp"), org = store_test_add_org(t, "pub-1");
	struct check_owner o = org_owner(org), u = {.kind = CHECK_OWNER_USER, .id = user};
	struct management_result r = result("sub-1", 500, 250), got;
	int64_t id, again, found;
	r.user_id = user;
	assert_int_equal(store_check_result_id_by_submit_token(&STORE_MANAGEMENT_TABLES, t->s,
	                                                       STR("sub-1"), &found),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_management_result_insert(t->s, &o, &r, &id), MM_OK);
	assert_int_equal(store_management_result_insert(t->s, &o, &r, &again), MM_ERR_CONFLICT);
	assert_int_equal(store_check_result_id_by_submit_token(&STORE_MANAGEMENT_TABLES, t->s,
	                                                       STR("sub-1"), &found),
	                 MM_OK);
	assert_int_equal(found, id);
	r.submit_token = STR("sub-2");
	assert_int_equal(store_management_result_insert(t->s, &u, &r, &again), MM_ERR_INVALID);
	/* a score above level 5 is refused, with no answers left behind */
	r.scores.directive[9] = 501;
	assert_int_not_equal(store_management_result_insert(t->s, &o, &r, &again), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_result"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_result_answer"), 40);

	assert_int_equal(store_management_result_get(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.organisation_id, org);
	assert_int_equal(got.user_id, user);
	assert_int_equal(got.taken_at, 500);
	assert_str_equal(got.version, "v1");
	assert_str_equal(got.submit_token, "sub-1");
	assert_int_equal(got.scores.overall, 250);
	assert_int_equal(got.scores.dont_know, 1);
	for (int d = 0; d < STORE_MANAGEMENT_DIRECTIVES; d++)
		assert_int_equal(got.scores.directive[d], 250 + d);
	assert_str_equal(got.answers[0], "3");
	assert_str_equal(got.answers[39], "dont_know");
	assert_int_equal(got.answers[40].n, 0);
	assert_int_equal(store_management_result_get(t->s, &t->a, id + 100, &got),
	                 MM_ERR_NOT_FOUND);
}

static void test_the_history_is_oldest_first_and_knows_the_result_before(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), other = store_test_add_org(t, "pub-2");
	struct check_owner o = org_owner(org), p = org_owner(other);
	struct management_summary *list, latest;
	size_t n;
	int64_t late, early, elsewhere, previous;
	struct management_result r = result("s-late", 300, 400);
	assert_int_equal(store_management_result_insert(t->s, &o, &r, &late), MM_OK);
	r = result("s-early", 100, 120);
	assert_int_equal(store_management_result_insert(t->s, &o, &r, &early), MM_OK);
	r = result("s-other", 250, 10);
	assert_int_equal(store_management_result_insert(t->s, &p, &r, &elsewhere), MM_OK);

	assert_int_equal(store_management_history(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, early);
	assert_int_equal(list[1].id, late);
	assert_int_equal(list[1].scores.overall, 400);
	assert_int_equal(list[1].scores.directive[9], 409);
	assert_int_equal(store_management_latest(t->s, &t->a, org, &latest), MM_OK);
	assert_int_equal(latest.id, late);
	assert_int_equal(latest.scores.directive[0], 400);
	assert_int_equal(store_management_latest(t->s, &t->a, org + other + 1, &latest),
	                 MM_ERR_NOT_FOUND);

	assert_int_equal(
	    store_check_result_previous(&STORE_MANAGEMENT_TABLES, t->s, org, late, &previous),
	    MM_OK);
	assert_int_equal(previous, early);
	assert_int_equal(
	    store_check_result_previous(&STORE_MANAGEMENT_TABLES, t->s, org, early, &previous),
	    MM_ERR_NOT_FOUND);
	assert_int_equal(store_check_result_previous(&STORE_MANAGEMENT_TABLES, t->s, other,
	                                             elsewhere, &previous),
	                 MM_ERR_NOT_FOUND);
}

static void test_a_visitors_results_are_attached_at_log_in_or_purged(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), moved, id;
	struct check_owner v = visitor(VISITOR);
	struct management_summary *list;
	size_t n;
	struct management_result r = result("s-1", 100, 200);
	r.expires_at = 1000;
	assert_int_equal(store_management_result_insert(t->s, &v, &r, &id), MM_OK);
	r = result("s-2", 110, 300);
	r.expires_at = 500;
	assert_int_equal(store_management_result_insert(t->s, &v, &r, &id), MM_OK);
	assert_int_equal(
	    store_check_results_attach(&STORE_MANAGEMENT_TABLES, t->s, VISITOR, org, 600, &moved),
	    MM_OK);
	assert_int_equal(moved, 1);
	assert_int_equal(store_management_history(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].scores.overall, 200);
	assert_int_equal(store_check_purge_expired(&STORE_MANAGEMENT_TABLES, t->s, 600), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_result"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM management_result_answer"), 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_draft_is_saved_and_resumed_by_each_kind_of_owner),
	    STORE_TEST(test_a_submit_token_makes_one_result_kept_whole),
	    STORE_TEST(test_the_history_is_oldest_first_and_knows_the_result_before),
	    STORE_TEST(test_a_visitors_results_are_attached_at_log_in_or_purged),
	};
	return STORE_TEST_MAIN("management store", tests);
}
