/* Unit tests: the self-assessment area of the store, on SQLite and on
 * PostgreSQL (store_test.h) — drafts saved and resumed by each kind of
 * owner, an anonymous draft's expiry, a draft given to another owner, one
 * result per submit token (also when it is pressed twice at the same
 * moment on two connections), a draft saved while it is being submitted,
 * a result read back whole, an organisation's
 * history oldest first and the result before one, anonymous results
 * attached at log-in and purged after their expiry, and a deleted result's
 * id never given to another (also across migration 0017, which rebuilt
 * the SQLite table to say so). */
#include <pthread.h>
#include <time.h>

#include "lib/embedded.h"

#include "store/assessment.h"
#include "store/org.h"
#include "store_test.h"

static const unsigned char VISITOR[TOKEN_HASH_BYTES] = {1, 2, 3};
static const unsigned char OTHER_VISITOR[TOKEN_HASH_BYTES] = {4, 5, 6};

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

static struct check_owner user_owner(int64_t id)
{
	return (struct check_owner){.kind = CHECK_OWNER_USER, .id = id};
}

static struct check_owner visitor(const unsigned char hash[TOKEN_HASH_BYTES])
{
	struct check_owner o = {.kind = CHECK_OWNER_ANONYMOUS};
	memcpy(o.token_hash, hash, TOKEN_HASH_BYTES);
	return o;
}

static void no_answers(struct str answers[STORE_ASSESSMENT_ITEMS])
{
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		answers[i] = STR("");
}

/* A complete result: every item answered "done" but item 25, "partly". */
static struct assessment_result result(const char *submit_token, int64_t taken_at, int total)
{
	struct assessment_result r = {.version = STR("2025.1"),
	                              .submit_token = str_from(submit_token),
	                              .taken_at = taken_at,
	                              .total = total,
	                              .part = {total / 3, total / 3, total - 2 * (total / 3)}};
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		r.answers[i] = STR("done");
	r.answers[24] = STR("partly");
	return r;
}

static void test_a_draft_is_saved_and_resumed_by_each_kind_of_owner(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "a@example.jp"), org = store_test_add_org(t, "pub-1");
	struct check_owner owners[] = {org_owner(org), user_owner(user), visitor(VISITOR)};
	struct str answers[STORE_ASSESSMENT_ITEMS];
	struct check_draft d;
	int64_t id, again;
	for (size_t k = 0; k < sizeof owners / sizeof owners[0]; k++) {
		const struct check_owner *o = &owners[k];
		assert_int_equal(
		    store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, o, 10, &d),
		    MM_ERR_NOT_FOUND);
		assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, o,
		                                          STR("2025.1"), STR("sub-tok"), 10, 1000,
		                                          &id),
		                 MM_OK);
		/* one draft per owner */
		assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, o,
		                                          STR("2025.1"), STR("other"), 11, 1000,
		                                          &again),
		                 MM_ERR_CONFLICT);
		assert_int_equal(
		    store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, o, 10, &d), MM_OK);
		assert_int_equal(d.id, id);
		assert_str_equal(d.version, "2025.1");
		assert_str_equal(d.submit_token, "sub-tok");
		assert_int_equal(d.updated_at, 10);
		for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
			assert_int_equal(d.answers[i].n, 0);
		/* part 1, then item 2 changed and item 25: the others stay */
		no_answers(answers);
		answers[0] = STR("done");
		answers[1] = STR("not_done");
		assert_int_equal(
		    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, id, answers, 20, 2000),
		    MM_OK);
		no_answers(answers);
		answers[1] = STR("dont_know");
		answers[24] = STR("partly");
		assert_int_equal(
		    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, id, answers, 30, 3000),
		    MM_OK);
		assert_int_equal(
		    store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, o, 30, &d), MM_OK);
		assert_int_equal(d.updated_at, 30);
		assert_str_equal(d.answers[0], "done");
		assert_str_equal(d.answers[1], "dont_know");
		assert_str_equal(d.answers[24], "partly");
		assert_int_equal(d.answers[2].n, 0);
		/* an answer that is no answer is refused, and changes nothing */
		no_answers(answers);
		answers[0] = STR("maybe");
		assert_int_not_equal(
		    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, id, answers, 40, 4000),
		    MM_OK);
		assert_int_equal(
		    store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, o, 30, &d), MM_OK);
		assert_str_equal(d.answers[0], "done");
		assert_int_equal(d.updated_at, 30);
	}
	/* expires_at is kept for the visitor only, and moved by each save */
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"
	                                   " WHERE expires_at = 3000"),
	                 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"
	                                   " WHERE expires_at IS NULL"),
	                 2);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft_answer"), 9);
	for (size_t k = 0; k < sizeof owners / sizeof owners[0]; k++) {
		assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a,
		                                       &owners[k], 30, &d),
		                 MM_OK);
		assert_int_equal(store_check_draft_delete(&STORE_ASSESSMENT_TABLES, t->s, d.id),
		                 MM_OK);
		assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a,
		                                       &owners[k], 30, &d),
		                 MM_ERR_NOT_FOUND);
	}
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft_answer"), 0);
}

static void test_an_anonymous_draft_expires_and_its_token_starts_again(void **state)
{
	struct store_test *t = *state;
	struct check_owner v = visitor(VISITOR);
	struct check_draft d;
	struct str answers[STORE_ASSESSMENT_ITEMS];
	int64_t first, second; /* SQLite may give the freed id again */
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &v, STR("2025.1"),
	                                          STR("tok-1"), 10, 100, &first),
	                 MM_OK);
	no_answers(answers);
	answers[3] = STR("done");
	assert_int_equal(
	    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, first, answers, 20, 200), MM_OK);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &v, 199, &d),
	                 MM_OK);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &v, 200, &d),
	                 MM_ERR_NOT_FOUND);
	/* still stored, and its hash taken: a new draft of the token replaces it */
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &v, STR("2025.1"),
	                                          STR("tok-2"), 200, 300, &second),
	                 MM_OK);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &v, 250, &d),
	                 MM_OK);
	assert_int_equal(d.id, second);
	assert_str_equal(d.submit_token, "tok-2");
	assert_int_equal(d.answers[3].n, 0);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"), 1);
}

static void test_a_draft_is_given_to_another_owner_unless_it_has_one(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "a@example.jp"), org = store_test_add_org(t, "pub-1");
	struct check_owner v = visitor(VISITOR), u = user_owner(user), o = org_owner(org);
	struct check_draft d;
	struct str answers[STORE_ASSESSMENT_ITEMS];
	int64_t anonymous, own;
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &v, STR("2025.1"),
	                                          STR("tok-1"), 10, 1000, &anonymous),
	                 MM_OK);
	no_answers(answers);
	answers[0] = STR("partly");
	assert_int_equal(
	    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, anonymous, answers, 20, 1000),
	    MM_OK);
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &u, STR("2025.1"),
	                                          STR("tok-2"), 10, 0, &own),
	                 MM_OK);
	/* log-in: the visitor's draft becomes the organisation's, answers and all */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_check_draft_move(&STORE_ASSESSMENT_TABLES, t->s, anonymous, &o),
	                 MM_OK);
	/* the user's own draft cannot join it: refused, and the transaction goes on */
	assert_int_equal(store_check_draft_move(&STORE_ASSESSMENT_TABLES, t->s, own, &o),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_check_draft_delete(&STORE_ASSESSMENT_TABLES, t->s, own), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &v, 20, &d),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &u, 20, &d),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &o, 20, &d),
	                 MM_OK);
	assert_int_equal(d.id, anonymous);
	assert_str_equal(d.answers[0], "partly");
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"
	                                   " WHERE token_hash IS NULL AND expires_at IS NULL"),
	                 1);
}

static void test_a_submit_token_makes_one_result_kept_whole(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "a@example.jp"), org = store_test_add_org(t, "pub-1");
	struct check_owner o = org_owner(org), u = user_owner(user), v = visitor(VISITOR);
	struct assessment_result r = result("sub-1", 500, 88), got;
	int64_t id, again, found;
	r.user_id = user;
	assert_int_equal(store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES, t->s,
	                                                       STR("sub-1"), &found),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &id), MM_OK);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &again), MM_ERR_CONFLICT);
	assert_int_equal(store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES, t->s,
	                                                       STR("sub-1"), &found),
	                 MM_OK);
	assert_int_equal(found, id);
	/* a result belongs to an organisation or a visitor, never to a user */
	r.submit_token = STR("sub-2");
	assert_int_equal(store_assessment_result_insert(t->s, &u, &r, &again), MM_ERR_INVALID);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"), 25);

	assert_int_equal(store_assessment_result_get(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.id, id);
	assert_int_equal(got.organisation_id, org);
	assert_int_equal(got.user_id, user);
	assert_int_equal(got.taken_at, 500);
	assert_int_equal(got.expires_at, 0);
	assert_str_equal(got.version, "2025.1");
	assert_str_equal(got.submit_token, "sub-1");
	assert_int_equal(got.total, 88);
	assert_int_equal(got.part[0], 29);
	assert_int_equal(got.part[1], 29);
	assert_int_equal(got.part[2], 30);
	assert_str_equal(got.answers[0], "done");
	assert_str_equal(got.answers[24], "partly");
	for (int i = 0; i < TOKEN_HASH_BYTES; i++)
		assert_int_equal(got.token_hash[i], 0);
	assert_int_equal(store_assessment_result_get(t->s, &t->a, id + 100, &got),
	                 MM_ERR_NOT_FOUND);
	/* the same row without its answers, and its answers on their own */
	struct assessment_result row;
	assert_int_equal(store_assessment_result_row(t->s, &t->a, id, &row), MM_OK);
	assert_int_equal(row.id, id);
	assert_int_equal(row.organisation_id, org);
	assert_int_equal(row.taken_at, 500);
	assert_str_equal(row.submit_token, "sub-1");
	assert_int_equal(row.total, 88);
	assert_int_equal(row.part[2], 30);
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		assert_int_equal(row.answers[i].n, 0);
	assert_int_equal(
	    store_check_result_answers(&STORE_ASSESSMENT_TABLES, t->s, &t->a, id, row.answers),
	    MM_OK);
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		assert_true(str_eq(row.answers[i], got.answers[i]));
	assert_str_equal(row.answers[0], "done");
	assert_str_equal(row.answers[24], "partly");
	assert_int_equal(store_assessment_result_row(t->s, &t->a, id + 100, &row),
	                 MM_ERR_NOT_FOUND);
	/* no answers at all: not (or no longer) a result */
	assert_int_equal(store_check_result_answers(&STORE_ASSESSMENT_TABLES, t->s, &t->a, id + 100,
	                                            row.answers),
	                 MM_ERR_NOT_FOUND);

	/* a visitor's: the token hash and expiry kept, no user */
	r = result("sub-3", 600, -25);
	r.expires_at = 9000;
	assert_int_equal(store_assessment_result_insert(t->s, &v, &r, &id), MM_OK);
	assert_int_equal(store_assessment_result_get(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.organisation_id, 0);
	assert_int_equal(got.user_id, 0);
	assert_int_equal(got.expires_at, 9000);
	assert_int_equal(got.total, -25);
	assert_memory_equal(got.token_hash, VISITOR, TOKEN_HASH_BYTES);

	/* inside the caller's transaction, a duplicate leaves nothing behind */
	r = result("sub-3", 700, 10);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &again), MM_ERR_CONFLICT);
	store_rollback(t->s);
	/* a result of a bad answer is refused whole */
	r = result("sub-4", 700, 10);
	r.answers[7] = STR("maybe");
	assert_int_not_equal(store_assessment_result_insert(t->s, &o, &r, &again), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 2);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"), 50);
}

/* What the submit page does in its transaction (pages/assessment): the
 * result the submit token made already, or else a new one from the draft,
 * which is then deleted. */
struct submit {
	struct store *s;
	struct arena a;
	int64_t org, id;
	bool made;
	enum mm_err result;
};

static enum mm_err submit_begin(struct submit *x)
{
	struct check_owner o = org_owner(x->org);
	struct check_draft d;
	struct assessment_result r = result("sub-1", 500, 50);
	enum mm_err e = store_begin(x->s);
	if (e)
		return e;
	e = store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES, x->s, STR("sub-1"),
	                                          &x->id);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = store_check_draft_get(&STORE_ASSESSMENT_TABLES, x->s, &x->a, &o, 100, &d)))
		return e;
	if ((e = store_assessment_result_insert(x->s, &o, &r, &x->id)))
		return e;
	x->made = true;
	return store_check_draft_delete(&STORE_ASSESSMENT_TABLES, x->s, d.id);
}

static void *submit_at_once(void *arg)
{
	struct submit *x = arg;
	x->result = submit_begin(x);
	if (!x->result)
		x->result = store_commit(x->s);
	else
		store_rollback(x->s);
	return NULL;
}

/* The submit button pressed twice at the same moment, the two requests
 * on two connections: the second finds the first one's result. */
static void test_a_submit_pressed_twice_at_once_makes_one_result(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), draft;
	struct check_owner o = org_owner(org);
	char err[STORE_ERR_MAX];
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &o, STR("2025.1"),
	                                          STR("sub-1"), 10, 0, &draft),
	                 MM_OK);
	struct submit first = {.s = t->s, .org = org}, second = {.org = org, .result = MM_ERR_DB};
	arena_init(&first.a, 64 * 1024);
	arena_init(&second.a, 64 * 1024);
	assert_int_equal(store_open(t->address, &second.s, err), MM_OK);
	assert_int_equal(submit_begin(&first), MM_OK);
	assert_true(first.made);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, submit_at_once, &second), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	store_close(second.s);
	arena_free(&first.a);
	arena_free(&second.a);
	assert_int_equal(second.result, MM_OK);
	assert_false(second.made);
	assert_int_equal(second.id, first.id);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"), 0);
}

struct save {
	struct store *s;
	int64_t draft;
	enum mm_err result;
};

static void *save_at_once(void *arg)
{
	struct save *x = arg;
	struct str answers[STORE_ASSESSMENT_ITEMS];
	no_answers(answers);
	answers[0] = STR("not_done");
	x->result =
	    store_check_draft_save(&STORE_ASSESSMENT_TABLES, x->s, x->draft, answers, 200, 0);
	return NULL;
}

/* A save from another tab while the draft is being submitted: it waits,
 * then finds the draft gone, rather than changing answers the result was
 * just made from. */
static void test_a_save_during_a_submit_finds_the_draft_gone(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), draft;
	struct check_owner o = org_owner(org);
	struct str answers[STORE_ASSESSMENT_ITEMS];
	char err[STORE_ERR_MAX];
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &o, STR("2025.1"),
	                                          STR("sub-1"), 10, 0, &draft),
	                 MM_OK);
	no_answers(answers);
	answers[0] = STR("done");
	assert_int_equal(
	    store_check_draft_save(&STORE_ASSESSMENT_TABLES, t->s, draft, answers, 20, 0), MM_OK);
	struct save other = {.draft = draft, .result = MM_ERR_DB};
	struct check_draft d;
	struct assessment_result r = result("sub-1", 500, 50);
	int64_t id;
	assert_int_equal(store_open(t->address, &other.s, err), MM_OK);
	/* the submit has read the draft when the save comes */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_check_result_id_by_submit_token(&STORE_ASSESSMENT_TABLES, t->s,
	                                                       STR("sub-1"), &id),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &o, 100, &d),
	                 MM_OK);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, save_at_once, &other), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		r.answers[i] = d.answers[i].n ? d.answers[i] : STR("done");
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &id), MM_OK);
	assert_int_equal(store_check_draft_delete(&STORE_ASSESSMENT_TABLES, t->s, d.id), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	store_close(other.s);
	assert_int_equal(other.result, MM_ERR_CONFLICT);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"), 0);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft_answer"), 0);
}

static void test_the_history_is_oldest_first_and_knows_the_result_before(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), other = store_test_add_org(t, "pub-2");
	struct check_owner o = org_owner(org), p = org_owner(other);
	struct assessment_summary *list;
	size_t n;
	int64_t late, early, tied_a, tied_b, elsewhere, previous;
	struct assessment_result r = result("s-late", 300, 90);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &late), MM_OK);
	r = result("s-early", 100, 40);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &early), MM_OK);
	r = result("s-tied-a", 200, 60);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &tied_a), MM_OK);
	r = result("s-tied-b", 200, 70);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &tied_b), MM_OK);
	r = result("s-other", 250, 10);
	assert_int_equal(store_assessment_result_insert(t->s, &p, &r, &elsewhere), MM_OK);

	assert_int_equal(store_assessment_history(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 4);
	assert_int_equal(list[0].id, early);
	assert_int_equal(list[1].id, tied_a); /* the same time: in the order taken */
	assert_int_equal(list[2].id, tied_b);
	assert_int_equal(list[3].id, late);
	assert_int_equal(list[0].taken_at, 100);
	assert_int_equal(list[3].total, 90);
	assert_int_equal(list[3].part[2], 30);
	assert_str_equal(list[1].version, "2025.1");

	assert_int_equal(
	    store_check_result_previous(&STORE_ASSESSMENT_TABLES, t->s, org, late, &previous),
	    MM_OK);
	assert_int_equal(previous, tied_b);
	assert_int_equal(
	    store_check_result_previous(&STORE_ASSESSMENT_TABLES, t->s, org, tied_b, &previous),
	    MM_OK);
	assert_int_equal(previous, tied_a);
	assert_int_equal(
	    store_check_result_previous(&STORE_ASSESSMENT_TABLES, t->s, org, tied_a, &previous),
	    MM_OK);
	assert_int_equal(previous, early);
	assert_int_equal(
	    store_check_result_previous(&STORE_ASSESSMENT_TABLES, t->s, org, early, &previous),
	    MM_ERR_NOT_FOUND);
	assert_int_equal(store_check_result_previous(&STORE_ASSESSMENT_TABLES, t->s, other,
	                                             elsewhere, &previous),
	                 MM_ERR_NOT_FOUND);

	assert_int_equal(store_assessment_history(t->s, &t->a, org + other + 1, &list, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_a_visitors_results_are_attached_at_log_in_or_purged(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), moved, id, draft;
	struct check_owner v = visitor(VISITOR), w = visitor(OTHER_VISITOR), o = org_owner(org);
	struct assessment_summary *list;
	struct check_draft d;
	size_t n;
	struct assessment_result r = result("s-1", 100, 50);
	r.expires_at = 1000;
	assert_int_equal(store_assessment_result_insert(t->s, &v, &r, &id), MM_OK);
	r = result("s-2", 110, 55);
	r.expires_at = 500; /* expired by the time of log-in */
	assert_int_equal(store_assessment_result_insert(t->s, &v, &r, &id), MM_OK);
	r = result("s-3", 120, 60);
	r.expires_at = 1000;
	assert_int_equal(store_assessment_result_insert(t->s, &w, &r, &id), MM_OK);
	assert_int_equal(store_check_draft_create(&STORE_ASSESSMENT_TABLES, t->s, &w, STR("2025.1"),
	                                          STR("s-4"), 100, 500, &draft),
	                 MM_OK);

	assert_int_equal(
	    store_check_results_attach(&STORE_ASSESSMENT_TABLES, t->s, VISITOR, org, 600, &moved),
	    MM_OK);
	assert_int_equal(moved, 1);
	assert_int_equal(
	    store_check_results_attach(&STORE_ASSESSMENT_TABLES, t->s, VISITOR, org, 600, &moved),
	    MM_OK);
	assert_int_equal(moved, 0);
	assert_int_equal(store_assessment_history(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].total, 50);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM assessment_result"
	                                " WHERE organisation_id IS NOT NULL AND token_hash IS NULL"
	                                " AND expires_at IS NULL"),
	                 1);

	/* at 600: the expired result and the expired draft go, the rest stays */
	assert_int_equal(store_check_purge_expired(&STORE_ASSESSMENT_TABLES, t->s, 600), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 2);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"), 50);
	assert_int_equal(store_check_draft_get(&STORE_ASSESSMENT_TABLES, t->s, &t->a, &w, 400, &d),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_draft"), 0);
	/* at 1000 the other visitor's result goes too; the attached one stays */
	assert_int_equal(store_check_purge_expired(&STORE_ASSESSMENT_TABLES, t->s, 1000), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 1);
	assert_int_equal(store_assessment_history(t->s, &t->a, o.id, &list, &n), MM_OK);
	assert_int_equal(n, 1);
}

static void test_an_organisation_is_found_by_its_public_id(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "pub-1"), id;
	assert_int_equal(store_assessment_org_id_by_public_id(t->s, STR("pub-1"), &id), MM_OK);
	assert_int_equal(id, org);
	assert_int_equal(store_assessment_org_id_by_public_id(t->s, STR("pub-2"), &id),
	                 MM_ERR_NOT_FOUND);
}

/* Deletes an organisation on the raw connection as the program would:
 * with SQLite's foreign keys on, so its results go by cascade. */
static void delete_org(struct store_test *t, const char *public_id)
{
	char sql[128];
	if (t->backend == STORE_TEST_SQLITE)
		store_test_exec(t, "PRAGMA foreign_keys = ON");
	snprintf(sql, sizeof sql, "DELETE FROM organisation WHERE public_id = '%s'", public_id);
	store_test_exec(t, sql);
}

/* The render cache and the result's address are keyed by its id: an id
 * freed by deleting the newest result (its organisation deleted, or an
 * anonymous result purged) must not come back. */
static void test_a_deleted_results_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t first = store_test_add_org(t, "pub-1"), older, newest, next;
	struct check_owner o = org_owner(first), v = visitor(VISITOR);
	struct assessment_result r = result("s-1", 100, 50);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &older), MM_OK);
	r = result("s-2", 110, 60);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &newest), MM_OK);
	assert_true(newest > older);
	delete_org(t, "pub-1");
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 0);

	o = org_owner(store_test_add_org(t, "pub-2"));
	r = result("s-3", 120, 70);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &next), MM_OK);
	assert_true(next > newest);
	delete_org(t, "pub-2");

	/* an anonymous result purged after its expiry */
	r = result("s-4", 130, 80);
	r.expires_at = 200;
	assert_int_equal(store_assessment_result_insert(t->s, &v, &r, &newest), MM_OK);
	assert_true(newest > next);
	assert_int_equal(store_check_purge_expired(&STORE_ASSESSMENT_TABLES, t->s, 300), MM_OK);
	r = result("s-5", 140, 90);
	r.expires_at = 1000;
	assert_int_equal(store_assessment_result_insert(t->s, &v, &r, &next), MM_OK);
	assert_true(next > newest);
}

/* Migration 0017 rebuilds assessment_result on SQLite: the results and
 * answers written before it are all still there, with their ids, the
 * answers still go with their result, and the ids given before it are
 * not given again. */
static void test_results_written_before_0017_survive_it(void **state)
{
	struct store_test *t = *state;
	const char *dialect = t->backend == STORE_TEST_SQLITE ? "sqlite" : "postgres";
	int applied;
	char err[STORE_ERR_MAX];
	store_test_exec(t, "CREATE TABLE schema_version (version integer PRIMARY KEY,"
	                   " applied_at text NOT NULL DEFAULT '')");
	for (int n = 1; n < 17; n++) {
		const struct embedded_file *f = store_migration(dialect, n);
		char line[64];
		if (!f)
			continue;
		store_test_exec(t, (const char *)f->data);
		snprintf(line, sizeof line, "INSERT INTO schema_version (version) VALUES (%d)", n);
		store_test_exec(t, line);
	}
	int64_t org = store_test_add_org(t, "pub-1"), other = store_test_add_org(t, "pub-2"), a, b,
	        c, next;
	struct check_owner o = org_owner(org), p = org_owner(other);
	struct assessment_result r = result("s-1", 100, 50), back;
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &a), MM_OK);
	r = result("s-2", 110, 60);
	assert_int_equal(store_assessment_result_insert(t->s, &p, &r, &b), MM_OK);
	r = result("s-3", 120, 70);
	assert_int_equal(store_assessment_result_insert(t->s, &p, &r, &c), MM_OK);

	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 3);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"), 75);
	assert_int_equal(store_assessment_result_get(t->s, &t->a, b, &back), MM_OK);
	assert_int_equal(back.total, 60);
	assert_str_equal(back.answers[24], "partly");
	assert_str_equal(back.submit_token, "s-2");

	/* the answers still go with their result; the freed ids stay used */
	delete_org(t, "pub-2");
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"), 25);
	r = result("s-4", 130, 80);
	assert_int_equal(store_assessment_result_insert(t->s, &o, &r, &next), MM_OK);
	assert_true(next > c);
	assert_int_equal(store_assessment_result_get(t->s, &t->a, a, &back), MM_OK);
	assert_str_equal(back.submit_token, "s-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_draft_is_saved_and_resumed_by_each_kind_of_owner),
	    STORE_TEST(test_an_anonymous_draft_expires_and_its_token_starts_again),
	    STORE_TEST(test_a_draft_is_given_to_another_owner_unless_it_has_one),
	    STORE_TEST(test_a_submit_token_makes_one_result_kept_whole),
	    STORE_TEST(test_a_submit_pressed_twice_at_once_makes_one_result),
	    STORE_TEST(test_a_save_during_a_submit_finds_the_draft_gone),
	    STORE_TEST(test_the_history_is_oldest_first_and_knows_the_result_before),
	    STORE_TEST(test_a_visitors_results_are_attached_at_log_in_or_purged),
	    STORE_TEST(test_an_organisation_is_found_by_its_public_id),
	    STORE_TEST(test_a_deleted_results_id_is_never_given_again),
	    STORE_TEST_EMPTY(test_results_written_before_0017_survive_it),
	};
	return STORE_TEST_MAIN("assessment store", tests);
}
