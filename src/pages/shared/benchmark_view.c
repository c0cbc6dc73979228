/*
 * benchmark_view.c — see benchmark_view.h.
 */
#include "pages/shared/benchmark_view.h"

#include <stdio.h>

#include "core/statistics.h"
#include "pages/org/org_size.h"
#include "store/org.h"
#include "view/chart_benchmark.h"
#include "view/labels.h"
#include "web/page.h"

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

/* v with 0, 1 or 2 decimals. */
static struct str decimal(struct req *r, double v, int digits)
{
	char *p = digits == 2   ? arena_printf(r->arena, "%.2f", v)
	          : digits == 1 ? arena_printf(r->arena, "%.1f", v)
	                        : arena_printf(r->arena, "%.0f", v);
	return p ? str_from(p) : STR("");
}

struct str benchmark_score_text(struct req *r, enum benchmark_kind k, int score)
{
	return k == BENCHMARK_MANAGEMENT ? decimal(r, score / 100.0, 2) : decimal(r, score, 0);
}

static struct str mean_text(struct req *r, enum benchmark_kind k, int64_t sum, int64_t n)
{
	double m = core_benchmark_mean(sum, n);
	return k == BENCHMARK_MANAGEMENT ? decimal(r, m / 100.0, 2) : decimal(r, m, 1);
}

static struct str fill(struct req *r, const char *key, const char *const names[],
                       const struct str values[], size_t n)
{
	return labels_fill(r->arena, r->lang, key, names, values, n);
}

static struct str count_text(struct req *r, int64_t n)
{
	char *p = labels_format_count(r->arena, n);
	return p ? str_from(p) : STR("");
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

static enum mm_err choose(struct store *s, enum benchmark_kind k, struct str version,
                          const struct benchmark_cell *c, struct chosen *out)
{
	struct benchmark_counts counts;
	enum mm_err e = store_benchmark_counts(s, k, version, &counts);
	if (e)
		return e;
	int industry = c ? core_benchmark_industry_index(c->industry) : -1;
	out->level = core_benchmark_choose(&counts, industry, c ? c->size_class : -1);
	switch (out->level) {
	case BENCHMARK_CELL:
		return store_benchmark_group(s, k, version, c->industry, c->size_class, &out->g);
	case BENCHMARK_INDUSTRY:
		return store_benchmark_group(s, k, version, c->industry, -1, &out->g);
	case BENCHMARK_ALL:
		return store_benchmark_group(s, k, version, '\0', -1, &out->g);
	case BENCHMARK_NONE:
		break;
	}
	out->g = (struct benchmark_group){0};
	return MM_OK;
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

static struct str bin_range(struct req *r, enum benchmark_kind k, int b)
{
	const struct benchmark_scale *sc = core_benchmark_scale(k);
	int low = core_benchmark_bin_low(k, b), high = low + sc->width - 1;
	if (high >= sc->high)
		return benchmark_score_text(r, k, sc->high);
	static const char *const names[] = {"low", "high"};
	const struct str values[] = {benchmark_score_text(r, k, low),
	                             benchmark_score_text(r, k, high)};
	return fill(r, "benchmark.bin_range", names, values, 2);
}

static enum mm_err histogram(struct req *r, const struct benchmark_subject *b,
                             const struct chosen *ch, int mine, int percentile, struct str *svg)
{
	int nbins = core_benchmark_bins(b->kind);
	static const char *const names[] = {"count", "range", "in_bin", "percentile"};
	const struct str values[] = {count_text(r, ch->g.orgs), bin_range(r, b->kind, mine),
	                             count_text(r, ch->g.bins[mine]), decimal(r, percentile, 0)};
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
	const struct str values[] = {decimal(r, percentile, 0)};
	struct str svg;
	enum mm_err e = histogram(r, b, ch, mine, percentile, &svg);
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
	for (int i = 0; i < nbins; i++) {
		struct val *v = val_list_push_obj(a, bins);
		if (!v || !val_set_str(a, v, "range", bin_range(r, b->kind, i)) ||
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

enum mm_err benchmark_section(struct req *r, struct store *s, const struct benchmark_subject *b,
                              struct str *html)
{
	struct arena *a = r->arena;
	struct benchmark_cell cell;
	struct chosen ch;
	enum mm_err e = b->result_id
	                    ? store_benchmark_cell_of_result(s, b->kind, b->result_id, &cell)
	                    : MM_ERR_NOT_FOUND;
	bool has_cell = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = choose(s, b->kind, b->version, has_cell ? &cell : NULL, &ch)))
		return e;
	struct val *ctx = val_obj(a);
	bool shown = ch.level != BENCHMARK_NONE;
	if (!ctx || !val_set_cstr(a, ctx, "id", b->id) || !val_set_bool(a, ctx, "shown", shown) ||
	    !val_set_bool(a, ctx, "management", b->kind == BENCHMARK_MANAGEMENT) ||
	    !val_set_str(a, ctx, "reason", reason(r, &ch, has_cell ? &cell : NULL)))
		return MM_ERR_NOMEM;
	if (shown && (e = figures_ctx(r, ctx, b, &ch)))
		return e;
	return page_render_body(r, "benchmark_section", ctx, html);
}

enum mm_err benchmark_brief(struct req *r, struct store *s, enum benchmark_kind k,
                            struct str version, const struct benchmark_cell *cell, int total,
                            struct benchmark_brief *out)
{
	static const char *const keys[] = {
	    [BENCHMARK_CELL] = "benchmark.group.cell",
	    [BENCHMARK_INDUSTRY] = "benchmark.group.industry",
	    [BENCHMARK_ALL] = "benchmark.group.all",
	    [BENCHMARK_NONE] = "benchmark.group.none",
	};
	struct chosen ch;
	enum mm_err e = choose(s, k, version, cell, &ch);
	if (e)
		return e;
	out->shown = ch.level != BENCHMARK_NONE;
	out->group = page_t(r, keys[ch.level]);
	out->mean = out->shown ? mean_text(r, k, ch.g.total_sum, ch.g.orgs) : STR("");
	out->percentile = out->shown ? core_benchmark_percentile(ch.g.bins, core_benchmark_bins(k),
	                                                         core_benchmark_bin(k, total))
	                             : -1;
	return MM_OK;
}
