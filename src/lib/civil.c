/*
 * civil.c — see civil.h. Days to a date by counting 400-year eras of
 * 146,097 days from 0000-03-01, so that the leap day ends each year.
 */
#include "lib/civil.h"

#include <assert.h>
#include <stdio.h>

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct civil civil_utc(int64_t unix_s)
{
	struct civil c;
	int64_t days = floor_div(unix_s, 86400);
	int64_t secs = unix_s - days * 86400;
	c.hour = (int)(secs / 3600);
	c.minute = (int)(secs % 3600 / 60);
	c.second = (int)(secs % 60);
	int64_t z = days + 719468; /* days since 0000-03-01 */
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                      /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365], from March */
	int64_t mp = (5 * doy + 2) / 153;                      /* [0, 11], March = 0 */
	c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.year = (int)(yoe + era * 400 + (c.month <= 2));
	return c;
}

int64_t civil_days_from_date(int64_t year, int month, int day)
{
	year -= month <= 2;
	int64_t era = floor_div(year, 400);
	int64_t yoe = year - era * 400;                                         /* [0, 399] */
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* from March */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The calendar fields of local_s, then zone ("Z", "+09:00"), into out. */
static void iso_time(int64_t local_s, const char *zone, char *out, size_t size)
{
	struct civil c = civil_utc(local_s);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour,
	         c.minute, c.second, zone);
}

void civil_iso_utc(int64_t unix_s, char out[CIVIL_ISO_BYTES])
{
	iso_time(unix_s, "Z", out, CIVIL_ISO_BYTES);
}

void civil_iso_japan(int64_t unix_s, char out[CIVIL_ISO_JAPAN_BYTES])
{
	iso_time(unix_s + CIVIL_JAPAN_OFFSET_S, "+09:00", out, CIVIL_ISO_JAPAN_BYTES);
}

/* The number written by the n decimal digits at p; -1 when one is not a digit. */
static int digits_value(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int civil_days_in_month(int year, int month)
{
	assert(month >= 1 && month <= 12);
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

bool civil_parse_iso_utc(struct str text, int64_t *unix_s)
{
	const char *p = text.p;
	if (text.n != CIVIL_ISO_BYTES - 1 || p[4] != '-' || p[7] != '-' || p[10] != 'T' ||
	    p[13] != ':' || p[16] != ':' || p[19] != 'Z')
		return false;
	int year = digits_value(p, 4), month = digits_value(p + 5, 2), day = digits_value(p + 8, 2);
	int hour = digits_value(p + 11, 2), minute = digits_value(p + 14, 2),
	    second = digits_value(p + 17, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 ||
	    day > civil_days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0 ||
	    minute > 59 || second < 0 || second > 59)
		return false;
	*unix_s =
	    civil_days_from_date(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
	return true;
}

/* Two decimal digits of v (0–99) at p. */
static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

const char *civil_iso_date(struct arena *a, int64_t unix_s)
{
	struct civil c = civil_utc(unix_s);
	char *out = arena_alloc(a, sizeof "YYYY-MM-DD");
	if (!out)
		return "";
	if (c.year < 0 || c.year > 9999) {
		out[0] = '\0';
		return out;
	}
	put2(out, c.year / 100);
	put2(out + 2, c.year % 100);
	out[4] = '-';
	put2(out + 5, c.month);
	out[7] = '-';
	put2(out + 8, c.day);
	out[10] = '\0';
	return out;
}

const char *civil_japan_date(struct arena *a, int64_t unix_s)
{
	return civil_iso_date(a, unix_s + CIVIL_JAPAN_OFFSET_S);
}
