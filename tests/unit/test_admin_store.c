/* Unit tests: the administration area of the store — searches that
 * treat LIKE wildcards literally, paging newest first, membership counts
 * for the deletion checks, audit filters, disabling and promoting, and the
 * erasing of an account's traces before it is deleted. On each store that
 * has the area (store_test.h). */
#include <stdio.h>

#include "store/admin.h"
#include "store/org.h"
#include "store/org_support.h"
#include "store_test.h"

static int64_t add_user(struct store_test *f, const char *email, int64_t created_at)
{
	struct user u = {
	    .email = str_from(email), .password_hash = STR("x"), .created_at = created_at};
	int64_t id;
	assert_int_equal(store_user_insert(f->s, &u, &id), MM_OK);
	return id;
}

static void add_audit(struct store_test *f, int64_t at, int64_t actor, const char *action,
                      const char *target)
{
	struct audit_entry e = {.at = at,
	                        .actor_user_id = actor,
	                        .ip = STR("127.0.0.1"),
	                        .action = str_from(action),
	                        .target = str_from(target),
	                        .detail = STR(""),
	                        .outcome = AUDIT_OK};
	assert_int_equal(store_audit_insert(f->s, &e), MM_OK);
}

static size_t search_users(struct store_test *f, const char *q, int64_t offset, size_t limit,
                           struct user **out, int64_t *total)
{
	size_t n;
	assert_int_equal(
	    store_admin_user_search(f->s, &f->a, str_from(q), offset, limit, out, &n, total),
	    MM_OK);
	return n;
}

static void test_user_search_treats_percent_and_underscore_literally(void **state)
{
	struct store_test *f = *state;
	struct user *u;
	int64_t total;
	add_user(f, "a%b@example.jp", 1);
	add_user(f, "a_b@example.jp", 2);
	add_user(f, "axb@example.jp", 3);
	add_user(f, "a\\b@example.jp", 4);
	assert_int_equal(search_users(f, "%", 0, 50, &u, &total), 1);
	assert_str_equal(u[0].email, "a%b@example.jp");
	assert_int_equal(total, 1);
	assert_int_equal(search_users(f, "a_b", 0, 50, &u, &total), 1);
	assert_str_equal(u[0].email, "a_b@example.jp");
	assert_int_equal(search_users(f, "\\", 0, 50, &u, &total), 1);
	assert_int_equal(search_users(f, "AXB", 0, 50, &u, &total), 1); /* case does not matter */
	assert_int_equal(search_users(f, "", 0, 50, &u, &total), 4);
	assert_int_equal(search_users(f, "nobody", 0, 50, &u, &total), 0);
	assert_int_equal(total, 0);
}

static void test_user_search_pages_newest_first_without_password_hashes(void **state)
{
	struct store_test *f = *state;
	struct user *u;
	int64_t total;
	char email[64];
	for (int i = 1; i <= 5; i++) {
		snprintf(email, sizeof email, "user%d@example.jp", i);
		add_user(f, email, 100 + i);
	}
	assert_int_equal(search_users(f, "user", 2, 2, &u, &total), 2);
	assert_int_equal(total, 5);
	assert_str_equal(u[0].email, "user3@example.jp");
	assert_str_equal(u[1].email, "user2@example.jp");
	assert_int_equal(u[0].password_hash.n, 0);
	assert_int_equal(search_users(f, "user", 10, 2, &u, &total), 0);
	assert_int_equal(total, 5);
}

static void test_memberships_count_owners_and_members(void **state)
{
	struct store_test *f = *state;
	struct admin_membership *m;
	size_t n;
	int64_t owner = add_user(f, "owner@example.jp", 1);
	int64_t member = add_user(f, "member@example.jp", 2);
	int64_t alone = add_user(f, "alone@example.jp", 3);
	store_test_exec(f, "INSERT INTO organisation (public_id, name, name_kana, prefecture, "
	                   "industry, employees) VALUES"
	                   " ('p-1', 'Shared', 'シェア', 13, 'E', 5), ('p-2', 'Alone', "
	                   "'ヒトリ', 13, 'I', 1)");
	int64_t shared = store_test_int(f, "SELECT id FROM organisation WHERE public_id = 'p-1'");
	int64_t single = store_test_int(f, "SELECT id FROM organisation WHERE public_id = 'p-2'");
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO membership VALUES (%lld, %lld, 'owner', 10), (%lld, %lld, 'member', "
	         "11), (%lld, %lld, 'owner', 12)",
	         (long long)shared, (long long)owner, (long long)shared, (long long)member,
	         (long long)single, (long long)alone);
	store_test_exec(f, sql);
	assert_int_equal(store_admin_user_memberships(f->s, &f->a, owner, &m, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(m[0].organisation_name, "Shared");
	assert_str_equal(m[0].role, "owner");
	assert_int_equal(m[0].owners, 1);
	assert_int_equal(m[0].members, 2);
	assert_int_equal(store_admin_user_memberships(f->s, &f->a, alone, &m, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].members, 1);
	assert_int_equal(store_admin_user_memberships(f->s, &f->a, 999, &m, &n), MM_OK);
	assert_int_equal(n, 0);

	struct admin_member *members;
	assert_int_equal(store_admin_organisation_members(f->s, &f->a, shared, &members, &n),
	                 MM_OK);
	assert_int_equal(n, 2);
	assert_str_equal(members[0].role, "owner"); /* owners first */
}

static void test_organisation_search_matches_any_term_and_empty_lists_all(void **state)
{
	struct store_test *f = *state;
	struct admin_organisation *o;
	size_t n;
	int64_t total;
	store_test_exec(f, "INSERT INTO organisation (public_id, name, name_kana, name_en, "
	                   "corporate_number, prefecture, industry,"
	                   " employees) VALUES ('p-1', '北国運輸', 'キタグニウンユ', 'Kitaguni', "
	                   "'4011001098993', 1, 'H', 120),"
	                   " ('p-2', '100%商店', 'ヒャクパーセント', '', NULL, 13, 'I', 3)");
	struct str none[ADMIN_SEARCH_TERMS] = {STR(""), STR(""), STR(""), STR("")};
	assert_int_equal(store_admin_organisation_search(f->s, &f->a, none, 0, 50, &o, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 2);
	struct str kana[ADMIN_SEARCH_TERMS] = {STR("きたぐに"), STR(""), STR("キタグニ"), STR("")};
	assert_int_equal(store_admin_organisation_search(f->s, &f->a, kana, 0, 50, &o, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(o[0].p.name, "北国運輸");
	assert_str_equal(o[0].p.corporate_number, "4011001098993");
	struct str number[ADMIN_SEARCH_TERMS] = {STR("4011-001"), STR(""), STR(""), STR("4011001")};
	assert_int_equal(
	    store_admin_organisation_search(f->s, &f->a, number, 0, 50, &o, &n, &total), MM_OK);
	assert_int_equal(n, 1);
	struct str english[ADMIN_SEARCH_TERMS] = {STR("KITAGUNI"), STR(""), STR(""), STR("")};
	assert_int_equal(
	    store_admin_organisation_search(f->s, &f->a, english, 0, 50, &o, &n, &total), MM_OK);
	assert_int_equal(n, 1); /* case does not matter */
	struct str percent[ADMIN_SEARCH_TERMS] = {STR("%"), STR(""), STR(""), STR("")};
	assert_int_equal(
	    store_admin_organisation_search(f->s, &f->a, percent, 0, 50, &o, &n, &total), MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(o[0].p.name, "100%商店");
	assert_int_equal(store_admin_organisation_by_id(f->s, &f->a, 999, o), MM_ERR_NOT_FOUND);
}

static void test_audit_search_filters_by_action_prefix_actor_and_subject(void **state)
{
	struct store_test *f = *state;
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	int64_t alice = add_user(f, "alice@example.jp", 1),
	        admin = add_user(f, "admin@example.jp", 2);
	char subject[32];
	snprintf(subject, sizeof subject, "user:%lld", (long long)alice);
	add_audit(f, 10, alice, "login", "alice@example.jp");
	add_audit(f, 20, alice, "password.change", "alice@example.jp");
	add_audit(f, 30, admin, "admin.user_disable", subject);
	add_audit(f, 40, admin, "login_x", "");

	struct admin_audit_filter any = {.action_prefix = STR("")};
	assert_int_equal(store_admin_audit_search(f->s, &f->a, &any, 0, 2, &rows, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 4);
	assert_int_equal(rows[0].e.at, 40); /* newest first */
	assert_str_equal(rows[0].actor_email, "admin@example.jp");

	struct admin_audit_filter by_prefix = {.action_prefix = STR("login")};
	assert_int_equal(
	    store_admin_audit_search(f->s, &f->a, &by_prefix, 0, 50, &rows, &n, &total), MM_OK);
	assert_int_equal(n, 2);
	struct admin_audit_filter upper = {.action_prefix = STR("LOGIN")};
	assert_int_equal(store_admin_audit_search(f->s, &f->a, &upper, 0, 50, &rows, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 2); /* case does not matter */
	struct admin_audit_filter wildcard = {.action_prefix = STR("login_")};
	assert_int_equal(store_admin_audit_search(f->s, &f->a, &wildcard, 0, 50, &rows, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(rows[0].e.action, "login_x");

	struct admin_audit_filter actor = {.action_prefix = STR(""), .user_id = alice};
	assert_int_equal(store_admin_audit_search(f->s, &f->a, &actor, 0, 50, &rows, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 2);
	struct admin_audit_filter involving = {
	    .action_prefix = STR(""), .user_id = alice, .by_subject = true};
	assert_int_equal(
	    store_admin_audit_search(f->s, &f->a, &involving, 0, 50, &rows, &n, &total), MM_OK);
	assert_int_equal(n, 3);
	assert_str_equal(rows[0].e.action, "admin.user_disable");
}

static void test_disable_enable_and_promote(void **state)
{
	struct store_test *f = *state;
	struct user u;
	int64_t id = add_user(f, "someone@example.jp", 1);
	assert_int_equal(store_admin_user_set_disabled(f->s, id, 500, STR("spam")), MM_OK);
	assert_int_equal(store_user_by_id(f->s, &f->a, id, &u), MM_OK);
	assert_int_equal(u.disabled_at, 500);
	assert_str_equal(u.disabled_reason, "spam");
	assert_int_equal(store_admin_user_set_disabled(f->s, id, 0, STR("")), MM_OK);
	assert_int_equal(store_user_by_id(f->s, &f->a, id, &u), MM_OK);
	assert_int_equal(u.disabled_at, 0);
	assert_int_equal(u.disabled_reason.n, 0);
	assert_int_equal(store_admin_user_set_disabled(f->s, id, 600, STR("again")), MM_OK);
	assert_int_equal(store_admin_user_promote(f->s, id), MM_OK);
	assert_int_equal(store_user_by_id(f->s, &f->a, id, &u), MM_OK);
	assert_true(u.is_admin);
	assert_int_equal(u.disabled_at, 0); /* promoting re-enables */

	struct admin_counts c;
	assert_int_equal(store_admin_counts(f->s, 0, &c), MM_OK);
	assert_int_equal(c.users, 1);
	assert_int_equal(c.admins, 1);
	assert_int_equal(c.unconfirmed, 1);
	assert_int_equal(c.disabled, 0);
}

static void test_erase_traces_then_delete_leaves_no_address(void **state)
{
	struct store_test *f = *state;
	int64_t gone = add_user(f, "gone@example.jp", 1),
	        other = add_user(f, "other@example.jp", 2);
	add_audit(f, 10, gone, "login", "gone@example.jp");
	add_audit(f, 11, gone, "email.change_requested", "older@example.jp");
	add_audit(f, 12, 0, "login", "GONE@example.jp");
	add_audit(f, 13, gone, "org.update", "Shared Ltd");
	add_audit(f, 14, other, "login", "other@example.jp");
	struct mail m = {STR("Gone@Example.jp"), STR("s"), STR("b")}; /* as typed once */
	assert_int_equal(store_outbox_insert(f->s, &m, 1), MM_OK);
	int64_t failure;
	assert_int_equal(store_login_failure_add(f->s, STR("gone@example.jp"), STR("127.0.0.1"),
	                                         STR("127.0.0.1"), 0, 1, &failure),
	                 MM_OK);

	assert_int_equal(store_admin_user_erase_traces(f->s, gone, STR("gone@example.jp")), MM_OK);
	assert_int_equal(store_user_delete(f->s, gone), MM_OK);
	assert_int_equal(
	    store_test_int(f, "SELECT count(*) FROM audit WHERE lower(target) LIKE '%gone@%'"), 0);
	assert_int_equal(
	    store_test_int(f, "SELECT count(*) FROM audit WHERE target = 'older@example.jp'"), 0);
	assert_int_equal(
	    store_test_int(
	        f,
	        "SELECT count(*) FROM audit WHERE target = 'Shared Ltd' AND actor_user_id IS NULL"),
	    1);
	assert_int_equal(
	    store_test_int(f, "SELECT count(*) FROM audit WHERE target = 'other@example.jp'"), 1);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM audit"), 5); /* entries stay */
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM login_failure"), 0);
}

static void test_counts_take_recent_audit_and_failed_logins_since(void **state)
{
	struct store_test *f = *state;
	struct admin_counts c;
	int64_t a = add_user(f, "a@example.jp", 1);
	add_user(f, "b@example.jp", 2);
	assert_int_equal(store_user_confirm(f->s, a, 3), MM_OK);
	assert_int_equal(store_admin_user_set_disabled(f->s, a, 4, STR("why")), MM_OK);
	store_test_exec(f, "INSERT INTO organisation (public_id, name, name_kana, prefecture, "
	                   "industry, employees) VALUES ('p-1', 'One', 'ワン', 13, 'E', 5)");
	add_audit(f, 10, a, "login", "a@example.jp");
	add_audit(f, 20, a, "logout", "");
	struct audit_entry failed = {.at = 30,
	                             .ip = STR("127.0.0.1"),
	                             .action = STR("login"),
	                             .target = STR("b@example.jp"),
	                             .detail = STR(""),
	                             .outcome = AUDIT_FAILED};
	assert_int_equal(store_audit_insert(f->s, &failed), MM_OK);
	failed.at = 5;
	assert_int_equal(store_audit_insert(f->s, &failed), MM_OK);
	assert_int_equal(store_admin_counts(f->s, 10, &c), MM_OK);
	assert_int_equal(c.users, 2);
	assert_int_equal(c.admins, 0);
	assert_int_equal(c.unconfirmed, 1);
	assert_int_equal(c.disabled, 1);
	assert_int_equal(c.organisations, 1);
	assert_int_equal(c.audit_recent, 3);         /* at 10, 20, 30 */
	assert_int_equal(c.failed_logins_recent, 1); /* the one at 5 is older */
}

static void test_organisation_by_id_and_supporter_read_every_field(void **state)
{
	struct store_test *f = *state;
	struct admin_organisation o;
	struct org_supporter sup;
	int64_t user = add_user(f, "s@example.jp", 1);
	store_test_exec(f, "INSERT INTO organisation (public_id, name, name_kana, name_en, "
	                   "prefecture, industry, employees, capital_yen, sole_proprietor, "
	                   "postal_code, address, website, updated_at, created_at) VALUES"
	                   " ('p-7', '山田商店', 'ヤマダショウテン', 'Yamada', 27, 'I', 3, "
	                   "NULL, true, '530-0001', '大阪市北区', 'https://yamada.example', 99, "
	                   "'2026-01-02T03:04:05Z')");
	int64_t id = store_test_int(f, "SELECT id FROM organisation WHERE public_id = 'p-7'");
	assert_int_equal(store_admin_organisation_by_id(f->s, &f->a, id, &o), MM_OK);
	assert_str_equal(o.p.public_id, "p-7");
	assert_str_equal(o.name_en, "Yamada");
	assert_int_equal(o.p.corporate_number.n, 0);
	assert_int_equal(o.p.prefecture, 27);
	assert_int_equal(o.p.capital_yen, -1);
	assert_true(o.p.sole_proprietor);
	assert_str_equal(o.p.address, "大阪市北区");
	assert_int_equal(o.p.updated_at, 99);
	assert_str_equal(o.created_at, "2026-01-02T03:04:05Z");
	assert_int_equal(o.members, 0);
	/* ASCII case does not matter in an organisation search either */
	struct admin_organisation *found;
	size_t n;
	int64_t total;
	struct str upper[ADMIN_SEARCH_TERMS] = {STR("YAMADA"), STR(""), STR(""), STR("")};
	assert_int_equal(
	    store_admin_organisation_search(f->s, &f->a, upper, 0, 50, &found, &n, &total), MM_OK);
	assert_int_equal(total, 1);

	assert_int_equal(store_org_supporter_by_user(f->s, &f->a, user, &sup), MM_ERR_NOT_FOUND);
	struct org_supporter s = {.user_id = user,
	                          .kind = STR("chamber"),
	                          .prefecture = 27,
	                          .organisation_name = STR("商工会"),
	                          .code = STR("CODE-1")};
	assert_int_equal(store_org_supporter_insert(f->s, &s, 50), MM_OK);
	assert_int_equal(store_org_supporter_by_user(f->s, &f->a, user, &sup), MM_OK);
	assert_str_equal(sup.kind, "chamber");
	assert_int_equal(sup.prefecture, 27);
	assert_str_equal(sup.organisation_name, "商工会");
	assert_str_equal(sup.code, "CODE-1");
	assert_int_equal(sup.created_at, 50);
}

#define FIXTURE(t) STORE_TEST(t)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_user_search_treats_percent_and_underscore_literally),
	    FIXTURE(test_user_search_pages_newest_first_without_password_hashes),
	    FIXTURE(test_memberships_count_owners_and_members),
	    FIXTURE(test_organisation_search_matches_any_term_and_empty_lists_all),
	    FIXTURE(test_audit_search_filters_by_action_prefix_actor_and_subject),
	    FIXTURE(test_disable_enable_and_promote),
	    FIXTURE(test_erase_traces_then_delete_leaves_no_address),
	    FIXTURE(test_counts_take_recent_audit_and_failed_logins_since),
	    FIXTURE(test_organisation_by_id_and_supporter_read_every_field),
	};
	return STORE_TEST_MAIN("admin store", tests);
}
