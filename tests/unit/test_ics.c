/* Unit tests: iCalendar output (core/ics.h) against RFC 5545 — CRLF line
 * ends, folding at 75 octets without splitting a UTF-8 character, TEXT
 * escaping, DTSTART in Japan time with TZID and a VTIMEZONE, DTSTAMP in
 * UTC, and a UID that depends on the event alone. */
#include <string.h>

#include "core/ics.h"
#include "test.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 1 << 16);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static const char *calendar(const struct ics_event *ev, int64_t now)
{
	struct buf b;
	buf_init(&b, &arena, 1 << 20);
	assert_int_equal(ics_begin(&b, STR("地域セキュリティ")), MM_OK);
	assert_int_equal(ics_event(&b, ev, "mamori.example.jp", now), MM_OK);
	assert_int_equal(ics_end(&b), MM_OK);
	return buf_cstr(&b);
}

/* The text with its folds undone (RFC 5545 3.1). */
static const char *unfold(const char *text)
{
	struct buf u;
	buf_init(&u, &arena, 1 << 20);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		assert_int_equal(buf_append_char(&u, *p), MM_OK);
	}
	return buf_cstr(&u);
}

static struct ics_event sample(void)
{
	return (struct ics_event){
	    .id = 42,
	    .starts_at = 1796878800, /* 2026-12-10 14:00 in Japan */
	    .duration_s = 90 * 60,
	    .updated_at = 1796000000,
	    .sequence = 2,
	    .summary = STR("ランサムウェア被害を想定した机上演習, 第1回; 医療\\薬局"),
	    .description = STR("一行目\n二行目"),
	    .location = STR("札幌市中央区 会議室A"),
	    .url = STR("https://mamori.example.jp/events/42"),
	    .organiser = STR("北海道地域セキュリティ"),
	};
}

/* Every physical line ends in CRLF, holds at most 75 octets, and begins
 * with a whole UTF-8 character (a continuation line with its space). */
static void test_lines_are_crlf_and_folded_at_75_octets(void **state)
{
	(void)state;
	struct ics_event ev = sample();
	ev.description =
	    STR("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも"
	        "やゆよらりるれろわをん0123456789abcdefghijklmnopqrstuvwxyz");
	const char *text = calendar(&ev, 1796000000);
	size_t n = strlen(text);
	assert_true(n > 2 && text[n - 2] == '\r' && text[n - 1] == '\n');
	int folded = 0;
	for (const char *p = text; *p;) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		assert_true(end - p <= ICS_LINE_OCTETS);
		assert_true(end - p > 0);
		assert_false(((unsigned char)p[0] & 0xc0) == 0x80);
		if (p[0] == ' ') {
			folded++;
			assert_false(((unsigned char)p[1] & 0xc0) == 0x80);
		}
		for (const char *q = p; q < end; q++)
			assert_true(*q != '\n' && *q != '\r');
		p = end + 2;
	}
	assert_true(folded >= 3);
	/* unfolding gives back the whole value */
	assert_non_null(strstr(unfold(text), "れろわをん0123456789abcdefghijklmnopqrstuvwxyz\r\n"));
}

static void test_text_is_escaped(void **state)
{
	(void)state;
	struct ics_event ev = sample();
	const char *text = unfold(calendar(&ev, 1796000000));
	assert_non_null(
	    strstr(text, "SUMMARY:ランサムウェア被害を想定した机上演習\\, 第1回\\; 医"));
	assert_non_null(strstr(text, "医療\\\\薬局"));
	assert_non_null(
	    strstr(text, "DESCRIPTION:北海道地域セキュリティ\\n\\n一行目\\n二行目\r\n"));
	assert_non_null(strstr(text, "URL:https://mamori.example.jp/events/42\r\n"));
	struct buf b;
	buf_init(&b, &arena, 100);
	assert_int_equal(ics_escape(&b, STR("a\r\nb,c;d\\")), MM_OK);
	assert_string_equal(buf_cstr(&b), "a\\nb\\,c\\;d\\\\");
}

static void test_times_are_japan_local_with_a_timezone_and_a_utc_stamp(void **state)
{
	(void)state;
	struct ics_event ev = sample();
	const char *text = calendar(&ev, 1796000000);
	assert_non_null(strstr(text, "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n"));
	assert_non_null(strstr(text, "TZOFFSETTO:+0900\r\n"));
	assert_non_null(strstr(text, "DTSTART;TZID=Asia/Tokyo:20261210T140000\r\n"));
	assert_non_null(strstr(text, "DTEND;TZID=Asia/Tokyo:20261210T153000\r\n"));
	assert_non_null(strstr(text, "DTSTAMP:20261130T005320Z\r\n"));
	assert_true(strstr(text, "BEGIN:VTIMEZONE") < strstr(text, "BEGIN:VEVENT"));
	assert_non_null(strstr(text, "SEQUENCE:2\r\n"));
	assert_non_null(strstr(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
	assert_non_null(strstr(text, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
}

static void test_the_uid_depends_on_the_event_alone(void **state)
{
	(void)state;
	struct ics_event ev = sample();
	const char *one = calendar(&ev, 1796000000);
	ev.summary = STR("changed");
	ev.starts_at += 86400;
	ev.sequence = 3;
	const char *two = calendar(&ev, 1797000000);
	assert_non_null(strstr(one, "UID:event-42@mamori.example.jp\r\n"));
	assert_non_null(strstr(two, "UID:event-42@mamori.example.jp\r\n"));
	ev.id = 43;
	assert_null(strstr(calendar(&ev, 1796000000), "UID:event-42@"));
}

static void test_a_long_line_of_ascii_folds_at_exactly_75(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, &arena, 1000);
	char value[200];
	memset(value, 'x', sizeof value);
	assert_int_equal(ics_line(&b, "X", (struct str){value, sizeof value}), MM_OK);
	const char *text = buf_cstr(&b);
	/* "X:" + 73 x, then " " + 74 x, then " " + the rest */
	assert_int_equal(strstr(text, "\r\n") - text, 75);
	assert_int_equal(strstr(text + 77, "\r\n") - (text + 77), 75);
	assert_int_equal(strlen(text), 2 + 200 + 3 * 2 + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lines_are_crlf_and_folded_at_75_octets, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_text_is_escaped, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_times_are_japan_local_with_a_timezone_and_a_utc_stamp, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_uid_depends_on_the_event_alone, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_a_long_line_of_ascii_folds_at_exactly_75, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
