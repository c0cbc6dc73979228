/*
 * news.c — see news.h.
 */
#include "core/news.h"

#include <string.h>

#include "core/plain_text.h"
#include "lib/civil.h"
#include "lib/utf8.h"

bool news_slug_ok(struct str s)
{
	if (s.n < NEWS_SLUG_MIN || s.n > NEWS_SLUG_MAX || s.p[0] == '-' || s.p[s.n - 1] == '-')
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          (c == '-' && s.p[i - 1] != '-');
		if (!ok)
			return false;
	}
	return true;
}

bool news_slug_may_change(bool has_publish_at, int64_t publish_at, int64_t now)
{
	return !news_is_public(has_publish_at, publish_at, now);
}

bool news_line_ok(struct str s)
{
	return plain_text_line_ok(s);
}

bool news_text_ok(struct str s)
{
	return plain_text_lines_ok(s);
}

/* The length of the separator at s.p[i] (",", "、" or "，"), 0 for none. */
static size_t separator_at(struct str s, size_t i)
{
	static const char *const seps[] = {",", "\xe3\x80\x81", "\xef\xbc\x8c"};
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		size_t n = strlen(seps[k]);
		if (i + n <= s.n && memcmp(s.p + i, seps[k], n) == 0)
			return n;
	}
	return 0;
}

/* Whether tag is already one of the comma-joined list out[0..n). */
static bool listed(const char *out, size_t n, struct str tag)
{
	struct str list = {out, n}, item;
	while (str_next_item(&list, ',', &item))
		if (str_eq(item, tag))
			return true;
	return false;
}

bool news_tags_normalise(struct str in, char *out, size_t cap, size_t *n)
{
	size_t count = 0, used = 0, start = 0;
	for (size_t i = 0; i <= in.n;) {
		size_t sep = i < in.n ? separator_at(in, i) : 1;
		if (!sep) {
			i++;
			continue;
		}
		struct str tag = str_trim((struct str){in.p + start, i - start});
		i += sep;
		start = i;
		if (tag.n == 0 || listed(out, used, tag))
			continue;
		if (++count > NEWS_TAGS_MAX || !news_line_ok(tag) || !utf8_valid(tag) ||
		    utf8_length(tag) > NEWS_TAG_MAX_CHARS || used + (used > 0) + tag.n > cap)
			return false;
		if (used)
			out[used++] = ',';
		memcpy(out + used, tag.p, tag.n);
		used += tag.n;
	}
	*n = used;
	return true;
}

bool news_is_public(bool has_publish_at, int64_t publish_at, int64_t now)
{
	return has_publish_at && publish_at <= now;
}

bool news_shows_updated(bool has_publish_at, int64_t publish_at, int64_t changed_at)
{
	return has_publish_at && changed_at > publish_at;
}

int news_digest_week(int64_t now)
{
	/* Day 0 of Unix time (1970-01-01) was a Thursday: day + 3 counts
	 * the days from Monday 1969-12-29, the start of week 0. */
	int64_t local = now + CIVIL_JAPAN_OFFSET_S - 8 * 3600;
	int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t days_since_monday = day + 3;
	return (int)(days_since_monday >= 0 ? days_since_monday / 7 : (days_since_monday - 6) / 7);
}
