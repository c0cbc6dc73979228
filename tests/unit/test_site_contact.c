/* Unit tests: the site's contact address, MAMORI_CONTACT_EMAIL
 * (src/web/site_contact.c): read by the one e-mail rule, its mailto: URL
 * percent-encoded, absent from pages when unset. */
#include "web/site_contact.h"
#include "test.h"

/* ctx.site_contact after site_contact_set. */
static const struct val *contact_of(void **state)
{
	struct val *ctx = val_obj(*state);
	assert_non_null(ctx);
	assert_true(site_contact_set(*state, ctx));
	return val_get(ctx, STR("site_contact"));
}

static void test_site_contact_unset_or_empty_is_false(void **state)
{
	char err[256];
	assert_true(site_contact_configure(NULL, err));
	assert_non_null(contact_of(state));
	assert_false(val_truthy(contact_of(state)));
	assert_true(site_contact_configure("", err));
	assert_false(val_truthy(contact_of(state)));
}

/* ctx.site_contact.NAME after site_contact_set; NULL when there is none. */
static const struct val *contact_field(void **state, const char *name)
{
	return val_get(contact_of(state), str_from(name));
}

static void test_site_contact_gives_the_address_and_its_mailto(void **state)
{
	char err[256];
	assert_true(site_contact_configure("info@example.jp", err));
	assert_str_equal(contact_field(state, "address")->s, "info@example.jp");
	assert_str_equal(contact_field(state, "mailto")->s, "mailto:info@example.jp");
	assert_true(site_contact_configure(NULL, err));
}

static void test_site_contact_is_normalised_as_every_address_is(void **state)
{
	char err[256];
	/* full-width letters and ＠, capitals: as sign-up reads them */
	assert_true(site_contact_configure("ＩＮＦＯ＠Example.JP", err));
	assert_str_equal(contact_field(state, "address")->s, "info@example.jp");
	assert_true(site_contact_configure(NULL, err));
}

static void test_site_contact_mailto_encodes_what_a_url_would_misread(void **state)
{
	char err[256];
	/* ' & + ? # % would end the address or start a header field of the URL */
	assert_true(site_contact_configure("o'brien&co+desk?x#y%z@example.jp", err));
	assert_str_equal(contact_field(state, "address")->s, "o'brien&co+desk?x#y%z@example.jp");
	assert_str_equal(contact_field(state, "mailto")->s,
	                 "mailto:o%27brien%26co%2Bdesk%3Fx%23y%25z@example.jp");
	assert_true(site_contact_configure(NULL, err));
}

static void test_site_contact_refuses_what_is_not_an_address(void **state)
{
	const char *bad[] = {"info",
	                     "info@example",
	                     "a@b@example.jp",
	                     "info @example.jp",
	                     "<info@example.jp>",
	                     "info@example.jp\nX-Injected: 1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[256] = "";
		assert_false(site_contact_configure(bad[i], err));
		assert_non_null(strstr(err, "MAMORI_CONTACT_EMAIL"));
		assert_null(strchr(err, '\n')); /* one line, whatever the value holds */
		assert_null(contact_field(state, "address"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_site_contact_unset_or_empty_is_false),
	    TEST(test_site_contact_gives_the_address_and_its_mailto),
	    TEST(test_site_contact_is_normalised_as_every_address_is),
	    TEST(test_site_contact_mailto_encodes_what_a_url_would_misread),
	    TEST(test_site_contact_refuses_what_is_not_an_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
