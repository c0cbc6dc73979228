/* Unit tests: the organisations area of the store, on SQLite and on
 * PostgreSQL (store_test.h) — profiles kept field by field, corporate
 * numbers unique, one organisation per user, never without an owner (also
 * when two owners step down at the same moment), invitations, supporters
 * and their codes, grants and the client list, an organisation's audit
 * entries, and what deleting an organisation takes with it. */
#include <pthread.h>
#include <time.h>

#include "store/org.h"
#include "store/org_support.h"
#include "store_test.h"

static const unsigned char INVITE_HASH[TOKEN_HASH_BYTES] = {7, 7, 7};

static int64_t add_user(struct store_test *t, const char *email)
{
	struct user u = {.email = str_from(email), .password_hash = STR("x"), .created_at = 1};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static struct org_profile profile(const char *public_id, const char *number, const char *kana,
                                  int prefecture)
{
	return (struct org_profile){
	    .public_id = str_from(public_id),
	    .name = STR("株式会社テスト"),
	    .name_kana = str_from(kana),
	    .corporate_number = str_from(number),
	    .sole_proprietor = number[0] == '\0',
	    .postal_code = STR("100-0001"),
	    .prefecture = prefecture,
	    .address = STR("千代田区千代田1-1"),
	    .industry = STR("I"),
	    .trade = STR("retail"),
	    .employees = 12,
	    .capital_yen = 5000000000LL,
	    .representative_title = STR("代表取締役"),
	    .representative_name = STR("山田太郎"),
	    .contact_name = STR("鈴木"),
	    .contact_email = STR("info@example.jp"),
	    .contact_phone = STR("03-0000-0000"),
	    .website = STR("https://example.jp/"),
	};
}

static int64_t add_org(struct store_test *t, const char *public_id, const char *number,
                       const char *kana, int prefecture)
{
	struct org_profile o = profile(public_id, number, kana, prefecture);
	int64_t id;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	return id;
}

static int64_t add_owned_org(struct store_test *t, const char *public_id, int64_t owner)
{
	int64_t id = add_org(t, public_id, "", "テスト", 13);
	assert_int_equal(store_org_member_insert(t->s, id, owner, ORG_ROLE_OWNER, 100), MM_OK);
	return id;
}

static void test_a_profile_is_kept_field_by_field(void **state)
{
	struct store_test *t = *state;
	struct org_profile o = profile("pub-1", "4011001098993", "テスト", 27), got;
	int64_t id;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.id, id);
	assert_str_equal(got.public_id, "pub-1");
	assert_str_equal(got.name, "株式会社テスト");
	assert_str_equal(got.corporate_number, "4011001098993");
	assert_false(got.sole_proprietor);
	assert_str_equal(got.postal_code, "100-0001");
	assert_int_equal(got.prefecture, 27);
	assert_str_equal(got.address, "千代田区千代田1-1");
	assert_str_equal(got.industry, "I");
	assert_str_equal(got.trade, "retail");
	assert_int_equal(got.employees, 12);
	assert_int_equal(got.capital_yen, 5000000000LL);
	assert_str_equal(got.representative_title, "代表取締役");
	assert_str_equal(got.website, "https://example.jp/");
	assert_int_equal(got.updated_at, 100);
	/* a sole proprietor: no number, no capital */
	o = profile("pub-2", "", "コジン", 1);
	o.capital_yen = -1;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.corporate_number.n, 0);
	assert_true(got.sole_proprietor);
	assert_int_equal(got.capital_yen, -1);
	assert_int_equal(store_org_by_id(t->s, &t->a, id + 100, &got), MM_ERR_NOT_FOUND);
}

static void test_a_corporate_number_belongs_to_one_organisation(void **state)
{
	struct store_test *t = *state;
	int64_t first = add_org(t, "pub-1", "4011001098993", "イチ", 13), id;
	add_org(t, "pub-2", "", "ニ", 13);
	add_org(t, "pub-3", "", "サン", 13); /* without a number: any number of them */
	struct org_profile o = profile("pub-4", "4011001098993", "ヨン", 13);
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_ERR_CONFLICT);
	assert_int_equal(store_org_id_by_corporate_number(t->s, STR("4011001098993"), &id), MM_OK);
	assert_int_equal(id, first);
	assert_int_equal(store_org_id_by_corporate_number(t->s, STR("1234567890123"), &id),
	                 MM_ERR_NOT_FOUND);
	/* a taken public id inside a transaction: draw another and go on */
	o = profile("pub-2", "", "ヨン", 13);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_ERR_CONFLICT);
	o.public_id = STR("pub-5");
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 4);
}

static void test_an_update_keeps_numbers_unique_and_needs_the_public_id(void **state)
{
	struct store_test *t = *state;
	int64_t id = add_org(t, "pub-1", "", "イチ", 13);
	add_org(t, "pub-2", "4011001098993", "ニ", 13);
	struct org_profile o = profile("pub-1", "1234567890123", "カワッタ", 2), got;
	o.id = id;
	assert_int_equal(store_org_update(t->s, &o, 200), MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.name_kana, "カワッタ");
	assert_str_equal(got.corporate_number, "1234567890123");
	assert_int_equal(got.updated_at, 200);
	assert_int_equal(store_begin(t->s), MM_OK);
	o.corporate_number = STR("4011001098993");
	assert_int_equal(store_org_update(t->s, &o, 300), MM_ERR_CONFLICT);
	o.corporate_number = STR("");
	assert_int_equal(store_org_update(t->s, &o, 300), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.corporate_number.n, 0);
	o.public_id = STR("pub-2"); /* another organisation's public id */
	assert_int_equal(store_org_update(t->s, &o, 400), MM_ERR_NOT_FOUND);
}

static void test_a_user_belongs_to_one_organisation(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"),
	        member = add_user(t, "a-member@example.jp");
	int64_t org = add_owned_org(t, "pub-1", owner), other = add_org(t, "pub-2", "", "ニ", 13);
	struct org_membership m;
	struct org_member got, *list;
	size_t n;
	assert_int_equal(store_org_member_insert(t->s, org, member, ORG_ROLE_MEMBER, 200), MM_OK);
	assert_int_equal(store_org_member_insert(t->s, other, member, ORG_ROLE_OWNER, 300),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_org_membership_of(t->s, member, &m), MM_OK);
	assert_int_equal(m.organisation_id, org);
	assert_int_equal(m.role, ORG_ROLE_MEMBER);
	assert_int_equal(store_org_membership_of(t->s, member + owner + 1, &m), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_member_get(t->s, &t->a, org, member, &got), MM_OK);
	assert_str_equal(got.email, "a-member@example.jp");
	assert_int_equal(got.joined_at, 200);
	assert_int_equal(store_org_member_get(t->s, &t->a, other, member, &got), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_member_list(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].role, ORG_ROLE_OWNER); /* owners first, then by address */
	assert_str_equal(list[1].email, "a-member@example.jp");
}

static void test_a_support_bundle_is_kept_and_shown_to_members_only(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), member = add_user(t, "member@example.jp"),
	        stranger = add_user(t, "stranger@example.jp"),
	        other_owner = add_user(t, "o@example.jp");
	int64_t org = add_owned_org(t, "pub-1", owner);
	add_owned_org(t, "pub-2", other_owner); /* names no provider */
	assert_int_equal(store_org_member_insert(t->s, org, member, ORG_ROLE_MEMBER, 200), MM_OK);
	struct org_support sup;
	assert_int_equal(store_org_support_of_member(t->s, &t->a, member, &sup), MM_ERR_NOT_FOUND);
	struct org_profile o = profile("pub-1", "", "テスト", 13), got;
	o.id = org;
	o.support = (struct org_support){STR("見守りネット株式会社"), STR("0120-123-456"),
	                                 STR("https://support.example.jp/")};
	assert_int_equal(store_org_update(t->s, &o, 300), MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, org, &got), MM_OK);
	assert_str_equal(got.support.name, "見守りネット株式会社");
	assert_str_equal(got.support.phone, "0120-123-456");
	assert_str_equal(got.support.url, "https://support.example.jp/");
	assert_int_equal(store_org_support_of_member(t->s, &t->a, member, &sup), MM_OK);
	assert_str_equal(sup.name, "見守りネット株式会社");
	assert_str_equal(sup.phone, "0120-123-456");
	assert_str_equal(sup.url, "https://support.example.jp/");
	assert_int_equal(store_org_support_of_member(t->s, &t->a, owner, &sup), MM_OK);
	assert_int_equal(store_org_support_of_member(t->s, &t->a, stranger, &sup),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_support_of_member(t->s, &t->a, other_owner, &sup),
	                 MM_ERR_NOT_FOUND);
}

static void test_an_organisation_never_loses_its_last_owner(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), second = add_user(t, "second@example.jp");
	int64_t org = add_owned_org(t, "pub-1", owner);
	int64_t stranger = add_user(t, "stranger@example.jp");
	assert_int_equal(store_org_member_set_role(t->s, org, owner, ORG_ROLE_MEMBER),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_org_member_remove(t->s, org, owner), MM_ERR_CONFLICT);
	assert_int_equal(store_org_member_set_role(t->s, org, stranger, ORG_ROLE_OWNER),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_member_remove(t->s, org, stranger), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_member_insert(t->s, org, second, ORG_ROLE_MEMBER, 1), MM_OK);
	assert_int_equal(store_org_member_set_role(t->s, org, second, ORG_ROLE_OWNER), MM_OK);
	assert_int_equal(store_org_member_set_role(t->s, org, owner, ORG_ROLE_MEMBER), MM_OK);
	assert_int_equal(store_org_member_set_role(t->s, org, second, ORG_ROLE_MEMBER),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_org_member_remove(t->s, org, owner), MM_OK); /* a member now */
	/* inside the caller's transaction, a refusal leaves it usable */
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_org_member_remove(t->s, org, second), MM_ERR_CONFLICT);
	assert_int_equal(store_org_member_insert(t->s, org, owner, ORG_ROLE_MEMBER, 2), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM membership"), 2);
}

struct demotion {
	struct store *s;
	int64_t org, user;
	enum mm_err result;
};

static void *demote(void *arg)
{
	struct demotion *d = arg;
	d->result = store_org_member_set_role(d->s, d->org, d->user, ORG_ROLE_MEMBER);
	return NULL;
}

/* Two owners step down at the same moment through two connections: one
 * of them must be refused, whichever store serialises them. */
static void test_two_owners_stepping_down_at_once_leave_one_owner(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_user(t, "a@example.jp"), b = add_user(t, "b@example.jp");
	int64_t org = add_owned_org(t, "pub-1", a);
	char err[STORE_ERR_MAX];
	assert_int_equal(store_org_member_insert(t->s, org, b, ORG_ROLE_OWNER, 1), MM_OK);
	struct demotion other = {.org = org, .user = b, .result = MM_ERR_DB};
	assert_int_equal(store_open(t->address, &other.s, err), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_org_member_set_role(t->s, org, a, ORG_ROLE_MEMBER), MM_OK);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, demote, &other), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	store_close(other.s);
	assert_int_equal(other.result, MM_ERR_CONFLICT);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM membership WHERE role = 'owner'"),
	                 1);
}

static void test_invitations_are_listed_until_used_withdrawn_or_expired(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), org = add_owned_org(t, "pub-1", owner);
	struct org_invitation *list, got;
	size_t n;
	struct link_token invite = {.organisation_id = org,
	                            .purpose = LINK_INVITE,
	                            .expires_at = 1000,
	                            .email = STR("new@example.jp"),
	                            .role = STR("owner")};
	struct link_token older = invite;
	older.email = STR("older@example.jp");
	older.role = STR("member");
	static const unsigned char older_hash[TOKEN_HASH_BYTES] = {8};
	assert_int_equal(store_link_insert(t->s, older_hash, &older, 10), MM_OK);
	assert_int_equal(store_link_insert(t->s, INVITE_HASH, &invite, 20), MM_OK);
	assert_int_equal(store_org_invitation_list(t->s, &t->a, org, 500, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_str_equal(list[0].email, "new@example.jp"); /* newest first */
	assert_int_equal(list[0].role, ORG_ROLE_OWNER);
	assert_str_equal(list[0].organisation_name, "株式会社テスト");
	assert_int_equal(store_org_invitation_peek(t->s, &t->a, INVITE_HASH, 500, &got), MM_OK);
	assert_int_equal(got.organisation_id, org);
	assert_int_equal(store_org_invitation_peek(t->s, &t->a, INVITE_HASH, 1000, &got),
	                 MM_ERR_NOT_FOUND); /* expired */
	assert_int_equal(store_org_invitation_get(t->s, &t->a, org, got.id, 500, &got), MM_OK);
	assert_int_equal(store_org_invitation_get(t->s, &t->a, org + 1, got.id, 500, &got),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_invitation_withdraw(t->s, org, got.id, 600), MM_OK);
	assert_int_equal(store_org_invitation_withdraw(t->s, org, got.id, 600), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_invitation_peek(t->s, &t->a, INVITE_HASH, 500, &got),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_org_invitation_withdraw_email(t->s, org, STR("older@example.jp"), 600), MM_OK);
	assert_int_equal(store_org_invitation_list(t->s, &t->a, org, 500, &list, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_supporters_are_found_by_user_address_and_code(void **state)
{
	struct store_test *t = *state;
	int64_t user = add_user(t, "Zeirishi@example.jp"), other = add_user(t, "other@example.jp");
	struct org_supporter sup = {.user_id = user,
	                            .kind = STR("tax_accountant"),
	                            .prefecture = 13,
	                            .organisation_name = STR("山田税理士事務所"),
	                            .code = STR("CODE-1")},
	                     got;
	assert_int_equal(store_org_supporter_insert(t->s, &sup, 50), MM_OK);
	assert_int_equal(store_org_supporter_insert(t->s, &sup, 50), MM_ERR_CONFLICT);
	struct org_supporter same_code = sup;
	same_code.user_id = other;
	assert_int_equal(store_org_supporter_insert(t->s, &same_code, 50), MM_ERR_CONFLICT);
	assert_int_equal(store_org_supporter_by_user(t->s, &t->a, user, &got), MM_OK);
	assert_str_equal(got.email, "Zeirishi@example.jp");
	assert_str_equal(got.kind, "tax_accountant");
	assert_str_equal(got.organisation_name, "山田税理士事務所");
	assert_int_equal(got.prefecture, 13);
	assert_int_equal(got.created_at, 50);
	assert_int_equal(
	    store_org_supporter_by_email(t->s, &t->a, STR("zeirishi@EXAMPLE.jp"), &got), MM_OK);
	assert_int_equal(store_org_supporter_by_code(t->s, &t->a, STR("CODE-1"), &got), MM_OK);
	assert_int_equal(store_org_supporter_by_code(t->s, &t->a, STR("CODE-2"), &got),
	                 MM_ERR_NOT_FOUND);
	/* a new code; a taken one is refused and the transaction goes on */
	same_code.code = STR("CODE-9");
	assert_int_equal(store_org_supporter_insert(t->s, &same_code, 50), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_org_supporter_set_code(t->s, user, STR("CODE-9")), MM_ERR_CONFLICT);
	assert_int_equal(store_org_supporter_set_code(t->s, user, STR("CODE-2")), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_org_supporter_by_code(t->s, &t->a, STR("CODE-2"), &got), MM_OK);
	assert_int_equal(store_org_supporter_set_code(t->s, user + other, STR("CODE-3")),
	                 MM_ERR_NOT_FOUND);
	/* a disabled account is no one's supporter */
	store_test_exec(t, "UPDATE \"user\" SET disabled_at = 60 WHERE email = 'other@example.jp'");
	assert_int_equal(store_org_supporter_by_code(t->s, &t->a, STR("CODE-9"), &got),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_supporter_by_email(t->s, &t->a, STR("other@example.jp"), &got),
	                 MM_ERR_NOT_FOUND);
}

static void test_a_grant_is_created_changed_listed_and_revoked(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), supporter = add_user(t, "sup@example.jp");
	int64_t org = add_owned_org(t, "pub-1", owner);
	struct org_supporter sup = {.user_id = supporter,
	                            .kind = STR("chamber"),
	                            .prefecture = 40,
	                            .organisation_name = STR("商工会議所"),
	                            .code = STR("C")};
	struct org_grant got, *list;
	enum org_access access;
	size_t n;
	bool created;
	assert_int_equal(store_org_supporter_insert(t->s, &sup, 1), MM_OK);
	assert_int_equal(store_org_grant_access(t->s, org, supporter, &access), MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_org_grant_upsert(t->s, org, supporter, ORG_ACCESS_READ, owner, 10, &created),
	    MM_OK);
	assert_true(created);
	assert_int_equal(
	    store_org_grant_upsert(t->s, org, supporter, ORG_ACCESS_EDIT, owner, 20, &created),
	    MM_OK);
	assert_false(created);
	assert_int_equal(store_org_grant_access(t->s, org, supporter, &access), MM_OK);
	assert_int_equal(access, ORG_ACCESS_EDIT);
	assert_int_equal(store_org_grant_list(t->s, &t->a, org, false, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].granted_at, 10);
	assert_str_equal(list[0].supporter_email, "sup@example.jp");
	assert_str_equal(list[0].supporter_kind, "chamber");
	assert_str_equal(list[0].supporter_organisation, "商工会議所");
	assert_int_equal(list[0].supporter_prefecture, 40);
	assert_str_equal(list[0].organisation_public_id, "pub-1");
	assert_false(list[0].has_score);
	assert_int_equal(list[0].declaration_level, 0);
	int64_t grant = list[0].id;
	assert_int_equal(store_org_grant_get(t->s, &t->a, org, grant, &got), MM_OK);
	assert_int_equal(got.access, ORG_ACCESS_EDIT);
	assert_int_equal(store_org_grant_get(t->s, &t->a, org + 1, grant, &got), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_grant_revoke(t->s, org, grant, 30), MM_OK);
	assert_int_equal(store_org_grant_revoke(t->s, org, grant, 30), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_grant_access(t->s, org, supporter, &access), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_grant_list(t->s, &t->a, org, false, &list, &n), MM_OK);
	assert_int_equal(n, 0);
	/* granted again: a second grant, and the export lists both */
	assert_int_equal(
	    store_org_grant_upsert(t->s, org, supporter, ORG_ACCESS_READ, 0, 40, &created), MM_OK);
	assert_true(created);
	assert_int_equal(store_org_grant_list(t->s, &t->a, org, true, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].revoked_at, 0); /* newest first */
	assert_int_equal(list[1].revoked_at, 30);
}

static void test_a_supporters_clients_are_sorted_paged_and_show_their_standing(void **state)
{
	struct store_test *t = *state;
	int64_t supporter = add_user(t, "sup@example.jp");
	const struct {
		const char *public_id, *kana;
		int prefecture;
	} firms[] = {{"pub-c", "ウエノ", 1}, {"pub-a", "アオキ", 27}, {"pub-b", "イトウ", 13}};
	struct org_grant *list;
	size_t n;
	int64_t total, ids[3];
	bool created;
	for (int i = 0; i < 3; i++) {
		ids[i] = add_org(t, firms[i].public_id, "", firms[i].kana, firms[i].prefecture);
		assert_int_equal(store_org_grant_upsert(t->s, ids[i], supporter, ORG_ACCESS_READ, 0,
		                                        1, &created),
		                 MM_OK);
	}
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
	         " part2, part3, submit_token) VALUES (%lld, 'v1', 10, 40, 10, 10, 20, 't1'),"
	         " (%lld, 'v1', 20, 72, 20, 20, 32, 't2')",
	         (long long)ids[1], (long long)ids[1]);
	store_test_exec(t, sql);
	snprintf(sql, sizeof sql,
	         "INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana,"
	         " prefecture, industry, level, status, declared_at, changed_at)"
	         " VALUES ('90000000019', %lld, 'A', 'アオキ', 27, 'I', 2, 'active', 1, 1)",
	         (long long)ids[1]);
	store_test_exec(t, sql);
	struct org_page page = {.offset = 0, .limit = 2};
	assert_int_equal(store_org_client_list(t->s, &t->a, supporter, ORG_CLIENT_SORT_NAME, page,
	                                       &list, &n, &total),
	                 MM_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_str_equal(list[0].organisation_public_id, "pub-a"); /* gojūon order */
	assert_str_equal(list[1].organisation_public_id, "pub-b");
	assert_true(list[0].has_score);
	assert_int_equal(list[0].latest_score, 72);
	assert_int_equal(list[0].declaration_level, 2);
	assert_false(list[1].has_score);
	page.offset = 2;
	assert_int_equal(store_org_client_list(t->s, &t->a, supporter, ORG_CLIENT_SORT_NAME, page,
	                                       &list, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(list[0].organisation_public_id, "pub-c");
	page.offset = 0;
	page.limit = 10;
	assert_int_equal(store_org_client_list(t->s, &t->a, supporter, ORG_CLIENT_SORT_PREFECTURE,
	                                       page, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].organisation_prefecture, 1);
	assert_int_equal(list[2].organisation_prefecture, 27);
}

static void test_an_organisations_audit_entries_come_newest_first(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), org = add_owned_org(t, "pub-1", owner);
	struct org_audit_item *items;
	size_t n;
	int64_t total;
	for (int i = 1; i <= 3; i++) {
		struct audit_entry e = {.at = i * 10,
		                        .actor_user_id = i == 2 ? 0 : owner,
		                        .organisation_id = org,
		                        .ip = STR("192.0.2.1"),
		                        .action = STR("org.update"),
		                        .target = STR("株式会社テスト"),
		                        .detail = STR(""),
		                        .outcome = AUDIT_OK};
		assert_int_equal(store_audit_insert(t->s, &e), MM_OK);
	}
	struct audit_entry elsewhere = {.at = 99,
	                                .action = STR("login"),
	                                .ip = STR(""),
	                                .target = STR(""),
	                                .detail = STR(""),
	                                .outcome = AUDIT_OK};
	assert_int_equal(store_audit_insert(t->s, &elsewhere), MM_OK);
	assert_int_equal(
	    store_org_audit_list(t->s, &t->a, org, (struct org_page){0, 2}, &items, &n, &total),
	    MM_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].at, 30);
	assert_str_equal(items[0].actor_email, "owner@example.jp");
	assert_str_equal(items[0].outcome, "ok");
	assert_int_equal(items[1].actor_email.n, 0); /* no actor */
}

static void test_deleting_an_organisation_takes_its_memberships_and_grants(void **state)
{
	struct store_test *t = *state;
	int64_t owner = add_user(t, "owner@example.jp"), org = add_owned_org(t, "pub-1", owner);
	struct org_membership m;
	bool created;
	assert_int_equal(store_org_grant_upsert(t->s, org, owner, ORG_ACCESS_READ, 0, 1, &created),
	                 MM_OK);
	assert_int_equal(store_org_remove(t->s, org), MM_OK);
	assert_int_equal(store_org_remove(t->s, org), MM_ERR_NOT_FOUND);
	assert_int_equal(store_org_membership_of(t->s, owner, &m), MM_ERR_NOT_FOUND);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM supporter_grant"), 0);
	/* and the owner may found another */
	add_owned_org(t, "pub-2", owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_profile_is_kept_field_by_field),
	    STORE_TEST(test_a_corporate_number_belongs_to_one_organisation),
	    STORE_TEST(test_an_update_keeps_numbers_unique_and_needs_the_public_id),
	    STORE_TEST(test_a_user_belongs_to_one_organisation),
	    STORE_TEST(test_a_support_bundle_is_kept_and_shown_to_members_only),
	    STORE_TEST(test_an_organisation_never_loses_its_last_owner),
	    STORE_TEST(test_two_owners_stepping_down_at_once_leave_one_owner),
	    STORE_TEST(test_invitations_are_listed_until_used_withdrawn_or_expired),
	    STORE_TEST(test_supporters_are_found_by_user_address_and_code),
	    STORE_TEST(test_a_grant_is_created_changed_listed_and_revoked),
	    STORE_TEST(test_a_supporters_clients_are_sorted_paged_and_show_their_standing),
	    STORE_TEST(test_an_organisations_audit_entries_come_newest_first),
	    STORE_TEST(test_deleting_an_organisation_takes_its_memberships_and_grants),
	};
	return STORE_TEST_MAIN("organisation store", tests);
}
