/*
 * statistics_tables.c — see statistics_tables.h. Everything here reads
 * the small counter tables of migration 0022 (a few thousand rows at
 * most) and sums them in memory.
 */
#include "pages/statistics/statistics_tables.h"

#include <stdio.h>
#include <string.h>

#include "core/org_fields.h"
#include "core/statistics.h"
#include "lib/civil.h"
#include "store/statistics.h"
#include "view/labels.h"

#define INDUSTRIES 20 /* JSIC divisions A–T */

static const char *const level_cols[] = {"one_star", "two_stars", "total"};
static const char *const flow_cols[] = {"declared", "upgraded", "downgraded", "withdrawn",
                                        "revoked"};
static const char *const band_cols[] = {"band_0_49", "band_50_69", "band_70_99", "band_100",
                                        "total"};
static const char *const level_keys[] = {"statistics.col.one_star", "statistics.col.two_stars",
                                         "statistics.col.total"};
static const char *const flow_keys[] = {"statistics.col.declared", "statistics.col.upgraded",
                                        "statistics.col.downgraded", "statistics.col.withdrawn",
                                        "statistics.col.revoked"};
static const char *const band_keys[] = {"statistics.col.band_0_49", "statistics.col.band_50_69",
                                        "statistics.col.band_70_99", "statistics.col.band_100",
                                        "statistics.col.total"};
static const char *const size_codes[STATISTICS_SIZE_COUNT] = {"unknown", "small", "medium",
                                                              "large"};
/* Sizes in the order shown: small first, unknown last. */
static const int size_order[STATISTICS_SIZE_COUNT] = {
    STATISTICS_SIZE_SMALL, STATISTICS_SIZE_MEDIUM, STATISTICS_SIZE_LARGE, STATISTICS_SIZE_UNKNOWN};

static struct str t(enum lang l, const char *key)
{
	return i18n_get(l, str_from(key));
}

size_t stat_table_width(const struct stat_table *tb)
{
	return tb->cols + tb->margins;
}

size_t stat_table_height(const struct stat_table *tb)
{
	return tb->rows + tb->margins;
}

/* Room for a table of rows × cols (margins added), its labels and codes. */
static enum mm_err table_init(struct arena *a, enum lang l, struct stat_table *tb, const char *name,
                              size_t rows, size_t cols, bool margins, const char *const *col_codes,
                              const char *const *col_keys)
{
	char key[64];
	*tb = (struct stat_table){
	    .name = name, .rows = rows, .cols = cols, .margins = margins, .col_codes = col_codes};
	snprintf(key, sizeof key, "statistics.%s.title", name);
	tb->title = t(l, key);
	snprintf(key, sizeof key, "statistics.%s.desc", name);
	tb->desc = t(l, key);
	size_t w = stat_table_width(tb), h = stat_table_height(tb);
	tb->v = arena_zalloc(a, w * h * sizeof *tb->v);
	tb->hidden = arena_zalloc(a, w * h * sizeof *tb->hidden);
	tb->row_codes = arena_zalloc(a, h * sizeof *tb->row_codes);
	tb->row_labels = arena_zalloc(a, h * sizeof *tb->row_labels);
	tb->col_labels = arena_zalloc(a, w * sizeof *tb->col_labels);
	if (!tb->v || !tb->hidden || !tb->row_codes || !tb->row_labels || !tb->col_labels)
		return MM_ERR_NOMEM;
	for (size_t c = 0; c < w; c++)
		tb->col_labels[c] = t(l, col_keys[c]);
	if (margins) {
		tb->row_codes[rows] = STR("total");
		tb->row_labels[rows] = t(l, "statistics.row.total");
	}
	return MM_OK;
}

static void add(struct stat_table *tb, size_t row, size_t col, int64_t n)
{
	tb->v[row * stat_table_width(tb) + col] += n;
}

/* Row, column and grand totals from the cells. */
static void fill_margins(struct stat_table *tb)
{
	size_t w = stat_table_width(tb);
	if (!tb->margins)
		return;
	for (size_t r = 0; r < tb->rows; r++)
		for (size_t c = 0; c < tb->cols; c++) {
			int64_t v = tb->v[r * w + c];
			tb->v[r * w + tb->cols] += v;
			tb->v[tb->rows * w + c] += v;
			tb->v[tb->rows * w + tb->cols] += v;
		}
}

static enum mm_err finish(struct stat_table *tb, bool suppress)
{
	fill_margins(tb);
	if (!suppress)
		return MM_OK;
	return core_statistics_suppress(tb->rows, tb->cols, tb->margins, tb->v, tb->hidden)
	           ? MM_OK
	           : MM_ERR_INVALID;
}

static struct str number_code(struct arena *a, int v, bool two_digits)
{
	char *s = two_digits ? arena_printf(a, "%02d", v) : arena_printf(a, "%d", v);
	return s ? str_from(s) : STR("");
}

static enum mm_err load_active(struct store *s, struct arena *a, enum lang l, bool suppress,
                               struct stat_tables *out)
{
	struct statistics_cell *cells;
	size_t n;
	enum mm_err e = store_statistics_active(s, a, &cells, &n);
	struct stat_table *lv = &out->t[STAT_LEVELS], *pf = &out->t[STAT_PREFECTURES],
	                  *in = &out->t[STAT_INDUSTRIES], *sz = &out->t[STAT_SIZES];
	if (e || (e = table_init(a, l, lv, "levels", 1, 2, true, level_cols, level_keys)) ||
	    (e = table_init(a, l, pf, "prefectures", PREFECTURE_COUNT, 2, true, level_cols,
	                    level_keys)) ||
	    (e = table_init(a, l, in, "industries", INDUSTRIES, 2, true, level_cols, level_keys)) ||
	    (e = table_init(a, l, sz, "sizes", STATISTICS_SIZE_COUNT, 2, true, level_cols,
	                    level_keys)))
		return e;
	lv->row_codes[0] = STR("active");
	lv->row_labels[0] = t(l, "statistics.row.active");
	for (int p = 1; p <= PREFECTURE_COUNT; p++) {
		pf->row_codes[p - 1] = number_code(a, p, true);
		pf->row_labels[p - 1] = labels_prefecture(l, p);
	}
	for (int d = 0; d < INDUSTRIES; d++) {
		char letter[2] = {(char)('A' + d), 0};
		struct str name = labels_industry(l, str_from(letter));
		char *code = arena_strndup(a, letter, 1),
		     *label = arena_printf(a, "%c %.*s", 'A' + d, (int)name.n, name.p);
		if (!code || !label)
			return MM_ERR_NOMEM;
		in->row_codes[d] = str_from(code);
		in->row_labels[d] = str_from(label);
	}
	for (int k = 0; k < STATISTICS_SIZE_COUNT; k++) {
		char key[64];
		snprintf(key, sizeof key, "statistics.size.%s", size_codes[size_order[k]]);
		sz->row_codes[k] = str_from(size_codes[size_order[k]]);
		sz->row_labels[k] = t(l, key);
	}
	for (size_t i = 0; i < n; i++) {
		const struct statistics_cell *c = &cells[i];
		if (c->level < 1 || c->level > 2)
			continue;
		size_t col = (size_t)(c->level - 1);
		add(lv, 0, col, c->organisations);
		if (c->prefecture >= 1 && c->prefecture <= PREFECTURE_COUNT)
			add(pf, (size_t)(c->prefecture - 1), col, c->organisations);
		if (c->industry >= 'A' && c->industry <= 'T')
			add(in, (size_t)(c->industry - 'A'), col, c->organisations);
		for (size_t k = 0; k < STATISTICS_SIZE_COUNT; k++)
			if (size_order[k] == c->size_class)
				add(sz, k, col, c->organisations);
	}
	if ((e = finish(lv, suppress)) || (e = finish(pf, suppress)) || (e = finish(in, suppress)))
		return e;
	return finish(sz, suppress);
}

/* "2026年1月" / "Jan 2026". */
static struct str month_label(struct arena *a, enum lang l, int month)
{
	static const char *const names[] = {"year", "month"};
	char key[48], *year = arena_printf(a, "%d", month / 12);
	snprintf(key, sizeof key, "statistics.month.%d", month % 12 + 1);
	struct str values[] = {year ? str_from(year) : STR(""), t(l, key)};
	return labels_fill(a, l, "statistics.month_label", names, values, 2);
}

static enum mm_err load_monthly(struct store *s, struct arena *a, enum lang l, int64_t now,
                                bool suppress, struct stat_tables *out)
{
	struct civil c = civil_utc(now + CIVIL_JAPAN_OFFSET_S);
	int last = c.year * 12 + c.month - 1, first = last - (STAT_MONTHS - 1);
	struct statistics_flow *flows;
	size_t n;
	struct stat_table *tb = &out->t[STAT_MONTHLY];
	enum mm_err e = store_statistics_monthly(s, a, first, &flows, &n);
	if (e || (e = table_init(a, l, tb, "monthly", STAT_MONTHS, 5, false, flow_cols, flow_keys)))
		return e;
	for (int m = 0; m < STAT_MONTHS; m++) {
		int month = last - m; /* newest first */
		char *text = arena_printf(a, "%04d-%02d", month / 12, month % 12 + 1);
		tb->row_codes[m] = text ? str_from(text) : STR("");
		tb->row_labels[m] = month_label(a, l, month);
		for (size_t i = 0; i < n; i++) {
			if (flows[i].period != month)
				continue;
			const int64_t v[] = {flows[i].declared, flows[i].upgraded,
			                     flows[i].downgraded, flows[i].withdrawn,
			                     flows[i].revoked};
			for (size_t k = 0; k < 5; k++)
				add(tb, (size_t)m, k, v[k]);
		}
	}
	return finish(tb, suppress);
}

/* "72.4": a mean to one decimal, or "" with no results. */
static struct str mean_text(struct arena *a, int64_t sum, int64_t count)
{
	if (count <= 0)
		return STR("");
	int64_t tenths = (sum * 10 * 2 + (sum >= 0 ? count : -count)) / (2 * count);
	char *s = arena_printf(a, "%s%lld.%lld", tenths < 0 ? "-" : "",
	                       (long long)((tenths < 0 ? -tenths : tenths) / 10),
	                       (long long)((tenths < 0 ? -tenths : tenths) % 10));
	return s ? str_from(s) : STR("");
}

static enum mm_err load_scores(struct store *s, struct arena *a, enum lang l, int64_t now,
                               bool suppress, struct stat_tables *out)
{
	struct statistics_score *rows;
	size_t n;
	struct stat_table *tb = &out->t[STAT_SCORES];
	enum mm_err e = store_statistics_scores(s, a, &rows, &n);
	if (e)
		return e;
	int last = civil_utc(now + CIVIL_JAPAN_OFFSET_S).year, first = last;
	for (size_t i = 0; i < n; i++)
		if (rows[i].year < first && rows[i].year >= last - 50)
			first = rows[i].year;
	size_t years = (size_t)(last - first + 1);
	if ((e = table_init(a, l, tb, "scores", years, STATISTICS_SCORE_BANDS, true, band_cols,
	                    band_keys)))
		return e;
	tb->extra_code = "mean";
	tb->extra_label = t(l, "statistics.col.mean");
	tb->extra = arena_zalloc(a, (years + 1) * sizeof *tb->extra);
	int64_t *sums = arena_zalloc(a, (years + 1) * sizeof *sums);
	if (!tb->extra || !sums)
		return MM_ERR_NOMEM;
	for (size_t y = 0; y < years; y++) {
		tb->row_codes[y] = number_code(a, last - (int)y, false); /* newest first */
		tb->row_labels[y] = tb->row_codes[y];
	}
	for (size_t i = 0; i < n; i++) {
		int y = last - rows[i].year;
		if (y < 0 || (size_t)y >= years || rows[i].band < 0 ||
		    rows[i].band >= STATISTICS_SCORE_BANDS)
			continue;
		add(tb, (size_t)y, (size_t)rows[i].band, rows[i].results);
		sums[y] += rows[i].score_sum;
		sums[years] += rows[i].score_sum;
	}
	if ((e = finish(tb, suppress)))
		return e;
	size_t w = stat_table_width(tb);
	for (size_t y = 0; y <= years; y++)
		tb->extra[y] = tb->hidden[y * w + tb->cols]
		                   ? STR("")
		                   : mean_text(a, sums[y], tb->v[y * w + tb->cols]);
	return MM_OK;
}

enum mm_err stat_tables_load(struct store *s, struct arena *a, enum lang l, int64_t now,
                             bool suppress, struct stat_tables *out)
{
	enum mm_err e;
	*out = (struct stat_tables){0};
	if ((e = load_active(s, a, l, suppress, out)) ||
	    (e = load_monthly(s, a, l, now, suppress, out)))
		return e;
	return load_scores(s, a, l, now, suppress, out);
}

const struct stat_table *stat_tables_find(const struct stat_tables *tables, struct str name)
{
	for (size_t i = 0; i < STAT_TABLE_COUNT; i++)
		if (tables->t[i].name && str_eq(name, str_from(tables->t[i].name)))
			return &tables->t[i];
	return NULL;
}

struct str stat_cell_text(struct arena *a, enum lang l, const struct stat_table *tb, size_t i)
{
	if (tb->hidden[i])
		return t(l, "statistics.hidden");
	char *s = labels_format_count(a, tb->v[i]);
	return s ? str_from(s) : STR("");
}

enum mm_err stat_table_csv(struct buf *b, struct arena *a, enum lang l, const struct stat_table *tb)
{
	size_t w = stat_table_width(tb), h = stat_table_height(tb);
	enum mm_err e;
	if ((e = buf_append_csv(b, STR("code"), false)) ||
	    (e = buf_append_csv(b, STR("label"), false)))
		return e;
	for (size_t c = 0; c < w; c++)
		if ((e = buf_append_csv(b, str_from(tb->col_codes[c]),
		                        c + 1 == w && !tb->extra_code)))
			return e;
	if (tb->extra_code && (e = buf_append_csv(b, str_from(tb->extra_code), true)))
		return e;
	for (size_t r = 0; r < h; r++) {
		if ((e = buf_append_csv(b, tb->row_codes[r], false)) ||
		    (e = buf_append_csv(b, tb->row_labels[r], false)))
			return e;
		for (size_t c = 0; c < w; c++) {
			size_t i = r * w + c;
			bool last = c + 1 == w && !tb->extra_code;
			e = tb->hidden[i] ? buf_append_csv(b, t(l, "statistics.hidden"), last)
			                  : buf_append_csv_int(b, tb->v[i], last);
			if (e)
				return e;
		}
		if (tb->extra_code && (e = buf_append_csv(b, tb->extra[r], true)))
			return e;
	}
	(void)a;
	return MM_OK;
}
