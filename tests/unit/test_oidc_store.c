/* Unit tests: the sign-in with OpenID Connect in the store (migration
 * 0032), on SQLite and on PostgreSQL (store_test.h): a sign-in is used up
 * once, only by its browser and provider and before it expires; an
 * identity is linked to one account and an account to one identity per
 * provider; a waiting link is taken by its browser, with the mailed token
 * when one is asked for. */
#include "store/oidc.h"
#include "store_test.h"

static int64_t add_user(struct store_test *t, const char *email)
{
	struct user u = {.email = str_from(email),
	                 .password_hash = STR(""),
	                 .name = STR(""),
	                 .lang = STR("ja"),
	                 .created_at = 100};
	int64_t id;
	assert_int_equal(store_user_insert(t->s, &u, &id), MM_OK);
	return id;
}

static void fill(unsigned char h[TOKEN_HASH_BYTES], unsigned char v)
{
	memset(h, v, TOKEN_HASH_BYTES);
}

static void test_a_sign_in_is_taken_once_by_its_browser_before_it_expires(void **state)
{
	struct store_test *t = *state;
	unsigned char st[TOKEN_HASH_BYTES], br[TOKEN_HASH_BYTES], other[TOKEN_HASH_BYTES];
	fill(st, 1);
	fill(br, 2);
	fill(other, 3);
	struct oidc_login l = {.provider = STR("gbiz"),
	                       .nonce = STR("n"),
	                       .code_verifier = STR("v"),
	                       .next = STR("/home"),
	                       .expires_at = 1000},
	                  out;
	assert_int_equal(store_oidc_login_insert(t->s, st, br, &l, 400), MM_OK);
	/* another browser, another provider, too late: nothing, and it stays */
	assert_int_equal(store_oidc_login_take(t->s, &t->a, st, other, STR("gbiz"), 500, &out),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_login_take(t->s, &t->a, st, br, STR("other"), 500, &out),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_login_take(t->s, &t->a, st, br, STR("gbiz"), 1000, &out),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_login_take(t->s, &t->a, st, br, STR("gbiz"), 999, &out), MM_OK);
	assert_str_equal(out.nonce, "n");
	assert_str_equal(out.code_verifier, "v");
	assert_str_equal(out.next, "/home");
	assert_int_equal(store_oidc_login_take(t->s, &t->a, st, br, STR("gbiz"), 999, &out),
	                 MM_ERR_NOT_FOUND);
}

static void test_expired_sign_ins_go_when_a_new_one_is_made(void **state)
{
	struct store_test *t = *state;
	unsigned char st[TOKEN_HASH_BYTES], br[TOKEN_HASH_BYTES];
	fill(br, 2);
	struct oidc_login l = {.provider = STR("gbiz"),
	                       .nonce = STR("n"),
	                       .code_verifier = STR("v"),
	                       .next = STR(""),
	                       .expires_at = 1000};
	fill(st, 1);
	assert_int_equal(store_oidc_login_insert(t->s, st, br, &l, 400), MM_OK);
	fill(st, 4);
	l.expires_at = 2000;
	assert_int_equal(store_oidc_login_insert(t->s, st, br, &l, 1500), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM oidc_login"), 1);
}

static void test_an_identity_links_one_account_and_an_account_one_per_provider(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_user(t, "a@example.jp"), b = add_user(t, "b@example.jp"), id;
	assert_int_equal(store_oidc_identity_insert(t->s, STR("gbiz"), STR("sub-1"), a, 100),
	                 MM_OK);
	assert_int_equal(store_oidc_identity_insert(t->s, STR("gbiz"), STR("sub-1"), b, 100),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_oidc_identity_insert(t->s, STR("gbiz"), STR("sub-2"), a, 100),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_oidc_identity_insert(t->s, STR("other"), STR("sub-1"), b, 100),
	                 MM_OK);
	assert_int_equal(store_oidc_identity_user(t->s, STR("gbiz"), STR("sub-1"), &id), MM_OK);
	assert_int_equal(id, a);
	assert_int_equal(store_oidc_identity_user(t->s, STR("other"), STR("sub-1"), &id), MM_OK);
	assert_int_equal(id, b);
	assert_int_equal(store_oidc_identity_user(t->s, STR("gbiz"), STR("sub-3"), &id),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_identity_touch(t->s, STR("gbiz"), STR("sub-1"), 200), MM_OK);
	int64_t n;
	assert_int_equal(store_oidc_identity_count(t->s, a, &n), MM_OK);
	assert_int_equal(n, 1);
	/* the account goes, its identities with it */
	assert_int_equal(store_user_delete(t->s, a), MM_OK);
	assert_int_equal(store_oidc_identity_user(t->s, STR("gbiz"), STR("sub-1"), &id),
	                 MM_ERR_NOT_FOUND);
}

static void test_a_waiting_link_is_taken_by_its_browser_with_the_mailed_token(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_user(t, "a@example.jp"), id;
	unsigned char br[TOKEN_HASH_BYTES], other[TOKEN_HASH_BYTES], tok[TOKEN_HASH_BYTES],
	    wrong[TOKEN_HASH_BYTES];
	fill(br, 2);
	fill(other, 3);
	fill(tok, 5);
	fill(wrong, 6);
	struct oidc_link l = {.user_id = a,
	                      .expires_at = 1000,
	                      .provider = STR("gbiz"),
	                      .subject = STR("sub-1"),
	                      .corporate_number = STR("1234567890123"),
	                      .next = STR("/home")},
	                 out;
	assert_int_equal(store_oidc_link_put(t->s, br, &l, 100, &id), MM_OK);
	assert_int_equal(store_oidc_link_by_browser(t->s, &t->a, br, 200, &out), MM_OK);
	assert_int_equal(out.user_id, a);
	assert_str_equal(out.corporate_number, "1234567890123");
	assert_int_equal(store_oidc_link_by_browser(t->s, &t->a, other, 200, &out),
	                 MM_ERR_NOT_FOUND);
	/* no token mailed yet: a token takes nothing */
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, tok, 200, &out), MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_link_set_token(t->s, id, tok), MM_OK);
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, wrong, 200, &out), MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_link_take(t->s, &t->a, other, tok, 200, &out),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, tok, 1000, &out), MM_ERR_NOT_FOUND);
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, tok, 200, &out), MM_OK);
	assert_str_equal(out.subject, "sub-1");
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, NULL, 200, &out), MM_ERR_NOT_FOUND);
	/* a new one replaces the browser's earlier one; the password takes it */
	assert_int_equal(store_oidc_link_put(t->s, br, &l, 100, &id), MM_OK);
	assert_int_equal(store_oidc_link_put(t->s, br, &l, 100, &id), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM oidc_link"), 1);
	assert_int_equal(store_oidc_link_take(t->s, &t->a, br, NULL, 200, &out), MM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_a_sign_in_is_taken_once_by_its_browser_before_it_expires),
	    STORE_TEST(test_expired_sign_ins_go_when_a_new_one_is_made),
	    STORE_TEST(test_an_identity_links_one_account_and_an_account_one_per_provider),
	    STORE_TEST(test_a_waiting_link_is_taken_by_its_browser_with_the_mailed_token),
	};
	return STORE_TEST_MAIN("oidc store", tests);
}
