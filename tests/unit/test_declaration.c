/* Unit tests: the declaration state machine (every action from every
 * state), revocation reasons, and the review signals. */
#include "core/declaration.h"
#include "test.h"

static const struct declaration_state NONE = {DECLARATION_NONE, 0, false};
static const struct declaration_state ACTIVE_ONE = {DECLARATION_ACTIVE, 1, false};
static const struct declaration_state ACTIVE_TWO = {DECLARATION_ACTIVE, 2, false};
static const struct declaration_state WITHDRAWN = {DECLARATION_WITHDRAWN, 1, false};
static const struct declaration_state REVOKED = {DECLARATION_REVOKED, 2, false};

/* A request that satisfies every action. */
static struct declaration_request full(void)
{
	return (struct declaration_request){.level = 1,
	                                    .pledged = true,
	                                    .has_assessment = true,
	                                    .has_policy = true,
	                                    .details_changed = true,
	                                    .reason = STR("misuse"),
	                                    .note = STR("mark on a fake site")};
}

static enum declaration_refusal run(struct declaration_state from, enum declaration_action action,
                                    const struct declaration_request *req,
                                    struct declaration_state *to)
{
	return core_declaration_transition(from, action, req, to);
}

/* ---- declare ------------------------------------------------------------------ */

static void test_declare_one_star_from_nothing_is_active(void **state)
{
	(void)state;
	struct declaration_request req = {.level = 1, .pledged = true};
	struct declaration_state to;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
	assert_int_equal(to.level, 1);
	assert_false(to.flagged);
}

static void test_declare_keeps_the_review_flag_without_blocking(void **state)
{
	(void)state;
	struct declaration_request req = {.level = 1, .pledged = true, .flagged = true};
	struct declaration_state to;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
	assert_true(to.flagged);
}

static void test_declare_without_pledge_is_refused(void **state)
{
	(void)state;
	struct declaration_request req = {.level = 1};
	struct declaration_state to;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_REFUSED_NO_PLEDGE);
	assert_int_equal(to.status, DECLARATION_NONE);
}

static void test_declare_bad_level_is_refused(void **state)
{
	(void)state;
	const int levels[] = {0, 3, -1, 12};
	struct declaration_state to;
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		struct declaration_request req = full();
		req.level = levels[i];
		assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to),
		                 DECLARATION_REFUSED_LEVEL);
	}
}

static void test_declare_two_stars_needs_assessment_then_policy(void **state)
{
	(void)state;
	struct declaration_request req = {.level = 2, .pledged = true};
	struct declaration_state to;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to),
	                 DECLARATION_REFUSED_NO_ASSESSMENT);
	req.has_assessment = true;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_REFUSED_NO_POLICY);
	req = (struct declaration_request){.level = 2, .pledged = true, .has_policy = true};
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to),
	                 DECLARATION_REFUSED_NO_ASSESSMENT);
	req.has_assessment = true;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.level, 2);
}

static void test_declare_one_star_ignores_missing_prerequisites(void **state)
{
	(void)state;
	struct declaration_request req = {.level = 1, .pledged = true};
	struct declaration_state to;
	assert_int_equal(run(NONE, DECLARATION_DECLARE, &req, &to), DECLARATION_ALLOWED);
}

static void test_declare_on_an_existing_declaration_is_refused(void **state)
{
	(void)state;
	const struct declaration_state from[] = {ACTIVE_ONE, ACTIVE_TWO, WITHDRAWN, REVOKED};
	struct declaration_request req = full();
	struct declaration_state to;
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		assert_int_equal(run(from[i], DECLARATION_DECLARE, &req, &to),
		                 DECLARATION_REFUSED_EXISTS);
		assert_int_equal(to.status, from[i].status);
	}
}

/* ---- upgrade and downgrade ------------------------------------------------------- */

static void test_upgrade_one_to_two_with_prerequisites(void **state)
{
	(void)state;
	struct declaration_request req = full();
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_UPGRADE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.level, 2);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
}

static void test_upgrade_without_prerequisites_says_which(void **state)
{
	(void)state;
	struct declaration_request req = {0};
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_UPGRADE, &req, &to),
	                 DECLARATION_REFUSED_NO_ASSESSMENT);
	req.has_assessment = true;
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_UPGRADE, &req, &to),
	                 DECLARATION_REFUSED_NO_POLICY);
	assert_int_equal(to.level, 1);
}

static void test_upgrade_at_two_stars_is_refused(void **state)
{
	(void)state;
	struct declaration_request req = full();
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_TWO, DECLARATION_UPGRADE, &req, &to),
	                 DECLARATION_REFUSED_LEVEL);
}

static void test_downgrade_two_to_one(void **state)
{
	(void)state;
	struct declaration_request req = {0};
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_TWO, DECLARATION_DOWNGRADE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.level, 1);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_DOWNGRADE, &req, &to),
	                 DECLARATION_REFUSED_LEVEL);
}

/* ---- details, withdraw, revoke ------------------------------------------------------- */

static void test_details_need_a_change(void **state)
{
	(void)state;
	struct declaration_request req = {0};
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_DETAILS, &req, &to),
	                 DECLARATION_REFUSED_NO_CHANGE);
	req.details_changed = true;
	assert_int_equal(run(ACTIVE_TWO, DECLARATION_DETAILS, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.level, 2);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
}

static void test_withdraw_active_is_final(void **state)
{
	(void)state;
	struct declaration_request req = {0};
	struct declaration_state to;
	assert_int_equal(run(ACTIVE_TWO, DECLARATION_WITHDRAW, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.status, DECLARATION_WITHDRAWN);
	assert_int_equal(to.level, 2); /* the history keeps the level it had */
}

static void test_revoke_needs_reason_and_note(void **state)
{
	(void)state;
	struct declaration_request req = full();
	struct declaration_state to, flagged = {DECLARATION_ACTIVE, 1, true};
	req.reason = STR("");
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_REVOKE, &req, &to),
	                 DECLARATION_REFUSED_REASON);
	req.reason = STR("because");
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_REVOKE, &req, &to),
	                 DECLARATION_REFUSED_REASON);
	req.reason = STR("false_information");
	req.note = STR("  \t ");
	assert_int_equal(run(ACTIVE_ONE, DECLARATION_REVOKE, &req, &to), DECLARATION_REFUSED_NOTE);
	req.note = STR("address does not exist");
	assert_int_equal(run(flagged, DECLARATION_REVOKE, &req, &to), DECLARATION_ALLOWED);
	assert_int_equal(to.status, DECLARATION_REVOKED);
	assert_false(to.flagged); /* out of the queue */
}

/* Every action except declare and clear-flag needs an active declaration. */
static void test_nothing_changes_a_declaration_that_is_not_active(void **state)
{
	(void)state;
	const struct declaration_state from[] = {NONE, WITHDRAWN, REVOKED};
	const enum declaration_action actions[] = {DECLARATION_UPGRADE, DECLARATION_DOWNGRADE,
	                                           DECLARATION_DETAILS, DECLARATION_WITHDRAW,
	                                           DECLARATION_REVOKE};
	struct declaration_request req = full();
	struct declaration_state to;
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
		for (size_t k = 0; k < sizeof actions / sizeof actions[0]; k++) {
			struct declaration_state f = from[i];
			f.level = f.status == DECLARATION_NONE ? 0 : (k % 2 ? 2 : 1);
			assert_int_equal(run(f, actions[k], &req, &to),
			                 DECLARATION_REFUSED_NOT_ACTIVE);
			assert_memory_equal(&to, &f, sizeof to);
		}
}

static void test_clear_flag_in_every_state_while_flagged(void **state)
{
	(void)state;
	const struct declaration_state from[] = {ACTIVE_ONE, ACTIVE_TWO, WITHDRAWN, REVOKED};
	struct declaration_request req = {0};
	struct declaration_state to;
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		struct declaration_state f = from[i];
		assert_int_equal(run(f, DECLARATION_CLEAR_FLAG, &req, &to),
		                 DECLARATION_REFUSED_NOT_FLAGGED);
		f.flagged = true;
		assert_int_equal(run(f, DECLARATION_CLEAR_FLAG, &req, &to), DECLARATION_ALLOWED);
		assert_false(to.flagged);
		assert_int_equal(to.status, f.status);
		assert_int_equal(to.level, f.level);
	}
	assert_int_equal(run(NONE, DECLARATION_CLEAR_FLAG, &req, &to),
	                 DECLARATION_REFUSED_NOT_ACTIVE);
}

static void test_unknown_action_is_refused(void **state)
{
	(void)state;
	struct declaration_request req = full();
	struct declaration_state to;
	assert_int_equal(
	    run(ACTIVE_ONE, (enum declaration_action)DECLARATION_ACTION_COUNT, &req, &to),
	    DECLARATION_REFUSED_NOT_ACTIVE);
	assert_int_equal(to.status, DECLARATION_ACTIVE);
}

static void test_status_names_round_trip(void **state)
{
	(void)state;
	enum declaration_status st;
	for (int s = DECLARATION_ACTIVE; s <= DECLARATION_REVOKED; s++) {
		const char *name = core_declaration_status_name((enum declaration_status)s);
		assert_non_null(name);
		assert_true(core_declaration_status_parse(str_from(name), &st));
		assert_int_equal(st, s);
	}
	assert_null(core_declaration_status_name(DECLARATION_NONE));
	assert_null(core_declaration_status_name((enum declaration_status)9));
	assert_false(core_declaration_status_parse(STR("Active"), &st));
	assert_false(core_declaration_status_parse(STR(""), &st));
}

/* ---- signals ----------------------------------------------------------------------------- */

static void test_no_facts_no_signals(void **state)
{
	(void)state;
	struct declaration_signal_facts f = {0};
	char codes[128];
	assert_int_equal(core_declaration_signals(&f), 0);
	assert_int_equal(core_declaration_signal_codes(0, codes, sizeof codes), MM_OK);
	assert_string_equal(codes, "");
}

static void test_every_signal_has_its_code(void **state)
{
	(void)state;
	struct declaration_signal_facts f = {.other_declarations_with_number = 1,
	                                     .similar_name_at_address = true,
	                                     .disposable_email = true,
	                                     .earlier_from_ip = DECLARATION_IP_BURST,
	                                     .earlier_revoked = 1,
	                                     .earlier_withdrawn = 2,
	                                     .corporate_number_change = true};
	char codes[256];
	unsigned s = core_declaration_signals(&f);
	assert_int_equal(s, SIGNAL_CORPORATE_NUMBER_REUSED | SIGNAL_SIMILAR_NAME_ADDRESS |
	                        SIGNAL_DISPOSABLE_EMAIL | SIGNAL_IP_BURST | SIGNAL_EARLIER_REVOKED |
	                        SIGNAL_EARLIER_WITHDRAWN | SIGNAL_CORPORATE_NUMBER_CHANGE);
	assert_int_equal(core_declaration_signal_codes(s, codes, sizeof codes), MM_OK);
	assert_string_equal(codes, "corporate_number_reused,similar_name_address,disposable_email,"
	                           "ip_burst,earlier_revoked,earlier_withdrawn,"
	                           "corporate_number_change");
	assert_int_equal(core_declaration_signal_parse(str_from(codes)), s);
	assert_int_equal(core_declaration_signal_parse(STR("ip_burst,,invented,earlier_revoked")),
	                 SIGNAL_IP_BURST | SIGNAL_EARLIER_REVOKED);
	assert_int_equal(core_declaration_signal_parse(STR("")), 0);
	assert_int_equal(core_declaration_signal_codes(s, codes, 10), MM_ERR_TOO_LONG);
	assert_int_equal(core_declaration_signal_codes(s, codes, 0), MM_ERR_TOO_LONG);
	assert_string_equal(core_declaration_signal_name(SIGNAL_IP_BURST), "ip_burst");
	assert_null(core_declaration_signal_name((enum declaration_signal)3));
}

static void test_ip_burst_starts_after_the_limit(void **state)
{
	(void)state;
	struct declaration_signal_facts f = {.earlier_from_ip = DECLARATION_IP_BURST - 1};
	assert_int_equal(core_declaration_signals(&f), 0);
	f.earlier_from_ip = DECLARATION_IP_BURST;
	assert_int_equal(core_declaration_signals(&f), SIGNAL_IP_BURST);
}

static void test_disposable_domain_and_subdomain_match(void **state)
{
	(void)state;
	const struct str list[] = {STR("mailinator.com"), STR("yopmail.com")};
	assert_true(core_declaration_email_disposable(STR("a@mailinator.com"), list, 2));
	assert_true(core_declaration_email_disposable(STR("a@MAILINATOR.COM"), list, 2));
	assert_true(core_declaration_email_disposable(STR("a@x.yopmail.com"), list, 2));
	assert_false(core_declaration_email_disposable(STR("a@notmailinator.com"), list, 2));
	assert_false(core_declaration_email_disposable(STR("a@example.jp"), list, 2));
	assert_false(core_declaration_email_disposable(STR("mailinator.com"), list, 2));
	assert_false(core_declaration_email_disposable(STR(""), list, 2));
	assert_false(core_declaration_email_disposable(STR("a@"), list, 2));
}

static void test_disposable_text_list_skips_comments_and_blanks(void **state)
{
	(void)state;
	struct str list = STR("# throwaway\n\nmailinator.com\r\n  yopmail.com  \n#example.jp\n");
	assert_true(core_declaration_domain_listed(STR("x@mailinator.com"), list));
	assert_true(core_declaration_domain_listed(STR("x@yopmail.com"), list));
	assert_false(core_declaration_domain_listed(STR("x@example.jp"), list));
	assert_false(core_declaration_domain_listed(STR("x@example.jp"), STR("")));
}

static struct str key_of(struct str name, char buf[DECLARATION_KEY_BYTES])
{
	size_t n = core_declaration_name_key(name, buf);
	return (struct str){buf, n};
}

static void test_name_key_drops_legal_forms_spaces_and_case(void **state)
{
	(void)state;
	char a[DECLARATION_KEY_BYTES], b[DECLARATION_KEY_BYTES], c[DECLARATION_KEY_BYTES];
	assert_str_equal(key_of(STR("株式会社 さくら精密"), a), "さくら精密");
	assert_str_equal(key_of(STR("さくら精密(株)"), b), "さくら精密");
	assert_str_equal(key_of(STR("Sakura Seimitsu Co.,Ltd."), c), "sakuraseimitsucoltd");
	assert_str_equal(key_of(STR(""), a), "");
	assert_str_equal(key_of(STR("株式会社"), a), "");
}

static void test_name_key_is_cut_at_its_limit(void **state)
{
	(void)state;
	char name[400], key[DECLARATION_KEY_BYTES];
	memset(name, 'a', sizeof name);
	size_t n = core_declaration_name_key((struct str){name, sizeof name}, key);
	assert_int_equal(n, DECLARATION_KEY_MAX_CHARS);
	assert_int_equal(strlen(key), n);
}

static void test_similar_names(void **state)
{
	(void)state;
	char a[DECLARATION_KEY_BYTES], b[DECLARATION_KEY_BYTES];
	struct {
		const char *x, *y;
		bool similar;
	} cases[] = {
	    {"さくら精密工業株式会社", "株式会社さくら精密工業", true}, /* same after keys */
	    {"さくら精密工業", "さくら精密興業", true},                 /* one character */
	    {"さくら精密", "さくら精密工業", true},                     /* contained */
	    {"山田商店", "山田商会", true},
	    {"山田商店", "田中製作所", false},
	    {"AB", "AC", false}, /* too short to call similar */
	    {"AB", "AB", true},
	    {"北海道マテリアルサービス", "北海道マテリアルサーボス", true},
	    {"北海道マテリアルサービス", "九州マテリアルサービス", false},
	    {"", "", false},
	    {"", "さくら", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct str ka = key_of(str_from(cases[i].x), a),
		           kb = key_of(str_from(cases[i].y), b);
		assert_int_equal(core_declaration_names_similar(ka, kb), cases[i].similar);
		assert_int_equal(core_declaration_names_similar(kb, ka), cases[i].similar);
	}
}

static void test_address_key_treats_block_numbers_alike(void **state)
{
	(void)state;
	char a[DECLARATION_KEY_BYTES], b[DECLARATION_KEY_BYTES];
	size_t na = core_declaration_address_key(23, STR("名古屋市中区丸の内1丁目2番3号"), a);
	size_t nb = core_declaration_address_key(23, STR("名古屋市中区丸の内 1-2-3"), b);
	assert_true(na > 3);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_string_equal(a, "23|名古屋市中区丸-内1-2-3");
	assert_int_equal(core_declaration_address_key(13, STR("名古屋市中区丸の内1-2-3"), b), na);
	assert_false(memcmp(a, b, na) == 0); /* another prefecture */
	assert_int_equal(core_declaration_address_key(23, STR("  "), a), 0);
	assert_string_equal(a, "");
	assert_int_equal(core_declaration_address_key(0, STR("x"), a), 0);
}

static void test_revoke_reasons(void **state)
{
	(void)state;
	for (size_t i = 0; i < core_declaration_revoke_reason_count; i++)
		assert_true(core_declaration_revoke_reason_valid(
		    str_from(core_declaration_revoke_reasons[i])));
	assert_false(core_declaration_revoke_reason_valid(STR("owner_request")));
	assert_false(core_declaration_revoke_reason_valid(STR("MISUSE")));
	assert_false(core_declaration_revoke_reason_valid(STR("")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_declare_one_star_from_nothing_is_active),
	    TEST(test_declare_keeps_the_review_flag_without_blocking),
	    TEST(test_declare_without_pledge_is_refused),
	    TEST(test_declare_bad_level_is_refused),
	    TEST(test_declare_two_stars_needs_assessment_then_policy),
	    TEST(test_declare_one_star_ignores_missing_prerequisites),
	    TEST(test_declare_on_an_existing_declaration_is_refused),
	    TEST(test_upgrade_one_to_two_with_prerequisites),
	    TEST(test_upgrade_without_prerequisites_says_which),
	    TEST(test_upgrade_at_two_stars_is_refused),
	    TEST(test_downgrade_two_to_one),
	    TEST(test_details_need_a_change),
	    TEST(test_withdraw_active_is_final),
	    TEST(test_revoke_needs_reason_and_note),
	    TEST(test_nothing_changes_a_declaration_that_is_not_active),
	    TEST(test_clear_flag_in_every_state_while_flagged),
	    TEST(test_unknown_action_is_refused),
	    TEST(test_status_names_round_trip),
	    TEST(test_no_facts_no_signals),
	    TEST(test_every_signal_has_its_code),
	    TEST(test_ip_burst_starts_after_the_limit),
	    TEST(test_disposable_domain_and_subdomain_match),
	    TEST(test_disposable_text_list_skips_comments_and_blanks),
	    TEST(test_name_key_drops_legal_forms_spaces_and_case),
	    TEST(test_name_key_is_cut_at_its_limit),
	    TEST(test_similar_names),
	    TEST(test_address_key_treats_block_numbers_alike),
	    TEST(test_revoke_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
