/* Unit tests: a declaration's public record packed for the verification
 * cache and read back (pages/verify/verify_record.h) — every number and
 * string of the record, of each event and of each revoked declaration
 * comes back as it was, and a value cut short or with bytes after it is
 * refused. */
#include "pages/verify/verify_record.h"
#include "test.h"

/* A struct str of a literal, for static initialisers. */
#define LIT(s)                                                                                     \
	{                                                                                          \
		(s), sizeof(s) - 1                                                                 \
	}

static struct verification_event events[] = {
    {.at = 1700000000,
     .kind = LIT("declared"),
     .from = LIT(""),
     .to = LIT("1"),
     .reason = LIT(""),
     .old_name = LIT(""),
     .old_corporate_number = LIT("")},
    {.at = 1710000000,
     .kind = LIT("renamed"),
     .from = LIT("a"),
     .to = LIT("b"),
     .reason = LIT("merger"),
     .old_name = LIT("旧社名"),
     .old_corporate_number = LIT("1234567890123")},
};

static struct verification_revoked revoked[] = {
    {.declared_at = 1600000000, .revoked_at = 1650000000, .public_id = LIT("90000000019")},
};

static struct verification record(void)
{
	return (struct verification){.public_id = LIT("90000000027"),
	                             .name = LIT("Bの会社"),
	                             .name_kana = LIT("ビーノカイシャ"),
	                             .industry = LIT("G"),
	                             .corporate_number = LIT("7010001000001"),
	                             .policy_url = LIT("https://example.jp/policy"),
	                             .prefecture = 27,
	                             .level = 2,
	                             .status = VERIFICATION_WITHDRAWN,
	                             .declared_at = 1700000000,
	                             .changed_at = 1710000000,
	                             .ended_at = 1720000000,
	                             .identity = LIT("letter"),
	                             .registered_name = LIT("株式会社B"),
	                             .identity_at = 1705000000,
	                             .history = events,
	                             .history_n = 2,
	                             .revoked = revoked,
	                             .revoked_n = 1};
}

static void assert_same_str(struct str a, struct str b)
{
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
}

static void test_record_comes_back_as_it_was_packed(void **state)
{
	struct verification v = record(), back;
	struct str packed;
	assert_int_equal(verify_record_pack(*state, &v, &packed), MM_OK);
	assert_true(verify_record_unpack(*state, packed, &back));
	assert_same_str(back.public_id, v.public_id);
	assert_same_str(back.name, v.name);
	assert_same_str(back.name_kana, v.name_kana);
	assert_same_str(back.industry, v.industry);
	assert_same_str(back.corporate_number, v.corporate_number);
	assert_same_str(back.policy_url, v.policy_url);
	assert_same_str(back.identity, v.identity);
	assert_same_str(back.registered_name, v.registered_name);
	assert_int_equal(back.prefecture, 27);
	assert_int_equal(back.level, 2);
	assert_int_equal(back.status, VERIFICATION_WITHDRAWN);
	assert_int_equal(back.declared_at, v.declared_at);
	assert_int_equal(back.changed_at, v.changed_at);
	assert_int_equal(back.ended_at, v.ended_at);
	assert_int_equal(back.identity_at, v.identity_at);
	assert_int_equal(back.history_n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(back.history[i].at, events[i].at);
		assert_same_str(back.history[i].kind, events[i].kind);
		assert_same_str(back.history[i].from, events[i].from);
		assert_same_str(back.history[i].to, events[i].to);
		assert_same_str(back.history[i].reason, events[i].reason);
		assert_same_str(back.history[i].old_name, events[i].old_name);
		assert_same_str(back.history[i].old_corporate_number,
		                events[i].old_corporate_number);
	}
	assert_int_equal(back.revoked_n, 1);
	assert_int_equal(back.revoked[0].declared_at, revoked[0].declared_at);
	assert_int_equal(back.revoked[0].revoked_at, revoked[0].revoked_at);
	assert_same_str(back.revoked[0].public_id, revoked[0].public_id);
}

static void test_value_cut_short_or_too_long_is_refused(void **state)
{
	struct verification v = record(), back;
	struct str packed;
	assert_int_equal(verify_record_pack(*state, &v, &packed), MM_OK);
	for (size_t n = 0; n < packed.n; n++)
		assert_false(verify_record_unpack(*state, (struct str){packed.p, n}, &back));
	char *longer = arena_alloc(*state, packed.n + 1);
	assert_non_null(longer);
	memcpy(longer, packed.p, packed.n);
	longer[packed.n] = '\0';
	assert_false(verify_record_unpack(*state, (struct str){longer, packed.n + 1}, &back));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_record_comes_back_as_it_was_packed),
	    TEST(test_value_cut_short_or_too_long_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
