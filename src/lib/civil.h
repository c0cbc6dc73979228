/*
 * civil.h — calendar fields of a Unix time in UTC, its ISO date
 * ("2024-05-01") and ISO time (in UTC, or in Japan with its offset),
 * without the C library's gmtime_r (which takes glibc's process-wide
 * time-zone lock on every call; the access log and the verification
 * answers ask on every request). Proleptic Gregorian calendar, any int64
 * second count whose year fits in an int.
 */
#ifndef MM_CIVIL_H
#define MM_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/str.h"

struct civil {
	int year, month, day; /* month 1–12, day 1–31 */
	int hour, minute, second;
};

struct civil civil_utc(int64_t unix_s);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1–12), the
 * inverse of civil_utc's date (H. Hinnant's days_from_civil). */
int64_t civil_days_from_date(int64_t year, int month, int day);

/* Days in a month (1–12) of a proleptic Gregorian year. */
int civil_days_in_month(int year, int month);

#define CIVIL_ISO_BYTES 21 /* "2026-11-25T14:40:00Z" and its NUL */
/* unix_s as ISO 8601 in UTC, "YYYY-MM-DDTHH:MM:SSZ" (data exports, logs);
 * a year past 9999 is cut short rather than overflowing out. */
void civil_iso_utc(int64_t unix_s, char out[CIVIL_ISO_BYTES]);

#define CIVIL_ISO_JAPAN_BYTES 26 /* "2026-11-25T23:40:00+09:00" and its NUL */
/* unix_s as ISO 8601 in Japan Standard Time with its offset,
 * "YYYY-MM-DDTHH:MM:SS+09:00" (the CSV files people keep, which show the
 * time the pages show); cut short as civil_iso_utc. */
void civil_iso_japan(int64_t unix_s, char out[CIVIL_ISO_JAPAN_BYTES]);

/* The inverse of civil_iso_utc: text exactly "YYYY-MM-DDTHH:MM:SSZ" with
 * a real date and time (as stored in text columns) into *unix_s; false,
 * *unix_s untouched, for anything else. */
bool civil_parse_iso_utc(struct str text, int64_t *unix_s);

/* "2024-05-01": the calendar day of unix_s in UTC (add an offset such as
 * CIVIL_JAPAN_OFFSET_S first for a local day), into the arena; "" when
 * the arena is full or the year has more than four digits. Without
 * printf: an API answer writes several dates. */
const char *civil_iso_date(struct arena *a, int64_t unix_s);
/* The day unix_s falls on in Japan, as civil_iso_date writes it: the
 * date people see (the API's days, the CSV files people keep). */
const char *civil_japan_date(struct arena *a, int64_t unix_s);

/* Japan Standard Time: UTC+9, no daylight saving. Times shown to people
 * are Japan's (add this before civil_utc), and so are those of the CSV
 * files people keep (civil_iso_japan); data exports for programs (JSON,
 * the open data, the API) stay in UTC. */
#define CIVIL_JAPAN_OFFSET_S (9 * 3600)

#endif
