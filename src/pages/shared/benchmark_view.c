/*
 * benchmark_view.c — see benchmark_view.h.
 */
#include "pages/shared/benchmark_view.h"
#include "lib/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/statistics.h"
#include "pages/org/org_size.h"
#include "store/org.h"
#include "view/chart_benchmark.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/render_cache.h"

#define BENCHMARK_SVG_MAX (16u * 1024)

enum mm_err benchmark_place(struct req *r, struct store *s, enum benchmark_kind k, int64_t org_id)
{
	struct org_profile o;
	enum size_group group;
	enum size_class size;
	enum mm_err e = store_org_by_id(s, r->arena, org_id, &o);
	if (e)
		return e;
	struct benchmark_cell c = {
	    .industry = o.industry.n == 1 ? o.industry.p[0] : '\0',
	    .size_class = org_size_class(&o, &group, &size) ? (int)core_statistics_size(size)
	                                                    : STATISTICS_SIZE_UNKNOWN,
	    .region = core_benchmark_region(o.prefecture),
	};
	/* an organisation's division and prefecture are checked when it is
	 * saved; one that is not (put in by hand) is left out, not refused */
	if (core_benchmark_industry_index(c.industry) < 0 || c.region == 0)
		return MM_OK;
	return store_benchmark_place(s, k, org_id, &c);
}

/* units with `decimals` of them after the point ("2.75" for 275, 2), and
 * for whole numbers a comma every three digits ("12,345"). Written by
 * hand: a page prints a hundred of these, and printf's is slow. */
static struct str fixed(struct req *r, int64_t units, int decimals)
{
	char tmp[40];
	size_t n = sizeof tmp;
	bool negative = units < 0;
	uint64_t v = negative ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	int digit = 0;
	do {
		if (decimals > 0 && digit == decimals)
			tmp[--n] = '.';
		else if (decimals == 0 && digit > 0 && digit % 3 == 0)
			tmp[--n] = ',';
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
		digit++;
	} while (v > 0 || digit <= decimals);
	if (negative)
		tmp[--n] = '-';
	char *p = arena_alloc(r->arena, sizeof tmp - n);
	if (!p)
		return STR("");
	memcpy(p, tmp + n, sizeof tmp - n);
	return (struct str){p, sizeof tmp - n};
}

/* sum / n rounded to the nearest whole unit, halves away from zero. */
static int64_t rounded(int64_t sum, int64_t n)
{
	if (n <= 0)
		return 0;
	int64_t q = (2 * (sum < 0 ? -sum : sum) + n) / (2 * n);
	return sum < 0 ? -q : q;
}

struct str benchmark_score_text(struct req *r, enum benchmark_kind k, int score)
{
	return fixed(r, score, k == BENCHMARK_MANAGEMENT ? 2 : 0);
}

/* A group's mean: points to a tenth, levels to a hundredth. */
static struct str mean_text(struct req *r, enum benchmark_kind k, int64_t sum, int64_t n)
{
	return k == BENCHMARK_MANAGEMENT ? fixed(r, rounded(sum, n), 2)
	                                 : fixed(r, rounded(sum * 10, n), 1);
}

static struct str fill(struct req *r, const char *key, const char *const names[],
                       const struct str values[], size_t n)
{
	return labels_fill(r->arena, r->lang, key, names, values, n);
}

static struct str count_text(struct req *r, int64_t n)
{
	return fixed(r, n, 0);
}

static struct str size_label(struct req *r, int size)
{
	static const char *const keys[] = {"benchmark.size.0", "benchmark.size.1",
	                                   "benchmark.size.2", "benchmark.size.3"};
	return page_t(r, keys[size >= 0 && size < BENCHMARK_SIZES ? size : 0]);
}

/* The group the rules let a result of cell c (NULL: none) see, and its
 * figures. */
struct chosen {
	enum benchmark_level level;
	struct benchmark_group g;
};

/* The name of the group a level shows ("同じ業種・規模", "すべての組織" …). */
static struct str group_name(struct req *r, enum benchmark_level level)
{
	static const char *const keys[] = {
	    [BENCHMARK_CELL] = "benchmark.group.cell",
	    [BENCHMARK_INDUSTRY] = "benchmark.group.industry",
	    [BENCHMARK_ALL] = "benchmark.group.all",
	    [BENCHMARK_NONE] = "benchmark.group.none",
	};
	return page_t(r, keys[level]);
}

/* ---- the cells, kept a moment ------------------------------------------------
 *
 * Every page of a result needs the figures of all cells of its check and
 * version (to decide which group it may show, then to sum it). They are
 * kept here per check and version, shared by the serving threads, and
 * read again from the store when this process has committed a write since
 * (store_commits(): its own results show at once) or after
 * CELLS_FRESH_MS (other processes' results). What a page shows is always
 * one consistent reading of the aggregates, at most that old; the group
 * is summed where the reading is kept, so a page copies one group, not
 * every cell. */
#define CELLS_SLOTS 8      /* checks × versions kept */
#define CELLS_FRESH_MS 200 /* other processes' writes show within this */

/* Which reading of the cells a page used: a section rendered from it may
 * be served again while the reading is current (benchmark_section). */
struct reading {
	uint64_t commits;
	int64_t read_ms;
};

struct cells_slot {
	bool used;
	enum benchmark_kind kind;
	char version[32];
	struct reading at;
	struct benchmark_cells cells;
};

static struct cells_slot cells_slots[CELLS_SLOTS];
static pthread_mutex_t cells_lock = PTHREAD_MUTEX_INITIALIZER;

static bool slot_is(const struct cells_slot *c, enum benchmark_kind k, struct str version)
{
	return c->used && c->kind == k && strlen(c->version) == version.n &&
	       memcmp(c->version, version.p, version.n) == 0;
}

/* What a page takes from a reading of the cells (NULL: nothing, only
 * the reading's stamp). */
struct cells_use {
	void (*fn)(const struct benchmark_cells *cells, void *arg);
	void *arg;
};

static void cells_used(const struct cells_use *use, const struct benchmark_cells *cells)
{
	if (use)
		use->fn(cells, use->arg);
}

/* use applied to a current reading of the cells of (k, version), kept or
 * read now; *at says which reading it was. */
static enum mm_err with_cells(struct req *r, struct store *s, enum benchmark_kind k,
                              struct str version, const struct cells_use *use, struct reading *at)
{
	uint64_t commits = store_commits(); /* before reading: a later commit reads again */
	int64_t now = clock_monotonic_ms();
	bool found = false;
	pthread_mutex_lock(&cells_lock);
	for (size_t i = 0; i < CELLS_SLOTS && !found; i++) {
		struct cells_slot *c = &cells_slots[i];
		if (slot_is(c, k, version) && c->at.commits == commits &&
		    now - c->at.read_ms < CELLS_FRESH_MS) {
			cells_used(use, &c->cells);
			*at = c->at;
			found = true;
		}
	}
	pthread_mutex_unlock(&cells_lock);
	if (found)
		return MM_OK;
	struct benchmark_cells *cells = arena_alloc(r->arena, sizeof *cells);
	if (!cells)
		return MM_ERR_NOMEM;
	enum mm_err e = store_benchmark_cells(s, k, version, cells);
	if (e)
		return e;
	cells_used(use, cells);
	*at = (struct reading){commits, now};
	if (version.n >= sizeof cells_slots[0].version)
		return MM_OK; /* used, not kept */
	pthread_mutex_lock(&cells_lock);
	struct cells_slot *slot = &cells_slots[0];
	for (size_t i = 0; i < CELLS_SLOTS; i++) {
		struct cells_slot *c = &cells_slots[i];
		if (slot_is(c, k, version) || !c->used) {
			slot = c;
			break;
		}
		if (c->at.read_ms < slot->at.read_ms)
			slot = c; /* the oldest reading goes */
	}
	slot->used = true;
	slot->kind = k;
	memcpy(slot->version, version.p, version.n);
	slot->version[version.n] = '\0';
	slot->at = *at;
	slot->cells = *cells;
	pthread_mutex_unlock(&cells_lock);
	return MM_OK;
}

struct choice {
	const struct benchmark_cell *c; /* the result's cell; NULL: none */
	struct chosen *out;
};

/* The group the rules let a result of cell c see, summed. */
static void pick(const struct benchmark_cells *cells, void *arg)
{
	const struct choice *ch = arg;
	const struct benchmark_cell *c = ch->c;
	struct chosen *out = ch->out;
	struct benchmark_counts counts;
	core_benchmark_counts_of(cells, &counts);
	int industry = c ? core_benchmark_industry_index(c->industry) : -1;
	out->level = core_benchmark_choose(&counts, industry, c ? c->size_class : -1);
	switch (out->level) {
	case BENCHMARK_CELL:
		core_benchmark_sum(cells, industry, c->size_class, &out->g);
		break;
	case BENCHMARK_INDUSTRY:
		core_benchmark_sum(cells, industry, -1, &out->g);
		break;
	case BENCHMARK_ALL:
		core_benchmark_sum(cells, -1, -1, &out->g);
		break;
	case BENCHMARK_NONE:
		out->g = (struct benchmark_group){0};
		break;
	}
}

static enum mm_err choose(struct req *r, struct store *s, enum benchmark_kind k, struct str version,
                          const struct benchmark_cell *c, struct chosen *out)
{
	struct choice choice = {c, out};
	struct reading at;
	return with_cells(r, s, k, version, &(struct cells_use){pick, &choice}, &at);
}

/* Which group is shown, and why. */
static struct str reason(struct req *r, const struct chosen *ch, const struct benchmark_cell *c)
{
	static const char *const names[] = {"industry", "size", "count"};
	const struct str values[] = {
	    c ? labels_industry(r->lang, (struct str){&c->industry, 1}) : STR(""),
	    c ? size_label(r, c->size_class) : STR(""), count_text(r, ch->g.orgs)};
	const char *key = "benchmark.reason.none";
	switch (ch->level) {
	case BENCHMARK_CELL:
		key = "benchmark.reason.cell";
		break;
	case BENCHMARK_INDUSTRY:
		key = c->size_class == STATISTICS_SIZE_UNKNOWN
		          ? "benchmark.reason.industry_size_unknown"
		          : "benchmark.reason.industry";
		break;
	case BENCHMARK_ALL:
		key = c ? "benchmark.reason.all" : "benchmark.reason.all_anonymous";
		break;
	case BENCHMARK_NONE:
		break;
	}
	return fill(r, key, names, values, 3);
}

/* The catalogue's "{low}–{high}" cut at its two places, read once a
 * page. */
struct range_pattern {
	struct str before, between, after;
	bool ok;
};

static struct range_pattern range_pattern(struct req *r)
{
	struct str t = page_t(r, "benchmark.bin_range");
	const char *low = memmem(t.p, t.n, "{low}", 5), *high = memmem(t.p, t.n, "{high}", 6);
	if (!low || !high || high < low + 5)
		return (struct range_pattern){.ok = false};
	return (struct range_pattern){
	    .before = {t.p, (size_t)(low - t.p)},
	    .between = {low + 5, (size_t)(high - low - 5)},
	    .after = {high + 6, t.n - (size_t)(high + 6 - t.p)},
	    .ok = true,
	};
}

static struct str bin_range(struct req *r, const struct range_pattern *rp, enum benchmark_kind k,
                            int b)
{
	const struct benchmark_scale *sc = core_benchmark_scale(k);
	int low = core_benchmark_bin_low(k, b), high = low + sc->width - 1;
	if (high >= sc->high)
		return benchmark_score_text(r, k, sc->high);
	struct str from = benchmark_score_text(r, k, low), to = benchmark_score_text(r, k, high);
	struct buf out;
	buf_init(&out, r->arena, 256);
	if (!rp->ok || buf_append_str(&out, rp->before) || buf_append_str(&out, from) ||
	    buf_append_str(&out, rp->between) || buf_append_str(&out, to) ||
	    buf_append_str(&out, rp->after))
		return STR("");
	return buf_str(&out);
}

static enum mm_err histogram(struct req *r, const struct benchmark_subject *b,
                             const struct chosen *ch, const struct range_pattern *rp, int mine,
                             int percentile, struct str *svg)
{
	int nbins = core_benchmark_bins(b->kind);
	static const char *const names[] = {"count", "range", "in_bin", "percentile"};
	const struct str values[] = {count_text(r, ch->g.orgs), bin_range(r, rp, b->kind, mine),
	                             count_text(r, ch->g.bins[mine]), fixed(r, percentile, 0)};
	char *id = arena_printf(r->arena, "%s-histogram", b->id);
	struct chart_histogram_spec spec = {
	    .id = id,
	    .title = page_t(r, "benchmark.chart.title"),
	    .desc = fill(r, "benchmark.chart.desc", names, values, 4),
	    .bins = ch->g.bins,
	    .count = (size_t)nbins,
	    .low_label = benchmark_score_text(r, b->kind, core_benchmark_scale(b->kind)->low),
	    .high_label = benchmark_score_text(r, b->kind, core_benchmark_scale(b->kind)->high),
	    .marked = mine,
	    .marker = page_t(r, "benchmark.chart.you"),
	};
	struct buf out;
	if (!id)
		return MM_ERR_NOMEM;
	buf_init(&out, r->arena, BENCHMARK_SVG_MAX);
	enum mm_err e = chart_histogram_svg(&out, &spec);
	*svg = buf_str(&out);
	return e;
}

static enum mm_err figures_ctx(struct req *r, struct val *ctx, const struct benchmark_subject *b,
                               const struct chosen *ch)
{
	struct arena *a = r->arena;
	int nbins = core_benchmark_bins(b->kind);
	int mine = core_benchmark_bin(b->kind, b->total);
	int percentile = core_benchmark_percentile(ch->g.bins, nbins, mine);
	static const char *const names[] = {"percentile"};
	const struct str values[] = {fixed(r, percentile, 0)};
	struct range_pattern rp = range_pattern(r);
	struct str svg;
	enum mm_err e = histogram(r, b, ch, &rp, mine, percentile, &svg);
	if (e)
		return e;
	struct val *bins = val_set_list(a, ctx, "bins");
	struct val *measures = val_set_list(a, ctx, "measures");
	if (!bins || !measures || !val_set_html(a, ctx, "chart", svg) ||
	    !val_set_str(a, ctx, "mean", mean_text(r, b->kind, ch->g.total_sum, ch->g.orgs)) ||
	    !val_set_str(a, ctx, "own", benchmark_score_text(r, b->kind, b->total)) ||
	    !val_set_str(a, ctx, "percentile",
	                 fill(r, "benchmark.percentile_text", names, values, 1)))
		return MM_ERR_NOMEM;
	/* the table: from the lowest band anyone is in to the highest (the
	 * firm's own included), the chart showing the whole scale */
	int first = mine, last = mine;
	for (int i = 0; i < nbins; i++)
		if (ch->g.bins[i] > 0) {
			first = i < first ? i : first;
			last = i > last ? i : last;
		}
	for (int i = first; i <= last; i++) {
		struct val *v = val_list_push_obj(a, bins);
		if (!v || !val_set_str(a, v, "range", bin_range(r, &rp, b->kind, i)) ||
		    !val_set_str(a, v, "count", count_text(r, ch->g.bins[i])) ||
		    !val_set_bool(a, v, "mine", i == mine))
			return MM_ERR_NOMEM;
	}
	for (int i = 0; i < b->measure_count && i < BENCHMARK_MEASURES_MAX; i++) {
		struct val *v = val_list_push_obj(a, measures);
		if (!v || !val_set_str(a, v, "name", b->names[i]) ||
		    !val_set_str(a, v, "own", benchmark_score_text(r, b->kind, b->measures[i])) ||
		    !val_set_str(a, v, "mean", mean_text(r, b->kind, ch->g.sum[i], ch->g.orgs)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* The render cache's key of b's section on reading at: every input of
 * the section (check, version, language, the result's cell, its scores
 * and their headings, the ids) and the reading, hashed; false when no key
 * can be made (then the section is not kept). */
static bool section_key(struct req *r, const struct benchmark_subject *b,
                        const struct benchmark_cell *c, struct reading at,
                        char key[RENDER_CACHE_KEY_MAX])
{
	struct buf text;
	buf_init(&text, r->arena, 4096);
	bool ok =
	    !buf_printf(&text, "%d|%.*s|%s|%s|%c|%d|%d|%s|%llu|%lld|%d", (int)b->kind,
	                (int)b->version.n, b->version.p, lang_code(r->lang), c ? "cell" : "-",
	                c ? c->industry : '-', c ? c->size_class : -1, b->total, b->id,
	                (unsigned long long)at.commits, (long long)at.read_ms, b->measure_count);
	for (int i = 0; ok && i < b->measure_count; i++)
		ok = !buf_append_char(&text, '|') && !buf_append_int(&text, b->measures[i]) &&
		     !buf_append_char(&text, '|') &&
		     !buf_append_int(&text, (int64_t)b->names[i].n) &&
		     !buf_append_char(&text, ':') && !buf_append_str(&text, b->names[i]);
	return ok && render_cache_key(key, "benchmark", buf_str(&text));
}

/* The section from the reading of the cells: the same for every result
 * of the same cell and scores while the reading is current, so it is
 * kept in the render cache under that reading (a new reading, after a
 * commit of this process or CELLS_FRESH_MS, is a new key). */
enum mm_err benchmark_section(struct req *r, struct store *s, const struct benchmark_subject *b,
                              struct str *html)
{
	struct arena *a = r->arena;
	struct benchmark_cell cell;
	struct chosen ch;
	struct reading at;
	char key[RENDER_CACHE_KEY_MAX];
	enum mm_err e = b->result_id
	                    ? store_benchmark_cell_of_result(s, b->kind, b->result_id, &cell)
	                    : MM_ERR_NOT_FOUND;
	bool has_cell = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = with_cells(r, s, b->kind, b->version, NULL, &at)))
		return e;
	bool keyed = section_key(r, b, has_cell ? &cell : NULL, at, key);
	if (keyed && render_cache_get(a, key, html))
		return MM_OK;
	if ((e = choose(r, s, b->kind, b->version, has_cell ? &cell : NULL, &ch)))
		return e;
	struct val *ctx = val_obj(a);
	bool shown = ch.level != BENCHMARK_NONE;
	if (!ctx || !val_set_cstr(a, ctx, "id", b->id) || !val_set_bool(a, ctx, "shown", shown) ||
	    !val_set_bool(a, ctx, "management", b->kind == BENCHMARK_MANAGEMENT) ||
	    !val_set_str(a, ctx, "reason", reason(r, &ch, has_cell ? &cell : NULL)))
		return MM_ERR_NOMEM;
	if (shown && (e = figures_ctx(r, ctx, b, &ch)))
		return e;
	if ((e = page_render_body(r, "benchmark_section", ctx, html)))
		return e;
	if (keyed)
		render_cache_put(key, *html);
	return MM_OK;
}

enum mm_err benchmark_group_means(struct req *r, struct store *s, const struct benchmark_subject *b,
                                  int means[], struct str *group, bool *shown)
{
	struct benchmark_cell cell;
	struct chosen ch;
	enum mm_err e = b->result_id
	                    ? store_benchmark_cell_of_result(s, b->kind, b->result_id, &cell)
	                    : MM_ERR_NOT_FOUND;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = choose(r, s, b->kind, b->version, e == MM_OK ? &cell : NULL, &ch)))
		return e;
	*shown = ch.level != BENCHMARK_NONE;
	if (!*shown)
		return MM_OK;
	for (int i = 0; i < b->measure_count && i < BENCHMARK_MEASURES_MAX; i++)
		means[i] = (int)rounded(ch.g.sum[i], ch.g.orgs);
	*group = group_name(r, ch.level);
	return MM_OK;
}

enum mm_err benchmark_brief(struct req *r, struct store *s, enum benchmark_kind k,
                            struct str version, const struct benchmark_cell *cell, int total,
                            struct benchmark_brief *out)
{
	struct chosen ch;
	enum mm_err e = choose(r, s, k, version, cell, &ch);
	if (e)
		return e;
	out->shown = ch.level != BENCHMARK_NONE;
	out->group = group_name(r, ch.level);
	out->mean = out->shown ? mean_text(r, k, ch.g.total_sum, ch.g.orgs) : STR("");
	out->percentile = out->shown ? core_benchmark_percentile(ch.g.bins, core_benchmark_bins(k),
	                                                         core_benchmark_bin(k, total))
	                             : -1;
	return MM_OK;
}

enum mm_err benchmark_regions_ctx(struct req *r, struct val *ctx)
{
	static const char *const kinds[] = {"benchmark.kind.assessment",
	                                    "benchmark.kind.management"};
	static const char *const regions[] = {
	    "benchmark.region.1", "benchmark.region.2", "benchmark.region.3",
	    "benchmark.region.4", "benchmark.region.5", "benchmark.region.6",
	    "benchmark.region.7", "benchmark.region.8", "benchmark.region.9"};
	struct arena *a = r->arena;
	struct benchmark_region_row *rows;
	size_t n;
	enum mm_err e = store_benchmark_regions(r->store, a, &rows, &n);
	if (e)
		return e;
	struct val *list = val_set_list(a, ctx, "benchmark_regions");
	if (!list || !val_set_bool(a, ctx, "has_benchmark_regions", n > 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct benchmark_region_row *row = &rows[i];
		if (row->region < 1 || row->region > BENCHMARK_REGIONS)
			continue;
		struct val *v = val_list_push_obj(a, list);
		if (!v ||
		    !val_set_str(a, v, "check",
		                 page_t(r, kinds[row->kind == BENCHMARK_MANAGEMENT])) ||
		    !val_set_str(a, v, "version", row->version) ||
		    !val_set_str(a, v, "region", page_t(r, regions[row->region - 1])) ||
		    !val_set_str(a, v, "organisations", count_text(r, row->orgs)) ||
		    !val_set_str(a, v, "mean", mean_text(r, row->kind, row->total_sum, row->orgs)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}
