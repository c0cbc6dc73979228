/*
 * catalogue.c — see catalogue.h.
 */
#include "core/catalogue.h"

#include <stdio.h>
#include <string.h>

#include "core/plain_text.h"
#include "core/org_fields.h"
#include "lib/civil.h"

const char *const service_kinds[SERVICE_KIND_COUNT] = {"support_bundle", "standard_service",
                                                       "it_product"};
const char *const service_contents[SERVICE_CONTENT_COUNT] = {"help_desk", "network_monitoring",
                                                             "endpoint_monitoring",
                                                             "on_site_response", "cyber_insurance"};
const char *const service_categories[SERVICE_CATEGORY_COUNT] = {
    "security_audit", "vulnerability_assessment", "digital_forensics", "security_monitoring",
    "device_verification"};
const char *const service_units[SERVICE_UNIT_COUNT] = {"month", "device_month", "year", "once",
                                                       "quote"};

static const struct {
	const char *prefix;
	int count;
} tag_groups[3] = {{"item-", SERVICE_ITEM_COUNT},
                   {"rule-", SERVICE_RULE_COUNT},
                   {"directive-", SERVICE_DIRECTIVE_COUNT}};

static int64_t *tag_mask(struct service_tags *t, int group)
{
	return group == 0 ? &t->items : group == 1 ? &t->rules : &t->directives;
}

int service_name_index(const char *const list[], size_t n, struct str name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(name, list[i]))
			return (int)i;
	return -1;
}

/* A number 1…max with no sign and no leading zero. */
static bool small_number(struct str s, int max, int *out)
{
	if (s.n == 0 || s.n > 2 || s.p[0] == '0')
		return false;
	int v = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
	}
	if (v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

bool service_tag_add(struct service_tags *t, struct str tag)
{
	for (int g = 0; g < 3; g++) {
		size_t p = strlen(tag_groups[g].prefix);
		int n;
		if (tag.n > p && memcmp(tag.p, tag_groups[g].prefix, p) == 0 &&
		    small_number((struct str){tag.p + p, tag.n - p}, tag_groups[g].count, &n)) {
			*tag_mask(t, g) |= (int64_t)1 << (n - 1);
			return true;
		}
	}
	return false;
}

static bool is_separator(char c)
{
	return c == ' ' || c == ',' || c == ';' || c == '\t';
}

/* The next item of a list separated by is_separator(), skipping empty
 * ones; false at the end. */
static bool next_word(struct str *list, struct str *word)
{
	size_t i = 0;
	while (i < list->n && is_separator(list->p[i]))
		i++;
	if (i == list->n)
		return false;
	size_t start = i;
	while (i < list->n && !is_separator(list->p[i]))
		i++;
	*word = (struct str){list->p + start, i - start};
	*list = (struct str){list->p + i, list->n - i};
	return true;
}

bool service_tags_parse(struct str list, struct service_tags *t, struct str *bad)
{
	struct str w;
	*t = (struct service_tags){0};
	while (next_word(&list, &w))
		if (!service_tag_add(t, w)) {
			*bad = w;
			return false;
		}
	return true;
}

bool service_tag_name(const struct service_tags *t, int i, char buf[16])
{
	int g = 0;
	while (g < 3 && i >= tag_groups[g].count)
		i -= tag_groups[g++].count;
	if (g == 3 || i < 0)
		return false;
	int64_t mask = g == 0 ? t->items : g == 1 ? t->rules : t->directives;
	if (!(mask & ((int64_t)1 << i)))
		return false;
	snprintf(buf, 16, "%s%d", tag_groups[g].prefix, i + 1);
	return true;
}

bool service_tags_format(const struct service_tags *t, char *buf, size_t n)
{
	size_t used = 0;
	char one[16];
	if (n == 0)
		return false;
	buf[0] = '\0';
	for (int i = 0; i < SERVICE_TAG_COUNT; i++) {
		if (!service_tag_name(t, i, one))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? " " : "", one);
		if (w < 0 || (size_t)w >= n - used)
			return false;
		used += (size_t)w;
	}
	return true;
}

/* ---- dates ------------------------------------------------------------------ */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool parse_date(struct str s, int *y, int *m, int *d)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
			return false;
	*y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
	*m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	*d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1)
		return false;
	return *d <= days[*m - 1] + (*m == 2 && leap(*y));
}

bool service_date_ok(struct str date)
{
	int y, m, d;
	return parse_date(date, &y, &m, &d);
}

bool service_date_add(struct str date, int days, char out[11])
{
	int y, m, d;
	if (!parse_date(date, &y, &m, &d))
		return false;
	struct civil c = civil_utc((civil_days_from_date(y, m, d) + days) * 86400);
	y = c.year;
	m = c.month;
	d = c.day;
	if (y < 1900 || y > 9999)
		return false;
	const int parts[3] = {y, m, d}, widths[3] = {4, 2, 2};
	int o = 0;
	for (int k = 0; k < 3; k++) {
		if (k)
			out[o++] = '-';
		for (int w = widths[k] - 1, v = parts[k]; w >= 0; w--, v /= 10)
			out[o + w] = (char)('0' + v % 10);
		o += widths[k];
	}
	out[o] = '\0';
	return true;
}

/* ISO dates compare as text. */
static int date_cmp(struct str a, struct str b)
{
	size_t n = a.n < b.n ? a.n : b.n;
	int c = memcmp(a.p, b.p, n);
	return c ? c : (a.n > b.n) - (a.n < b.n);
}

bool service_valid_on(struct str valid_from, struct str valid_until, struct str today)
{
	if (valid_from.n && date_cmp(today, valid_from) < 0)
		return false;
	return valid_until.n == 0 || date_cmp(today, valid_until) <= 0;
}

bool service_expires_within(struct str valid_until, struct str today, int days)
{
	char last[11];
	if (!valid_until.n || !service_date_add(today, days, last))
		return false;
	return date_cmp(valid_until, today) >= 0 && date_cmp(valid_until, str_from(last)) <= 0;
}

/* ---- prices ------------------------------------------------------------------ */

int64_t service_price_with_tax(int64_t yen)
{
	return yen * (100 + SERVICE_TAX_PERCENT) / 100;
}

bool service_yen_format(int64_t yen, char *buf, size_t n)
{
	char digits[24];
	if (yen < 0)
		return false;
	int len = snprintf(digits, sizeof digits, "%lld", (long long)yen);
	size_t need = (size_t)len + (size_t)(len - 1) / 3 + 1, o = 0;
	if (need > n)
		return false;
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return true;
}

bool service_amount_parse(struct str s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t i = 0, digits = 0;
	s = str_trim(s);
	if (s.n >= 2 && (unsigned char)s.p[0] == 0xc2 && (unsigned char)s.p[1] == 0xa5)
		i = 2; /* ¥ */
	else if (s.n >= 1 && s.p[0] == '\\')
		i = 1; /* the yen sign of Japanese keyboards */
	if (i == s.n) {
		*out = 0;
		return i == 0;
	}
	for (; i < s.n; i++) {
		if (s.p[i] == ',' && digits > 0)
			continue;
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
		if (v > max)
			return false;
		digits++;
	}
	*out = v;
	return digits > 0;
}

bool service_prefectures_parse(struct str s, int64_t *mask, bool *nationwide)
{
	struct str w;
	*mask = 0;
	*nationwide = false;
	s = str_trim(s);
	if (str_eq_lit(s, "all")) {
		*nationwide = true;
		return true;
	}
	while (next_word(&s, &w)) {
		int code;
		if (w.n == 2 && w.p[0] == '0')
			w = (struct str){w.p + 1, 1};
		if (!org_prefecture_parse(w, &code))
			return false;
		*mask |= (int64_t)1 << (code - 1);
	}
	return *mask != 0;
}

/* ---- text -------------------------------------------------------------------- */

bool service_line_ok(struct str s)
{
	return plain_text_line_ok(s);
}

bool service_text_ok(struct str s)
{
	return plain_text_lines_ok(s);
}
