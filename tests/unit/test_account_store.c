/* Unit tests: the accounts area of the store, the outbox and the audit
 * log, on SQLite and on PostgreSQL (store_test.h) — addresses compared
 * without case, duplicates refused without spoiling the caller's
 * transaction, sessions by token hash, single-use links, log-in
 * throttling counts, the outbox's claims under a lease (two senders at
 * once never get the same message; a dead sender's lease runs out) and
 * retries, audit entries
 * without actor or organisation, and times past 2038. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "store/account.h"
#include "store/outbox.h"
#include "store_test.h"

#define LATE 5000000000LL /* a time past 2^31 seconds (2128) */

static const unsigned char HASH_A[TOKEN_HASH_BYTES] = {1, 2, 3, 0, 255};
static const unsigned char HASH_B[TOKEN_HASH_BYTES] = {9, 9, 9};

static int64_t add_user(struct store_test *t, const char *email, int64_t created_at)
{
	struct user u = {.email = str_from(email),
	                 .password_hash = STR("hash"),
	                 .name = STR("名前"),
	                 .created_at = created_at};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static void test_a_user_is_found_by_address_in_any_case_and_by_id(void **state)
{
	struct store_test *t = *state;
	struct user u = {.email = STR("Hanako@Example.jp"),
	                 .password_hash = STR("h"),
	                 .name = STR("山田 花子"),
	                 .lang = STR("en"),
	                 .confirmed_at = LATE,
	                 .is_admin = true,
	                 .created_at = 42};
	struct user got;
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	assert_int_equal(store_user_by_email(t->s, &t->a, STR("hanako@example.JP"), &got), MM_OK);
	assert_int_equal(got.id, id);
	assert_str_equal(got.email, "Hanako@Example.jp");
	assert_str_equal(got.name, "山田 花子");
	assert_str_equal(got.lang, "en");
	assert_int_equal(got.confirmed_at, LATE);
	assert_true(got.is_admin);
	assert_int_equal(got.disabled_at, 0);
	assert_int_equal(got.disabled_reason.n, 0);
	assert_int_equal(got.created_at, 42);
	assert_int_equal(store_user_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.password_hash, "h");
	assert_int_equal(store_user_by_id(t->s, &t->a, id + 1, &got), MM_ERR_NOT_FOUND);
	assert_int_equal(store_user_by_email(t->s, &t->a, STR("nobody@example.jp"), &got),
	                 MM_ERR_NOT_FOUND);

	int64_t plain = add_user(t, "plain@example.jp", 1);
	assert_int_equal(store_user_by_id(t->s, &t->a, plain, &got), MM_OK);
	assert_str_equal(got.lang, "ja"); /* the default */
	assert_int_equal(got.confirmed_at, 0);
	assert_false(got.is_admin);
}

static void test_a_duplicate_address_is_a_conflict_and_the_transaction_goes_on(void **state)
{
	struct store_test *t = *state;
	struct user dup = {.email = STR("TARO@example.jp"), .password_hash = STR("x")};
	int64_t id;
	add_user(t, "taro@example.jp", 1);
	assert_int_equal(store_user_insert(t->s, &dup, &id), MM_ERR_CONFLICT);
	/* as at sign-up: the duplicate is an answer, the rest still happens */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_user_insert(t->s, &dup, &id), MM_ERR_CONFLICT);
	struct mail m = {STR("taro@example.jp"), STR("already registered"), STR("…")};
	assert_int_equal(store_outbox_insert(t->s, &m, 5), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM \"user\""), 1);
}

static void test_confirming_keeps_the_first_time(void **state)
{
	struct store_test *t = *state;
	struct user got;
	int64_t id = add_user(t, "c@example.jp", 1);
	assert_int_equal(store_user_confirm(t->s, id, LATE), MM_OK);
	assert_int_equal(store_user_confirm(t->s, id, LATE + 100), MM_OK);
	assert_int_equal(store_user_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.confirmed_at, LATE);
}

static void test_password_address_and_profile_changes_are_kept(void **state)
{
	struct store_test *t = *state;
	struct user got;
	int64_t id = add_user(t, "old@example.jp", 1);
	add_user(t, "taken@example.jp", 2);
	assert_int_equal(store_user_set_password(t->s, id, STR("new-hash")), MM_OK);
	assert_int_equal(store_user_set_email(t->s, id, STR("new@example.jp")), MM_OK);
	assert_int_equal(store_user_set_profile(t->s, id, STR("鈴木"), STR("en")), MM_OK);
	assert_int_equal(store_user_by_email(t->s, &t->a, STR("NEW@example.jp"), &got), MM_OK);
	assert_str_equal(got.password_hash, "new-hash");
	assert_str_equal(got.name, "鈴木");
	assert_str_equal(got.lang, "en");
	/* someone else's address, in a transaction that goes on */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_user_set_email(t->s, id, STR("Taken@example.jp")), MM_ERR_CONFLICT);
	assert_int_equal(store_user_set_profile(t->s, id, STR("佐藤"), STR("ja")), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_user_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.email, "new@example.jp");
	assert_str_equal(got.name, "佐藤");
}

static struct session session_of(int64_t user_id, int64_t at)
{
	return (struct session){.user_id = user_id,
	                        .created_at = at,
	                        .csrf = STR("csrf-token"),
	                        .ip = STR("192.0.2.1"),
	                        .user_agent = STR("test agent")};
}

static void test_sessions_are_found_by_hash_listed_newest_first_and_deleted(void **state)
{
	struct store_test *t = *state;
	struct session a = session_of(add_user(t, "s@example.jp", 1), 100), got, *list;
	struct session b = session_of(a.user_id, 200);
	size_t n;
	assert_int_equal(store_session_insert(t->s, HASH_A, &a), MM_OK);
	assert_int_equal(store_session_insert(t->s, HASH_B, &b), MM_OK);
	assert_int_equal(store_session_insert(t->s, HASH_A, &b), MM_ERR_CONFLICT);
	assert_int_equal(store_session_by_hash(t->s, &t->a, HASH_A, &got), MM_OK);
	assert_int_equal(got.user_id, a.user_id);
	assert_str_equal(got.csrf, "csrf-token");
	assert_str_equal(got.ip, "192.0.2.1");
	assert_str_equal(got.user_agent, "test agent");
	assert_int_equal(got.last_seen_at, 100);
	int64_t first = got.id;
	assert_int_equal(store_session_touch(t->s, first, LATE), MM_OK);
	assert_int_equal(store_session_list(t->s, &t->a, a.user_id, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, first); /* seen most recently */
	assert_int_equal(list[0].last_seen_at, LATE);
	assert_int_equal(store_session_delete_user(t->s, a.user_id, first), MM_OK);
	assert_int_equal(store_session_by_hash(t->s, &t->a, HASH_B, &got), MM_ERR_NOT_FOUND);
	assert_int_equal(store_session_by_hash(t->s, &t->a, HASH_A, &got), MM_OK);
	assert_int_equal(store_session_delete(t->s, first), MM_OK);
	assert_int_equal(store_session_list(t->s, &t->a, a.user_id, &list, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_deleting_a_user_deletes_their_sessions(void **state)
{
	struct store_test *t = *state;
	struct session a = session_of(add_user(t, "gone@example.jp", 1), 100), got;
	assert_int_equal(store_session_insert(t->s, HASH_A, &a), MM_OK);
	assert_int_equal(store_user_delete(t->s, a.user_id), MM_OK);
	assert_int_equal(store_session_by_hash(t->s, &t->a, HASH_A, &got), MM_ERR_NOT_FOUND);
}

static void test_a_link_is_used_once_for_its_purpose_before_it_expires(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "l@example.jp", 1);
	struct link_token link = {.user_id = user,
	                          .purpose = LINK_RESET,
	                          .expires_at = LATE,
	                          .email = STR("l@example.jp"),
	                          .role = STR("")},
	                  got;
	assert_int_equal(store_link_insert(t->s, HASH_A, &link, 10), MM_OK);
	assert_int_equal(store_link_use(t->s, &t->a, LINK_CONFIRM, HASH_A, 20, &got),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_link_use(t->s, &t->a, LINK_RESET, HASH_A, LATE, &got),
	                 MM_ERR_NOT_FOUND); /* expired at that moment */
	assert_int_equal(store_link_use(t->s, &t->a, LINK_RESET, HASH_A, 20, &got), MM_OK);
	assert_int_equal(got.user_id, user);
	assert_int_equal(got.organisation_id, 0);
	assert_int_equal(got.purpose, LINK_RESET);
	assert_int_equal(got.expires_at, LATE);
	assert_str_equal(got.email, "l@example.jp");
	assert_int_equal(store_link_use(t->s, &t->a, LINK_RESET, HASH_A, 21, &got),
	                 MM_ERR_NOT_FOUND); /* used */
	/* a link without a user (an invitation to an address) */
	struct link_token invite = {.purpose = LINK_INVITE,
	                            .expires_at = 100,
	                            .email = STR("new@example.jp"),
	                            .role = STR("member")};
	assert_int_equal(store_link_insert(t->s, HASH_B, &invite, 10), MM_OK);
	assert_int_equal(store_link_use(t->s, &t->a, LINK_INVITE, HASH_B, 20, &got), MM_OK);
	assert_int_equal(got.user_id, 0);
	assert_str_equal(got.role, "member");
}

static void add_failure(struct store_test *t, const char *email, const char *network,
                        int64_t device, int64_t at, int64_t *id)
{
	assert_int_equal(store_login_failure_add(t->s, str_from(email), STR("192.0.2.200"),
	                                         str_from(network), device, at, id),
	                 MM_OK);
}

static void test_failed_log_ins_are_counted_by_account_device_and_network(void **state)
{
	struct store_test *t = *state;
	struct login_failure_counts c;
	int64_t first, id;
	assert_int_equal(store_login_lock(t->s, STR("a@example.jp"), STR("192.0.2.1")), MM_OK);
	add_failure(t, "a@example.jp", "192.0.2.1", 0, 10, &first);
	add_failure(t, "A@Example.jp", "2001:db8:1:2::/64", 0, 20, &id);
	add_failure(t, "b@example.jp", "192.0.2.1", 0, LATE, &id);
	add_failure(t, "a@example.jp", "2001:db8:1:2::/64", 7, 30, &id); /* from a device */
	assert_true(first > 0 && id > first);
	assert_int_equal(
	    store_login_failure_counts(t->s, STR("a@example.jp"), STR("192.0.2.1"), 7, 0, &c),
	    MM_OK);
	assert_int_equal(c.account, 2); /* the device's own failure is not the account's */
	assert_int_equal(c.account_last, 20);
	assert_int_equal(c.device, 1);
	assert_int_equal(c.device_last, 30);
	assert_int_equal(c.network, 2);
	assert_int_equal(c.network_last, LATE);
	assert_int_equal(store_login_failure_counts(t->s, STR("a@example.jp"),
	                                            STR("2001:db8:1:2::/64"), 0, 15, &c),
	                 MM_OK);
	assert_int_equal(c.account, 1);
	assert_int_equal(c.device, 0);
	assert_int_equal(c.device_last, 0);
	assert_int_equal(c.network, 2);
	assert_int_equal(store_login_failure_clear(t->s, id, STR("A@EXAMPLE.JP")), MM_OK);
	assert_int_equal(
	    store_login_failure_counts(t->s, STR("a@example.jp"), STR("192.0.2.9"), 7, 0, &c),
	    MM_OK);
	assert_int_equal(c.account, 0);
	assert_int_equal(c.device, 0);
	assert_int_equal(c.account_last, 0);
}

static void test_a_device_is_found_only_for_its_own_account(void **state)
{
	struct store_test *t = *state;
	int64_t alice = add_user(t, "alice@example.jp", 1), id;
	add_user(t, "bob@example.jp", 1);
	assert_int_equal(store_login_device_insert(t->s, HASH_A, alice, 100), MM_OK);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("Alice@Example.jp"), 50, &id),
	                 MM_OK);
	assert_true(id > 0);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("bob@example.jp"), 50, &id),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_login_device_find(t->s, HASH_B, STR("alice@example.jp"), 50, &id),
	                 MM_ERR_NOT_FOUND);
	/* not used since the cut-off: forgotten */
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("alice@example.jp"), 101, &id),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("alice@example.jp"), 50, &id),
	                 MM_OK);
	assert_int_equal(store_login_device_touch(t->s, id, 200), MM_OK);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("alice@example.jp"), 150, &id),
	                 MM_OK);
	assert_int_equal(store_login_device_prune(t->s, alice, 300), MM_OK);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("alice@example.jp"), 0, &id),
	                 MM_ERR_NOT_FOUND);
}

/* The account export lists a user's devices: their own only, most
 * recently used first, with the dates and nothing else. */
static void test_a_users_devices_are_listed_most_recently_used_first(void **state)
{
	struct store_test *t = *state;
	int64_t alice = add_user(t, "alice@example.jp", 1), bob = add_user(t, "bob@example.jp", 1);
	static const unsigned char HASH_C[TOKEN_HASH_BYTES] = {7, 7, 7};
	struct login_device *d;
	size_t n;
	int64_t total, id;
	assert_int_equal(store_login_device_list(t->s, &t->a, alice, &d, &n, &total), MM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	assert_int_equal(store_login_device_insert(t->s, HASH_A, alice, 100), MM_OK);
	assert_int_equal(store_login_device_insert(t->s, HASH_B, alice, 110), MM_OK);
	assert_int_equal(store_login_device_insert(t->s, HASH_C, bob, 120), MM_OK);
	assert_int_equal(store_login_device_find(t->s, HASH_A, STR("alice@example.jp"), 0, &id),
	                 MM_OK);
	assert_int_equal(store_login_device_touch(t->s, id, 300), MM_OK);
	assert_int_equal(store_login_device_list(t->s, &t->a, alice, &d, &n, &total), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(d[0].created_at, 100);
	assert_int_equal(d[0].last_used_at, 300);
	assert_int_equal(d[1].created_at, 110);
	assert_int_equal(d[1].last_used_at, 110);
}

static void test_the_outbox_claims_due_mail_oldest_first_and_retries_failures(void **state)
{
	struct store_test *t = *state;
	struct outbox_item *due;
	size_t n;
	struct mail m1 = {STR("1@example.jp"), STR("件名 1"), STR("本文 1")};
	struct mail m2 = {STR("2@example.jp"), STR("s2"), STR("b2")};
	struct mail m3 = {STR("3@example.jp"), STR("s3"), STR("b3")};
	assert_int_equal(store_outbox_insert(t->s, &m2, 200), MM_OK);
	assert_int_equal(store_outbox_insert(t->s, &m1, 100), MM_OK);
	assert_int_equal(store_outbox_insert(t->s, &m3, 300), MM_OK);
	assert_int_equal(store_outbox_claim(t->s, &t->a, 250, STR("a"), 1, &due, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(due[0].to, "1@example.jp");
	assert_str_equal(due[0].subject, "件名 1");
	assert_str_equal(due[0].body, "本文 1");
	assert_int_equal(due[0].attempts, 0);
	assert_int_equal(due[0].due_at, 100);
	int64_t first = due[0].id;
	assert_int_equal(store_outbox_claim(t->s, &t->a, 250, STR("a"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 1); /* the first is leased */
	assert_str_equal(due[0].to, "2@example.jp");
	assert_int_equal(store_outbox_sent(t->s, first, 260), MM_OK);
	assert_int_equal(store_outbox_failed(t->s, due[0].id, LATE, STR("connection refused")),
	                 MM_OK);
	assert_int_equal(store_outbox_claim(t->s, &t->a, 1000, STR("a"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 1); /* sent, not due yet, due */
	assert_str_equal(due[0].to, "3@example.jp");
	assert_int_equal(store_outbox_release(t->s, due[0].id, STR("a")), MM_OK);
	assert_int_equal(store_outbox_claim(t->s, &t->a, LATE, STR("a"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_str_equal(due[0].to, "3@example.jp");
	assert_str_equal(due[1].to, "2@example.jp");
	assert_int_equal(due[1].attempts, 1);
	assert_int_equal(due[1].due_at, LATE);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM outbox"
	                                   " WHERE last_error = 'connection refused'"),
	                 1);
}

static void test_a_lease_keeps_mail_from_other_senders_until_it_runs_out(void **state)
{
	struct store_test *t = *state;
	struct outbox_item *due;
	size_t n;
	struct mail m = {STR("x@example.jp"), STR("s"), STR("b")};
	assert_int_equal(store_outbox_insert(t->s, &m, 1000), MM_OK);
	assert_int_equal(store_outbox_claim(t->s, &t->a, 1000, STR("dead"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 1);
	int64_t id = due[0].id;
	/* the sender "dead" never reports back */
	assert_int_equal(
	    store_outbox_claim(t->s, &t->a, 1000 + OUTBOX_LEASE_S - 1, STR("b"), 10, &due, &n),
	    MM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    store_outbox_claim(t->s, &t->a, 1000 + OUTBOX_LEASE_S, STR("b"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].id, id);
	assert_int_equal(due[0].attempts, 0);
	/* only the lease's holder releases it */
	assert_int_equal(store_outbox_release(t->s, id, STR("dead")), MM_OK);
	assert_int_equal(
	    store_outbox_claim(t->s, &t->a, 1000 + OUTBOX_LEASE_S + 1, STR("c"), 10, &due, &n),
	    MM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_outbox_release(t->s, id, STR("b")), MM_OK);
	assert_int_equal(
	    store_outbox_claim(t->s, &t->a, 1000 + OUTBOX_LEASE_S + 1, STR("c"), 10, &due, &n),
	    MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_outbox_sent(t->s, id, 2000), MM_OK);
	assert_int_equal(store_outbox_claim(t->s, &t->a, LATE, STR("c"), 10, &due, &n), MM_OK);
	assert_int_equal(n, 0); /* sent: never again */
	/* a sent message is not released by a late holder */
	assert_int_equal(store_outbox_release(t->s, id, STR("c")), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM outbox WHERE sent_at = 2000"), 1);
}

#define CLAIM_MAIL 200 /* messages two senders drain at once */

struct claimer {
	const char *address, *name;
	pthread_barrier_t *start;
	int64_t ids[CLAIM_MAIL];
	size_t n, rounds;
	enum mm_err e;
};

/* Claims a few messages at a time on a connection of its own until none
 * is left. */
static void *claim_all(void *arg)
{
	struct claimer *c = arg;
	struct store *s = NULL;
	char err[STORE_ERR_MAX];
	struct arena a;
	c->e = store_open(c->address, &s, err);
	pthread_barrier_wait(c->start); /* both connections open: claim at once */
	if (c->e)
		return NULL;
	arena_init(&a, 1024 * 1024);
	for (;;) {
		struct outbox_item *due;
		size_t n;
		arena_reset(&a);
		if ((c->e = store_outbox_claim(s, &a, 1000, str_from(c->name), 3, &due, &n)) || !n)
			break;
		c->rounds++;
		for (size_t i = 0; i < n && c->n < CLAIM_MAIL; i++)
			c->ids[c->n++] = due[i].id;
		/* sending takes a while: the other sender's claim comes between */
		nanosleep(&(struct timespec){0, 500 * 1000}, NULL);
	}
	arena_free(&a);
	store_close(s);
	return NULL;
}

static void test_two_senders_claiming_at_once_never_get_the_same_mail(void **state)
{
	struct store_test *t = *state;
	struct mail m = {STR("many@example.jp"), STR("s"), STR("b")};
	assert_int_equal(store_begin(t->s), MM_OK);
	for (int i = 0; i < CLAIM_MAIL; i++)
		assert_int_equal(store_outbox_insert(t->s, &m, 1000), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	static struct claimer c[2];
	pthread_t th[2];
	pthread_barrier_t start;
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (int i = 0; i < 2; i++) {
		c[i] = (struct claimer){
		    .address = t->address, .name = i ? "second" : "first", .start = &start};
		assert_int_equal(pthread_create(&th[i], NULL, claim_all, &c[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	pthread_barrier_destroy(&start);
	assert_int_equal(c[0].e, MM_OK);
	assert_int_equal(c[1].e, MM_OK);
	assert_int_equal(c[0].n + c[1].n, CLAIM_MAIL); /* every message, once */
	for (size_t i = 0; i < c[0].n; i++)
		for (size_t j = 0; j < c[1].n; j++)
			assert_true(c[0].ids[i] != c[1].ids[j]);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < c[k].n; i++)
			for (size_t j = i + 1; j < c[k].n; j++)
				assert_true(c[k].ids[i] != c[k].ids[j]);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM outbox WHERE leased_by = 'first'"),
	                 (int64_t)c[0].n);
	printf("# claims: first %zu in %zu rounds, second %zu in %zu rounds\n", c[0].n, c[0].rounds,
	       c[1].n, c[1].rounds);
}

static void test_an_audit_entry_without_actor_or_organisation_keeps_none(void **state)
{
	struct store_test *t = *state;
	int64_t actor = add_user(t, "actor@example.jp", 1);
	struct audit_entry anonymous = {.at = LATE,
	                                .ip = STR("192.0.2.1"),
	                                .action = STR("login"),
	                                .target = STR("x@example.jp"),
	                                .detail = STR(""),
	                                .outcome = AUDIT_FAILED};
	struct audit_entry made = {.at = 10,
	                           .actor_user_id = actor,
	                           .ip = STR(""),
	                           .action = STR("password.change"),
	                           .target = STR(""),
	                           .detail = STR("詳細"),
	                           .outcome = AUDIT_DENIED};
	assert_int_equal(store_audit_insert(t->s, &anonymous), MM_OK);
	assert_int_equal(store_audit_insert(t->s, &made), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM audit WHERE actor_user_id IS NULL"
	                                   " AND organisation_id IS NULL AND outcome = 'failed'"
	                                   " AND at = 5000000000"),
	                 1);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM audit WHERE actor_user_id IS NOT NULL"
	                                " AND outcome = 'denied' AND detail = '詳細'"),
	                 1);
	/* the entries outlive their actor */
	assert_int_equal(store_user_delete(t->s, actor), MM_OK);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM audit WHERE actor_user_id IS NULL"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_user_is_found_by_address_in_any_case_and_by_id),
	    STORE_TEST(test_a_duplicate_address_is_a_conflict_and_the_transaction_goes_on),
	    STORE_TEST(test_confirming_keeps_the_first_time),
	    STORE_TEST(test_password_address_and_profile_changes_are_kept),
	    STORE_TEST(test_sessions_are_found_by_hash_listed_newest_first_and_deleted),
	    STORE_TEST(test_deleting_a_user_deletes_their_sessions),
	    STORE_TEST(test_a_link_is_used_once_for_its_purpose_before_it_expires),
	    STORE_TEST(test_failed_log_ins_are_counted_by_account_device_and_network),
	    STORE_TEST(test_a_device_is_found_only_for_its_own_account),
	    STORE_TEST(test_a_users_devices_are_listed_most_recently_used_first),
	    STORE_TEST(test_the_outbox_claims_due_mail_oldest_first_and_retries_failures),
	    STORE_TEST(test_a_lease_keeps_mail_from_other_senders_until_it_runs_out),
	    STORE_TEST(test_two_senders_claiming_at_once_never_get_the_same_mail),
	    STORE_TEST(test_an_audit_entry_without_actor_or_organisation_keeps_none),
	};
	return STORE_TEST_MAIN("account store", tests);
}
