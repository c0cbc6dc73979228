/* Unit tests: ids that reach an address, an export or a cache are never
 * given twice, on SQLite and on PostgreSQL (store_test.h). For each table
 * migration 0018 is about — organisation, user, link_token,
 * supporter_grant, policy_version, declaration — the newest row is deleted
 * the way the program deletes it and the next row gets a new id; and a
 * database filled before 0018 keeps every row, column, index, trigger and
 * foreign key through it (on SQLite, where the tables are made again),
 * with its foreign keys and its search index sound afterwards. On
 * PostgreSQL an id written by hand is refused. */
#include <stdio.h>
#include <string.h>

#include "lib/embedded.h"
#include "store/account.h"
#include "store/declaration.h"
#include "store/org.h"
#include "store/org_support.h"
#include "store/policy.h"
#include "store_test.h"

static int64_t add_user(struct store_test *t, const char *email)
{
	struct user u = {.email = str_from(email),
	                 .password_hash = STR("x"),
	                 .name = STR("山田"),
	                 .lang = STR("ja"),
	                 .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static int64_t max_id(struct store_test *t, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
	return store_test_int(t, sql);
}

/* The raw connection deletes as the program does: on SQLite, with foreign
 * keys on, so what points at the row goes by cascade. */
static void raw_delete(struct store_test *t, const char *table, int64_t id)
{
	char sql[128];
	if (t->backend == STORE_TEST_SQLITE)
		store_test_exec(t, "PRAGMA foreign_keys = ON");
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = %lld", table, (long long)id);
	store_test_exec(t, sql);
}

static void add_link(struct store_test *t, int64_t user_id, unsigned char tag)
{
	unsigned char hash[TOKEN_HASH_BYTES] = {tag};
	struct link_token link = {.user_id = user_id,
	                          .expires_at = 1000,
	                          .purpose = LINK_RESET,
	                          .email = STR(""),
	                          .role = STR("")};
	assert_int_equal(store_link_insert(t->s, hash, &link, 10), MM_OK);
}

static int64_t add_grant(struct store_test *t, int64_t org, int64_t supporter)
{
	bool created;
	assert_int_equal(
	    store_org_grant_upsert(t->s, org, supporter, ORG_ACCESS_READ, 0, 10, &created), MM_OK);
	assert_true(created);
	return max_id(t, "supporter_grant");
}

static struct policy_text policy_text(void)
{
	return (struct policy_text){
	    .lang = STR("ja"),
	    .section = {STR("前文"), STR("経営者が責任を持ちます。"), STR("体制を整えます。"),
	                STR("従業員の取組を進めます。"), STR("法令を守ります。"),
	                STR("事故に備えます。")},
	    .established_on = STR("2025-04-01"),
	    .organisation_name = STR("株式会社テスト"),
	    .representative_title = STR("代表取締役"),
	    .representative_name = STR("山田太郎"),
	};
}

static int64_t publish(struct store_test *t, int64_t org)
{
	struct policy_text text = policy_text();
	int64_t number;
	bool created;
	assert_int_equal(store_policy_publish(t->s, org, &text, 0, 20, &number, &created), MM_OK);
	assert_true(created);
	return max_id(t, "policy_version");
}

/* A declaration written with the columns every schema since 0007 has, so
 * that it can be made before migration 0018 as well as after it. */
static int64_t declare(struct store_test *t, int64_t org)
{
	static int n;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana,"
	         " prefecture, industry, level, status, declared_at, changed_at)"
	         " VALUES ('9%010d', %lld, '株式会社テスト', 'テスト', 13, 'I', 1, 'active',"
	         " 1700000000, 1700000000)",
	         ++n, (long long)org);
	store_test_exec(t, sql);
	return max_id(t, "declaration");
}

/* ---- a deleted newest row's id is not given again ----------------------- */

static void test_a_deleted_organisations_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t older = store_test_add_org(t, "pub-1"), newest = store_test_add_org(t, "pub-2");
	assert_true(newest > older);
	assert_int_equal(store_org_remove(t->s, newest), MM_OK);
	assert_true(store_test_add_org(t, "pub-3") > newest);
}

static void test_a_deleted_users_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t older = add_user(t, "a@example.jp"), newest = add_user(t, "b@example.jp");
	assert_true(newest > older);
	assert_int_equal(store_user_delete(t->s, newest), MM_OK);
	assert_true(add_user(t, "c@example.jp") > newest);
}

/* An invitation's id is in /org/invitations/{id}/cancel; a link goes with
 * its account. */
static void test_a_deleted_links_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_user(t, "a@example.jp"), b = add_user(t, "b@example.jp");
	add_link(t, a, 1);
	add_link(t, b, 2);
	int64_t newest = max_id(t, "link_token");
	assert_int_equal(store_user_delete(t->s, b), MM_OK);
	assert_int_equal(max_id(t, "link_token"), newest - 1);
	add_link(t, a, 3);
	assert_true(max_id(t, "link_token") > newest);
}

/* A grant's id is in /org/supporters/{id}/revoke; grants go with their
 * organisation. */
static void test_a_deleted_grants_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t supporter = add_user(t, "s@example.jp");
	int64_t one = store_test_add_org(t, "pub-1"), two = store_test_add_org(t, "pub-2");
	int64_t older = add_grant(t, one, supporter), newest = add_grant(t, two, supporter);
	assert_true(newest > older);
	assert_int_equal(store_org_remove(t->s, two), MM_OK);
	assert_int_equal(max_id(t, "supporter_grant"), older);
	assert_true(add_grant(t, store_test_add_org(t, "pub-3"), supporter) > newest);
}

/* Versions go with their organisation. */
static void test_a_deleted_policy_versions_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t one = store_test_add_org(t, "pub-1"), two = store_test_add_org(t, "pub-2");
	int64_t older = publish(t, one), newest = publish(t, two);
	assert_true(newest > older);
	assert_int_equal(store_org_remove(t->s, two), MM_OK);
	assert_int_equal(max_id(t, "policy_version"), older);
	assert_true(publish(t, store_test_add_org(t, "pub-3")) > newest);
}

static void test_a_deleted_declarations_id_is_never_given_again(void **state)
{
	struct store_test *t = *state;
	int64_t older = declare(t, store_test_add_org(t, "pub-1")),
	        newest = declare(t, store_test_add_org(t, "pub-2"));
	assert_true(newest > older);
	raw_delete(t, "declaration", newest);
	assert_int_equal(max_id(t, "declaration"), older);
	assert_true(declare(t, store_test_add_org(t, "pub-3")) > newest);
}

/* PostgreSQL gives each id from its sequence and refuses one written by
 * hand (GENERATED ALWAYS), which could take an id once someone else's. */
static void test_an_id_written_by_hand_is_refused_on_postgres(void **state)
{
	struct store_test *t = *state;
	static const char *const inserts[] = {
	    "INSERT INTO organisation (id, public_id, name, name_kana, prefecture, industry,"
	    " employees) VALUES (900, 'p-900', 'A', 'エー', 13, 'I', 1)",
	    "INSERT INTO \"user\" (id, email, password_hash, created_at)"
	    " VALUES (900, 'x@example.jp', 'x', 1)",
	    "INSERT INTO link_token (id, purpose, token_hash, expires_at, created_at)"
	    " VALUES (900, 'reset', 'h', 1, 1)",
	    "INSERT INTO declaration (id, public_id, org_name, org_name_kana, prefecture, industry,"
	    " level, status, declared_at, changed_at)"
	    " VALUES (900, '90000000019', 'A', 'エー', 13, 'I', 1, 'withdrawn', 1, 1)",
	};
	if (t->backend != STORE_TEST_POSTGRES)
		skip();
	for (size_t i = 0; i < sizeof inserts / sizeof inserts[0]; i++)
		assert_false(store_test_accepts(t, inserts[i]));
}

/* ---- through migration 0018 ------------------------------------------ */

/* The tables 0018 makes again on SQLite, and those that point at them. */
static const char *const KEPT_TABLES[] = {
    "organisation",
    "\"user\"",
    "link_token",
    "supporter_grant",
    "policy_version",
    "declaration",
    "membership",
    "session",
    "supporter",
    "policy_draft",
    "policy_publication",
    "declaration_event",
    "audit",
    "login_device",
    "policy_fetch",
    "assessment_result",
    "assessment_result_answer",
    "verification_change",
};

/* What the schema says, as rows a query can compare before and after. */
static const char SQLITE_COLUMNS[] =
    "SELECT m.name AS t, c.cid, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden"
    " FROM sqlite_schema m, pragma_table_xinfo(m.name) c WHERE m.type = 'table'"
    " AND m.name NOT LIKE 'before%'";
static const char SQLITE_KEYS[] =
    "SELECT m.name AS t, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update,"
    " f.on_delete FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table'";
static const char SQLITE_OBJECTS[] =
    "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger')";
static const char PG_COLUMNS[] =
    "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default,"
    " is_identity FROM information_schema.columns WHERE table_schema = current_schema()"
    " AND table_name NOT LIKE 'before%'";
static const char PG_KEYS[] =
    "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def"
    " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace";
static const char PG_OBJECTS[] = "SELECT tablename, indexname, indexdef FROM pg_indexes"
                                 " WHERE schemaname = current_schema()";

/* Keeps the rows of query as table name. */
static void snapshot(struct store_test *t, const char *name, const char *query)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "CREATE TABLE %s AS %s", name, query);
	store_test_exec(t, sql);
}

/* query gives exactly the rows kept as name. */
static void expect_same(struct store_test *t, const char *name, const char *query)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "SELECT (SELECT count(*) FROM (%s EXCEPT SELECT * FROM %s) AS added)"
	         " + (SELECT count(*) FROM (SELECT * FROM %s EXCEPT %s) AS gone)"
	         " + abs((SELECT count(*) FROM (%s) AS now) - (SELECT count(*) FROM %s))",
	         query, name, name, query, query, name);
	if (store_test_int(t, sql) != 0)
		fail_msg("%s differs from what it was before the migration", name);
}

static void migrate_raw_from_to(struct store_test *t, int first, int last)
{
	const char *dialect = t->backend == STORE_TEST_SQLITE ? "sqlite" : "postgres";
	for (int n = first; n <= last; n++) {
		const struct embedded_file *f = store_migration(dialect, n);
		char line[64];
		if (!f)
			continue;
		store_test_exec(t, (const char *)f->data);
		snprintf(line, sizeof line, "INSERT INTO schema_version (version) VALUES (%d)", n);
		store_test_exec(t, line);
	}
}

static void migrate_raw_up_to(struct store_test *t, int last)
{
	store_test_exec(t, "CREATE TABLE schema_version (version integer PRIMARY KEY,"
	                   " applied_at text NOT NULL DEFAULT '')");
	migrate_raw_from_to(t, 1, last);
}

/* Something in every table 0018 makes again and in each that points at
 * them: two organisations, each with an owner, an invitation, a
 * supporter's grant, a published policy and a declaration with its
 * events; sessions, devices, audit lines, a draft and a fetch. */
static void fill(struct store_test *t, int64_t org[2], int64_t user[3])
{
	org[0] = store_test_add_org(t, "pub-1");
	org[1] = store_test_add_org(t, "pub-2");
	user[0] = add_user(t, "a@example.jp");
	user[1] = add_user(t, "b@example.jp");
	user[2] = add_user(t, "s@example.jp");
	struct org_supporter sup = {.user_id = user[2],
	                            .kind = STR("tax_accountant"),
	                            .organisation_name = STR("税理士事務所"),
	                            .code = STR("CODE-1"),
	                            .prefecture = 13};
	assert_int_equal(store_org_supporter_insert(t->s, &sup, 5), MM_OK);
	for (int i = 0; i < 2; i++) {
		unsigned char hash[TOKEN_HASH_BYTES] = {(unsigned char)(10 + i)};
		struct link_token invite = {.organisation_id = org[i],
		                            .expires_at = 1000,
		                            .invited_by = user[i],
		                            .purpose = LINK_INVITE,
		                            .email = STR("new@example.jp"),
		                            .role = STR("member")};
		struct session se = {.user_id = user[i],
		                     .csrf = STR("c"),
		                     .created_at = 1,
		                     .last_seen_at = 2,
		                     .ip = STR("192.0.2.1"),
		                     .user_agent = STR("test")};
		struct policy_draft draft = {.text = policy_text(), .done_steps = 3};
		assert_int_equal(store_org_member_insert(t->s, org[i], user[i], ORG_ROLE_OWNER, 3),
		                 MM_OK);
		assert_int_equal(store_link_insert(t->s, hash, &invite, 4), MM_OK);
		assert_int_equal(store_session_insert(t->s, hash, &se), MM_OK);
		assert_int_equal(store_login_device_insert(t->s, hash, user[i], 6), MM_OK);
		add_grant(t, org[i], user[2]);
		assert_int_equal(store_policy_draft_save(t->s, org[i], &draft, user[i], 7), MM_OK);
		publish(t, org[i]);
		declare(t, org[i]);
	}
	add_link(t, user[0], 20);
	store_test_exec(t, "INSERT INTO audit (at, actor_user_id, ip, action, organisation_id,"
	                   " target, outcome) SELECT 8, id, '192.0.2.1', 'org.edit', NULL, email,"
	                   " 'ok' FROM \"user\"");
	store_test_exec(t, "INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind)"
	                   " SELECT id, 9, NULL, 'flag_cleared' FROM declaration");
}

/* Migration 0018 makes six tables again on SQLite: what was in them and
 * in the tables that point at them is all still there, column for column,
 * with the same indexes, triggers and foreign keys, and those foreign keys
 * and triggers still act (an organisation deleted takes its members,
 * grants and versions with it and withdraws its declaration); no id
 * given before is given again. */
static void test_a_database_keeps_everything_through_0018(void **state)
{
	struct store_test *t = *state;
	bool sqlite = t->backend == STORE_TEST_SQLITE;
	int64_t org[2], user[3], max_org;
	char err[STORE_ERR_MAX], name[64], query[128];
	int applied;
	migrate_raw_up_to(t, 17);
	fill(t, org, user);
	max_org = max_id(t, "organisation");

	for (size_t i = 0; i < sizeof KEPT_TABLES / sizeof KEPT_TABLES[0]; i++) {
		snprintf(name, sizeof name, "before_%u", (unsigned)i);
		snprintf(query, sizeof query, "SELECT * FROM %s", KEPT_TABLES[i]);
		snapshot(t, name, query);
	}
	snapshot(t, "before_columns", sqlite ? SQLITE_COLUMNS : PG_COLUMNS);
	snapshot(t, "before_keys", sqlite ? SQLITE_KEYS : PG_KEYS);
	snapshot(t, "before_objects", sqlite ? SQLITE_OBJECTS : PG_OBJECTS);

	/* 0018 alone, as the runner applies it (SQLite's foreign keys off
	 * while tables are made again); later migrations change these tables
	 * on purpose, so they come after the comparison. */
	if (sqlite)
		store_test_exec(t, "PRAGMA foreign_keys = OFF");
	migrate_raw_from_to(t, 18, 18);
	if (sqlite)
		store_test_exec(t, "PRAGMA foreign_keys = ON");

	for (size_t i = 0; i < sizeof KEPT_TABLES / sizeof KEPT_TABLES[0]; i++) {
		snprintf(name, sizeof name, "before_%u", (unsigned)i);
		snprintf(query, sizeof query, "SELECT * FROM %s", KEPT_TABLES[i]);
		expect_same(t, name, query);
	}
	if (sqlite) {
		/* only AUTOINCREMENT differs, which no pragma shows */
		expect_same(t, "before_columns", SQLITE_COLUMNS);
		expect_same(t, "before_keys", SQLITE_KEYS);
		expect_same(t, "before_objects", SQLITE_OBJECTS);
		assert_int_equal(store_test_int(t, "SELECT count(*) FROM pragma_foreign_key_check"),
		                 0);
		assert_int_equal(store_test_int(t, "SELECT count(*) FROM pragma_integrity_check"
		                                   " WHERE integrity_check <> 'ok'"),
		                 0);
		store_test_exec(t, "INSERT INTO declaration_fts (declaration_fts, rank)"
		                   " VALUES ('integrity-check', 1)");
		assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration_fts"
		                                   " WHERE declaration_fts MATCH 'テスト'"),
		                 2);
		assert_int_equal(store_test_int(t, "SELECT count(*) FROM sqlite_sequence"
		                                   " WHERE name LIKE 'new_%'"),
		                 0);
	} else {
		/* the identities are ALWAYS now; nothing else changed */
		expect_same(t, "before_keys", PG_KEYS);
		expect_same(t, "before_objects", PG_OBJECTS);
		expect_same(t, "before_columns", PG_COLUMNS);
	}

	/* the later migrations apply on top, and the foreign keys and
	 * triggers act on the tables made again */
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	/* the foreign keys and triggers act on the tables made again */
	assert_int_equal(store_org_remove(t->s, org[1]), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM membership"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM supporter_grant"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_version"), 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM link_token"
	                                   " WHERE purpose = 'invite'"),
	                 1);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM declaration"
	                                " WHERE status = 'withdrawn' AND organisation_id IS NULL"),
	                 1);
	assert_int_equal(store_user_delete(t->s, user[1]), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM session"), 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM audit WHERE actor_user_id IS NULL"), 1);
	assert_true(store_test_add_org(t, "pub-3") > max_org);
	assert_true(add_user(t, "c@example.jp") > user[2]);
}

/* The runner checks every foreign key before it commits (SQLite, whose
 * foreign keys are off while tables are made again): a row that points
 * nowhere stops the migration, and nothing of it is kept. */
static void test_a_migration_leaving_a_row_pointing_nowhere_is_rolled_back(void **state)
{
	struct store_test *t = *state;
	char err[STORE_ERR_MAX];
	int applied;
	if (t->backend != STORE_TEST_SQLITE)
		skip(); /* PostgreSQL checks each key as it is written */
	migrate_raw_up_to(t, 17);
	store_test_exec(t, "INSERT INTO membership VALUES (999, 999, 'owner', 1)");
	assert_int_equal(store_migrate(t->s, &applied, err), MM_ERR_CONFLICT);
	assert_non_null(strstr(err, "membership"));
	assert_int_equal(applied, 0);
	assert_int_equal(store_test_int(t, "SELECT max(version) FROM schema_version"), 17);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM sqlite_schema WHERE name ="
	                                   " 'organisation' AND sql LIKE '%AUTOINCREMENT%'"),
	                 0);

	store_test_exec(t, "DELETE FROM membership");
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM sqlite_schema WHERE name ="
	                                   " 'organisation' AND sql LIKE '%AUTOINCREMENT%'"),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_deleted_organisations_id_is_never_given_again),
	    STORE_TEST(test_a_deleted_users_id_is_never_given_again),
	    STORE_TEST(test_a_deleted_links_id_is_never_given_again),
	    STORE_TEST(test_a_deleted_grants_id_is_never_given_again),
	    STORE_TEST(test_a_deleted_policy_versions_id_is_never_given_again),
	    STORE_TEST(test_a_deleted_declarations_id_is_never_given_again),
	    STORE_TEST(test_an_id_written_by_hand_is_refused_on_postgres),
	    STORE_TEST_EMPTY(test_a_database_keeps_everything_through_0018),
	    STORE_TEST_EMPTY(test_a_migration_leaving_a_row_pointing_nowhere_is_rolled_back),
	};
	return STORE_TEST_MAIN("ids store", tests);
}
