/* Unit tests: the mailer thread (app/mailer.h) — a database that cannot
 * be opened when the mailer starts (a PostgreSQL server still starting, a
 * SQLite directory not made yet) does not stop mail for good: the mailer
 * tries again, waiting longer each time, and sends what is queued once the
 * database is there; a round claims the due messages and marks each sent,
 * so a second round sends nothing again. The sender address
 * (MAMORI_MAIL_FROM) is read by the rule of every address. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "app/mailer.h"
#include "store/outbox.h"
#include "store/store.h"
#include "test.h"

struct place {
	char dir[64], db_dir[96], db[128], mail[96], eml[160];
};

static void place_init(struct place *p)
{
	snprintf(p->dir, sizeof p->dir, "/tmp/mamori-mailer-XXXXXX");
	assert_non_null(mkdtemp(p->dir));
	snprintf(p->db_dir, sizeof p->db_dir, "%s/later", p->dir);
	snprintf(p->db, sizeof p->db, "%s/mamori.db", p->db_dir);
	snprintf(p->mail, sizeof p->mail, "%s/mail", p->dir);
	snprintf(p->eml, sizeof p->eml, "%s/000001.eml", p->mail);
}

static void place_remove(struct place *p)
{
	unlink(p->eml);
	rmdir(p->mail);
	remove_temp_db(p->db, p->db_dir);
	rmdir(p->dir);
}

/* The database of p, made and migrated, with one message queued. */
static void make_database_with_mail(struct place *p)
{
	struct store *s = NULL;
	char err[STORE_ERR_MAX];
	int applied;
	struct mail m = {STR("someone@example.jp"), STR("件名"), STR("本文")};
	assert_true(mkdir(p->db_dir, 0700) == 0 || errno == EEXIST);
	assert_int_equal(store_open(p->db, &s, err), MM_OK);
	assert_int_equal(store_migrate(s, &applied, err), MM_OK);
	assert_int_equal(store_outbox_insert(s, &m, (int64_t)time(NULL) - 1), MM_OK);
	store_close(s);
}

static bool exists_within(const char *path, int ms)
{
	struct stat st;
	for (int waited = 0; waited < ms; waited += 50) {
		if (stat(path, &st) == 0)
			return true;
		nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
	}
	return stat(path, &st) == 0;
}

static void test_a_database_missing_at_start_gets_its_mail_sent_once_it_is_there(void **state)
{
	(void)state;
	struct place p;
	place_init(&p);
	struct mailer_config c = {.db = p.db, .dir = p.mail, .from = "no-reply@localhost"};
	assert_int_equal(mailer_start(&c), MM_OK);
	/* a few attempts fail: the database's directory is not there */
	nanosleep(&(struct timespec){0, 600 * 1000 * 1000}, NULL);
	make_database_with_mail(&p);
	bool sent = exists_within(p.eml, 15000);
	mailer_stop();
	assert_true(sent);
	place_remove(&p);
}

static void test_a_round_sends_what_is_due_once(void **state)
{
	(void)state;
	struct place p;
	struct store *s = NULL;
	char err[STORE_ERR_MAX];
	size_t delivered;
	place_init(&p);
	make_database_with_mail(&p);
	struct mailer_config c = {.db = p.db, .dir = p.mail, .from = "no-reply@localhost"};
	assert_int_equal(mailer_start(&c), MM_OK); /* only to set the configuration */
	mailer_stop();
	assert_int_equal(store_open(p.db, &s, err), MM_OK);
	/* the thread may have sent it already; either way, once */
	assert_int_equal(mailer_deliver_due(s, (int64_t)time(NULL), &delivered), MM_OK);
	assert_true(delivered <= 1);
	assert_true(exists_within(p.eml, 0));
	assert_int_equal(mailer_deliver_due(s, (int64_t)time(NULL) + 3600, &delivered), MM_OK);
	assert_int_equal(delivered, 0);
	store_close(s);
	place_remove(&p);
}

static char *read_all(const char *path)
{
	static char text[8192];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* A message with a calendar entry goes as multipart/mixed: the text, then
 * the file in base64 with its name and METHOD. */
static void test_a_message_with_a_file_is_sent_as_two_parts(void **state)
{
	(void)state;
	struct place p;
	struct store *s = NULL;
	char err[STORE_ERR_MAX];
	int applied;
	size_t delivered;
	place_init(&p);
	assert_int_equal(mkdir(p.db_dir, 0700), 0);
	assert_int_equal(store_open(p.db, &s, err), MM_OK);
	assert_int_equal(store_migrate(s, &applied, err), MM_OK);
	struct mail m = {STR("someone@example.jp"), STR("参加登録"), STR("本文\n二行目")};
	struct mail_attachment at = {STR("event-7.ics"), STR("text/calendar"),
	                             STR("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")};
	assert_int_equal(store_outbox_insert_attached(s, &m, &at, (int64_t)time(NULL) - 1), MM_OK);
	struct mailer_config c = {.db = p.db, .dir = p.mail, .from = "no-reply@localhost"};
	assert_int_equal(mailer_start(&c), MM_OK); /* only to set the configuration */
	mailer_stop();
	assert_int_equal(mailer_deliver_due(s, (int64_t)time(NULL), &delivered), MM_OK);
	assert_true(exists_within(p.eml, 0));
	const char *text = read_all(p.eml);
	assert_non_null(strstr(text, "Content-Type: multipart/mixed; boundary="));
	assert_non_null(strstr(text, "本文\r\n二行目"));
	assert_non_null(strstr(text, "Content-Type: text/calendar; charset=utf-8; method=PUBLISH;"
	                             " name=\"event-7.ics\""));
	assert_non_null(strstr(text, "filename=\"event-7.ics\""));
	/* base64 of "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" */
	assert_non_null(strstr(text, "QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFSDQo=\r\n"));
	store_close(s);
	place_remove(&p);
}

/* A message the recipient may stop carries List-Unsubscribe and
 * List-Unsubscribe-Post (RFC 8058); an address that would break the
 * header is never written. */
static void test_a_digest_carries_the_one_click_unsubscribe_headers(void **state)
{
	(void)state;
	struct place p;
	struct store *s = NULL;
	char err[STORE_ERR_MAX];
	int applied;
	size_t delivered;
	place_init(&p);
	assert_int_equal(mkdir(p.db_dir, 0700), 0);
	assert_int_equal(store_open(p.db, &s, err), MM_OK);
	assert_int_equal(store_migrate(s, &applied, err), MM_OK);
	struct mail m = {STR("someone@example.jp"), STR("今週のニュース"), STR("本文")};
	assert_int_equal(store_outbox_insert_unsubscribable(
	                     s, &m, STR("https://mamori.example.jp/unsubscribe/abc_-1/one-click"),
	                     (int64_t)time(NULL) - 1),
	                 MM_OK);
	struct mailer_config c = {.db = p.db, .dir = p.mail, .from = "no-reply@localhost"};
	assert_int_equal(mailer_start(&c), MM_OK); /* only to set the configuration */
	mailer_stop();
	assert_int_equal(mailer_deliver_due(s, (int64_t)time(NULL), &delivered), MM_OK);
	assert_int_equal(delivered, 1);
	const char *text = read_all(p.eml);
	assert_non_null(strstr(text, "\r\nList-Unsubscribe: "
	                             "<https://mamori.example.jp/unsubscribe/abc_-1/one-click>\r\n"
	                             "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	/* headers end before the body */
	assert_true(strstr(text, "List-Unsubscribe:") < strstr(text, "\r\n\r\n"));
	/* a line break (or a space, or >) in the address would start a header of its own */
	struct mail evil = {STR("someone@example.jp"), STR("s"), STR("b")};
	assert_int_equal(store_outbox_insert_unsubscribable(
	                     s, &evil, STR("https://x.example/u\r\nBcc: all@example.jp"),
	                     (int64_t)time(NULL) - 1),
	                 MM_OK);
	assert_int_equal(mailer_deliver_due(s, (int64_t)time(NULL), &delivered), MM_OK);
	assert_int_equal(delivered, 0);
	store_close(s);
	place_remove(&p);
}

static void test_the_sender_is_read_as_every_address_is(void **state)
{
	(void)state;
	char from[EMAIL_MAX_CHARS + 1], err[256] = "";
	assert_true(mailer_from_read(NULL, from, err));
	assert_string_equal(from, MAILER_FROM_DEFAULT);
	assert_true(mailer_from_read("", from, err));
	assert_string_equal(from, MAILER_FROM_DEFAULT);
	assert_true(mailer_from_read("no-reply@mamori.example.jp", from, err));
	assert_string_equal(from, "no-reply@mamori.example.jp");
	/* full-width letters and ＠, capitals: as sign-up reads them */
	assert_true(mailer_from_read("ＮＯ-ＲＥＰＬＹ＠Mamori.Example.JP", from, err));
	assert_string_equal(from, "no-reply@mamori.example.jp");
}

static void test_a_sender_that_is_no_address_is_refused_in_one_line(void **state)
{
	(void)state;
	const char *bad[] = {"no-reply", "no-reply@localhost", "Mamori <no-reply@example.jp>",
	                     "no-reply@example.jp\r\nBcc: all@example.jp", "a@b@example.jp"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char from[EMAIL_MAX_CHARS + 1], err[256] = "";
		assert_false(mailer_from_read(bad[i], from, err));
		assert_non_null(strstr(err, "MAMORI_MAIL_FROM="));
		assert_null(strpbrk(err, "\r\n")); /* one line, whatever the value holds */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_database_missing_at_start_gets_its_mail_sent_once_it_is_there),
	    cmocka_unit_test(test_a_round_sends_what_is_due_once),
	    cmocka_unit_test(test_a_message_with_a_file_is_sent_as_two_parts),
	    cmocka_unit_test(test_a_digest_carries_the_one_click_unsubscribe_headers),
	    cmocka_unit_test(test_the_sender_is_read_as_every_address_is),
	    cmocka_unit_test(test_a_sender_that_is_no_address_is_refused_in_one_line),
	};
	return cmocka_run_group_tests_name("mailer", tests, NULL, NULL);
}
