/*
 * event.c — see event.h.
 */
#include "core/event.h"

#include <stdio.h>
#include <string.h>

#include "core/plain_text.h"
#include "lib/civil.h"

const char *const event_kinds[EVENT_KIND_COUNT] = {"seminar", "workshop", "tabletop",
                                                   "study_session", "supporter_training"};
const char *const event_audiences[EVENT_AUDIENCE_COUNT] = {"anyone", "members", "supporters",
                                                           "track"};

#define PREF(code) ((uint64_t)1 << ((code)-1))
#define PREFS(from, to) ((((uint64_t)1 << (to)) - 1) & ~(((uint64_t)1 << ((from)-1)) - 1))
const struct event_region event_regions[EVENT_REGION_COUNT] = {
    {"hokkaido", PREF(1)},
    {"tohoku", PREFS(2, 7)},
    {"kanto", PREFS(8, 15) | PREF(19) | PREF(20) | PREF(22)},
    {"chubu", PREF(16) | PREF(17) | PREF(21) | PREF(23) | PREF(24)},
    {"kinki", PREF(18) | PREFS(25, 30)},
    {"chugoku", PREFS(31, 35)},
    {"shikoku", PREFS(36, 39)},
    {"kyushu", PREFS(40, 46)},
    {"okinawa", PREF(47)},
};

int event_region_of(uint64_t mask)
{
	for (int i = 0; i < EVENT_REGION_COUNT; i++)
		if (event_regions[i].prefectures == mask)
			return i;
	return -1;
}

int event_name_index(const char *const names[], size_t n, struct str name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(name, names[i]))
			return (int)i;
	return -1;
}

bool event_confirms_new(int64_t capacity, int64_t confirmed, int64_t waiting)
{
	return waiting == 0 && confirmed < capacity;
}

int64_t event_promotions(int64_t capacity, int64_t confirmed, int64_t waiting)
{
	int64_t free = capacity - confirmed;
	if (free <= 0 || waiting <= 0)
		return 0;
	return free < waiting ? free : waiting;
}

bool event_programme_completed(int64_t required, int64_t sessions, int64_t attended)
{
	if (required <= 0)
		return sessions > 0 && attended >= sessions;
	return attended >= required;
}

static bool digits(const char *p, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

bool event_parse_japan_time(struct str date, struct str time, int64_t *out)
{
	int y, mo, d, h, mi;
	if (date.n != 10 || date.p[4] != '-' || date.p[7] != '-' || time.n != 5 || time.p[2] != ':')
		return false;
	if (!digits(date.p, 4, &y) || !digits(date.p + 5, 2, &mo) || !digits(date.p + 8, 2, &d) ||
	    !digits(time.p, 2, &h) || !digits(time.p + 3, 2, &mi))
		return false;
	if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > civil_days_in_month(y, mo) ||
	    h > 23 || mi > 59)
		return false;
	*out = civil_days_from_date(y, mo, d) * 86400 + h * 3600 + mi * 60 - CIVIL_JAPAN_OFFSET_S;
	return true;
}

void event_japan_date(int64_t t, char out[11])
{
	struct civil c = civil_utc(t + CIVIL_JAPAN_OFFSET_S);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c.year % 10000u, (unsigned)c.month % 100u,
	         (unsigned)c.day % 100u);
}

void event_japan_clock(int64_t t, char out[6])
{
	struct civil c = civil_utc(t + CIVIL_JAPAN_OFFSET_S);
	snprintf(out, 6, "%02u:%02u", (unsigned)c.hour % 100u, (unsigned)c.minute % 100u);
}

bool event_url_ok(struct str url)
{
	size_t skip;
	if (str_starts_with(url, "https://"))
		skip = 8;
	else if (str_starts_with(url, "http://"))
		skip = 7;
	else
		return false;
	if (url.n <= skip || url.n > EVENT_URL_MAX_CHARS)
		return false;
	for (size_t i = 0; i < url.n; i++) {
		unsigned char c = (unsigned char)url.p[i];
		if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
			return false;
	}
	return url.p[skip] != '/' && url.p[skip] != '.';
}

bool event_text_ok(struct str s)
{
	return plain_text_lines_ok(s);
}
