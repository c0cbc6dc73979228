/*
 * benchmark.c — see benchmark.h. The triggers of migration 0026 keep the
 * aggregates; this file places results in their cell, reads the small
 * aggregate tables, and rebuilds them from the results as the triggers
 * count: the latest result with a cell of each organisation, its figures
 * summed per cell and per region.
 */
#include "store/benchmark.h"

#include <stdio.h>
#include <string.h>

#include "store/sql.h"

#define GROUP_MEASURE(i) " s" #i ", q" #i
#define GROUP_SUM(i) " coalesce(sum(s" #i "), 0), coalesce(sum(q" #i "), 0)"
#define MEMBER_SUM(i) " sum(m" #i "), sum(m" #i " * m" #i ")"
#define TEN(f)                                                                                     \
	f(1) "," f(2) "," f(3) "," f(4) "," f(5) "," f(6) "," f(7) "," f(8) "," f(9) "," f(10)
#define GROUP_MEASURES TEN(GROUP_MEASURE)
#define GROUP_SUMS TEN(GROUP_SUM)
#define MEMBER_SUMS TEN(MEMBER_SUM)

static const struct sql SQL_PLACE_ASSESSMENT =
    SQL("UPDATE assessment_result SET bench_industry = $2, bench_size = $3, bench_region = $4"
        " WHERE organisation_id = $1 AND bench_industry IS NULL");
static const struct sql SQL_PLACE_MANAGEMENT =
    SQL("UPDATE management_result SET bench_industry = $2, bench_size = $3, bench_region = $4"
        " WHERE organisation_id = $1 AND bench_industry IS NULL");
static const struct sql SQL_CELL_ASSESSMENT =
    SQL("SELECT bench_industry, bench_size, bench_region FROM assessment_result"
        " WHERE id = $1 AND bench_industry IS NOT NULL");
static const struct sql SQL_CELL_MANAGEMENT =
    SQL("SELECT bench_industry, bench_size, bench_region FROM management_result"
        " WHERE id = $1 AND bench_industry IS NOT NULL");
static const struct sql SQL_MEMBER =
    SQL("SELECT result_id, version, industry, size_class, region, total, m1, m2, m3, m4, m5, m6,"
        " m7, m8, m9, m10 FROM benchmark_member WHERE kind = $1 AND organisation_id = $2");
static const struct sql SQL_CELLS =
    SQL("SELECT industry, size_class, organisations, total_sum, total_squares," GROUP_MEASURES
        " FROM benchmark_group WHERE kind = $1 AND version = $2 AND region = 0"
        " AND organisations <> 0");
static const struct sql SQL_CELL_BINS =
    SQL("SELECT industry, size_class, bin, organisations FROM benchmark_histogram"
        " WHERE kind = $1 AND version = $2 AND region = 0 AND organisations <> 0");

static const struct sql SQL_REGIONS =
    SQL("SELECT kind, version, region, organisations, total_sum FROM benchmark_group"
        " WHERE industry = '' AND size_class = -1 AND organisations <> 0"
        " ORDER BY kind, version, region LIMIT $1");

/* The fingerprint. */
static const struct sql SQL_ALL_GROUPS =
    SQL("SELECT kind, version, industry, size_class, region, organisations, total_sum,"
        " total_squares," GROUP_MEASURES " FROM benchmark_group WHERE organisations <> 0"
        " ORDER BY kind, version, industry, size_class, region");
static const struct sql SQL_ALL_BINS =
    SQL("SELECT kind, version, industry, size_class, region, bin, organisations"
        " FROM benchmark_histogram WHERE organisations <> 0"
        " ORDER BY kind, version, industry, size_class, region, bin");
static const struct sql SQL_ALL_MEMBERS =
    SQL("SELECT kind, organisation_id, result_id, industry, size_class, region, total"
        " FROM benchmark_member ORDER BY kind, organisation_id");

/* The rebuild, in order. */
#define REGION_CASE(p)                                                                             \
	"CASE WHEN " p " = 1 THEN 1 WHEN " p " <= 7 THEN 2 WHEN " p " IN (16, 17, 21, 23, 24)"     \
	" THEN 4 WHEN " p " = 18 OR " p " BETWEEN 25 AND 30 THEN 5 WHEN " p " <= 22 THEN 3"        \
	" WHEN " p " <= 35 THEN 6 WHEN " p " <= 39 THEN 7 WHEN " p " <= 46 THEN 8 ELSE 9 END"
#define CELL_OF(table)                                                                             \
	"UPDATE " table " SET bench_industry = (SELECT o.industry FROM organisation o"             \
	" WHERE o.id = " table ".organisation_id), bench_size = coalesce((SELECT d.size_class"     \
	" FROM declaration d WHERE d.organisation_id = " table ".organisation_id"                  \
	" ORDER BY d.declared_at DESC, d.id DESC LIMIT 1), 0), bench_region = "                    \
	"(SELECT " REGION_CASE("o.prefecture") " FROM organisation o WHERE o.id = " table          \
	                                       ".organisation_id) WHERE organisation_id IS NOT "   \
	                                       "NULL AND bench_industry IS NULL"
/* The triggers stand aside while the rebuild runs (see migration 0026). */
static const struct sql SQL_REBUILD_START =
    SQL_EACH("INSERT INTO benchmark_rebuilding (running) VALUES (1)",
             "SELECT set_config('mamori.benchmark_rebuild', 'on', true)");
static const struct sql SQL_REBUILD_END =
    SQL_EACH("DELETE FROM benchmark_rebuilding",
             "SELECT set_config('mamori.benchmark_rebuild', 'off', true)");
static const struct sql SQL_CELL_OF_ASSESSMENTS = SQL(CELL_OF("assessment_result"));
static const struct sql SQL_CELL_OF_MANAGEMENT = SQL(CELL_OF("management_result"));
static const struct sql SQL_CLEAR_MEMBERS = SQL("DELETE FROM benchmark_member");
#define LATEST(table)                                                                              \
	" FROM " table " r WHERE r.organisation_id IS NOT NULL AND r.bench_industry IS NOT NULL"   \
	" AND NOT EXISTS (SELECT 1 FROM " table " n WHERE n.organisation_id = r.organisation_id"   \
	" AND n.bench_industry IS NOT NULL AND (n.taken_at > r.taken_at OR (n.taken_at ="          \
	" r.taken_at AND n.id > r.id)))"
static const struct sql SQL_FILL_ASSESSMENT_MEMBERS =
    SQL("INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,"
        " size_class, region, total, bin, m1, m2, m3)"
        " SELECT 'assessment', r.organisation_id, r.id, r.version, r.bench_industry,"
        " r.bench_size, r.bench_region, r.total, (r.total + 25) / 5, r.part1, r.part2,"
        " r.part3" LATEST("assessment_result"));
static const struct sql SQL_FILL_MANAGEMENT_MEMBERS =
    SQL("INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,"
        " size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)"
        " SELECT 'management', r.organisation_id, r.id, r.version, r.bench_industry,"
        " r.bench_size, r.bench_region, r.overall, r.overall / 50, r.d1, r.d2, r.d3, r.d4,"
        " r.d5, r.d6, r.d7, r.d8, r.d9, r.d10" LATEST("management_result"));
static const struct sql SQL_CLEAR_GROUPS = SQL("DELETE FROM benchmark_group");
static const struct sql SQL_CLEAR_BINS = SQL("DELETE FROM benchmark_histogram");
static const struct sql SQL_FILL_CELLS =
    SQL("INSERT INTO benchmark_group (kind, version, industry, size_class, region,"
        " organisations, total_sum, total_squares," GROUP_MEASURES ")"
        " SELECT kind, version, industry, size_class, 0, count(*), sum(total),"
        " sum(total * total)," MEMBER_SUMS " FROM benchmark_member"
        " GROUP BY kind, version, industry, size_class");
static const struct sql SQL_FILL_REGIONS = SQL(
    "INSERT INTO benchmark_group (kind, version, industry, size_class, region,"
    " organisations, total_sum, total_squares," GROUP_MEASURES ")"
    " SELECT kind, version, '', -1, region, count(*), sum(total), sum(total * total)," MEMBER_SUMS
    " FROM benchmark_member GROUP BY kind, version, region");
static const struct sql SQL_FILL_CELL_BINS =
    SQL("INSERT INTO benchmark_histogram (kind, version, industry, size_class, region, bin,"
        " organisations) SELECT kind, version, industry, size_class, 0, bin, count(*)"
        " FROM benchmark_member GROUP BY kind, version, industry, size_class, bin");
static const struct sql SQL_FILL_REGION_BINS =
    SQL("INSERT INTO benchmark_histogram (kind, version, industry, size_class, region, bin,"
        " organisations) SELECT kind, version, '', -1, region, bin, count(*)"
        " FROM benchmark_member GROUP BY kind, version, region, bin");

enum mm_err store_benchmark_place(struct store *s, enum benchmark_kind k, int64_t org_id,
                                  const struct benchmark_cell *c)
{
	char industry[2] = {c->industry, '\0'};
	if (core_benchmark_industry_index(c->industry) < 0 || c->size_class < 0 ||
	    c->size_class >= BENCHMARK_SIZES || c->region < 1 || c->region > BENCHMARK_REGIONS)
		return MM_ERR_INVALID;
	return sql_exec(
	    s, k == BENCHMARK_MANAGEMENT ? &SQL_PLACE_MANAGEMENT : &SQL_PLACE_ASSESSMENT,
	    ARGS(ARG_INT(org_id), ARG_CSTR(industry), ARG_INT(c->size_class), ARG_INT(c->region)),
	    "benchmark place");
}

static void read_cell(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	struct benchmark_cell *c = item;
	c->industry = sql_col_cstr(r, 0)[0];
	c->size_class = sql_col_int(r, 1);
	c->region = sql_col_int(r, 2);
}

enum mm_err store_benchmark_cell_of_result(struct store *s, enum benchmark_kind k,
                                           int64_t result_id, struct benchmark_cell *out)
{
	return sql_row(s, NULL,
	               k == BENCHMARK_MANAGEMENT ? &SQL_CELL_MANAGEMENT : &SQL_CELL_ASSESSMENT,
	               ARGS(ARG_INT(result_id)), read_cell, out, "benchmark cell of result");
}

static void read_member(struct arena *a, const struct sql_row *r, void *item)
{
	struct benchmark_member *m = item;
	memset(m, 0, sizeof *m);
	m->result_id = sql_col_int64(r, 0);
	m->version = sql_col_str(a, r, 1);
	m->cell.industry = sql_col_cstr(r, 2)[0];
	m->cell.size_class = sql_col_int(r, 3);
	m->cell.region = sql_col_int(r, 4);
	m->total = sql_col_int(r, 5);
	for (int i = 0; i < BENCHMARK_MEASURES_MAX; i++)
		m->measure[i] = sql_col_int(r, 6 + i);
}

enum mm_err store_benchmark_member(struct store *s, struct arena *a, enum benchmark_kind k,
                                   int64_t org_id, struct benchmark_member *out)
{
	return sql_row(s, a, &SQL_MEMBER,
	               ARGS(ARG_CSTR(core_benchmark_kind_name(k)), ARG_INT(org_id)), read_member,
	               out, "benchmark member");
}

/* The cell of a row's first two columns; NULL for one that cannot be. */
static struct benchmark_group *cell_of(struct benchmark_cells *c, const struct sql_row *r)
{
	int i = core_benchmark_industry_index(sql_col_cstr(r, 0)[0]);
	int size = sql_col_int(r, 1);
	return i >= 0 && size >= 0 && size < BENCHMARK_SIZES ? &c->cell[i][size] : NULL;
}

static bool add_cell(const struct sql_row *r, void *ctx)
{
	struct benchmark_group *g = cell_of(ctx, r);
	if (!g)
		return true;
	g->orgs = sql_col_int64(r, 2);
	g->total_sum = sql_col_int64(r, 3);
	g->total_squares = sql_col_int64(r, 4);
	for (int i = 0; i < BENCHMARK_MEASURES_MAX; i++) {
		g->sum[i] = sql_col_int64(r, 5 + 2 * i);
		g->squares[i] = sql_col_int64(r, 6 + 2 * i);
	}
	return true;
}

static bool add_cell_bin(const struct sql_row *r, void *ctx)
{
	struct benchmark_group *g = cell_of(ctx, r);
	int b = sql_col_int(r, 2);
	if (g && b >= 0 && b < BENCHMARK_BINS_MAX)
		g->bins[b] = sql_col_int64(r, 3);
	return true;
}

enum mm_err store_benchmark_cells(struct store *s, enum benchmark_kind k, struct str version,
                                  struct benchmark_cells *out)
{
	memset(out, 0, sizeof *out);
	enum mm_err e =
	    sql_each(s, &SQL_CELLS, ARGS(ARG_CSTR(core_benchmark_kind_name(k)), ARG_TEXT(version)),
	             add_cell, out, "benchmark cells");
	if (e)
		return e;
	return sql_each(s, &SQL_CELL_BINS,
	                ARGS(ARG_CSTR(core_benchmark_kind_name(k)), ARG_TEXT(version)),
	                add_cell_bin, out, "benchmark cell bins");
}

static void read_region(struct arena *a, const struct sql_row *r, void *item)
{
	static const char *const kinds[] = {"assessment", "management"};
	struct benchmark_region_row *row = item;
	row->kind = (enum benchmark_kind)sql_col_name_index(r, 0, kinds, 2);
	row->version = sql_col_str(a, r, 1);
	row->region = sql_col_int(r, 2);
	row->orgs = sql_col_int64(r, 3);
	row->total_sum = sql_col_int64(r, 4);
}

enum mm_err store_benchmark_regions(struct store *s, struct arena *a,
                                    struct benchmark_region_row **out, size_t *n)
{
	return sql_rows(s, a, &SQL_REGIONS, ARGS(ARG_INT(BENCHMARK_REGION_ROWS_MAX)), sizeof **out,
	                BENCHMARK_REGION_ROWS_MAX, read_region, (void **)out, n,
	                "benchmark regions");
}

enum mm_err store_benchmark_fingerprint(struct store *s, struct arena *a, struct str *out)
{
	const struct sql_fingerprint_table tables[] = {
	    {&SQL_ALL_MEMBERS, NO_ARGS, 7},
	    {&SQL_ALL_GROUPS, NO_ARGS, 28},
	    {&SQL_ALL_BINS, NO_ARGS, 7},
	};
	return sql_fingerprint(s, a, tables, sizeof tables / sizeof tables[0], out,
	                       "benchmark fingerprint");
}

enum mm_err store_benchmark_rebuild(struct store *s)
{
	static const struct sql *const steps[] = {&SQL_REBUILD_START,
	                                          &SQL_CELL_OF_ASSESSMENTS,
	                                          &SQL_CELL_OF_MANAGEMENT,
	                                          &SQL_CLEAR_MEMBERS,
	                                          &SQL_FILL_ASSESSMENT_MEMBERS,
	                                          &SQL_FILL_MANAGEMENT_MEMBERS,
	                                          &SQL_CLEAR_GROUPS,
	                                          &SQL_CLEAR_BINS,
	                                          &SQL_FILL_CELLS,
	                                          &SQL_FILL_REGIONS,
	                                          &SQL_FILL_CELL_BINS,
	                                          &SQL_FILL_REGION_BINS,
	                                          &SQL_REBUILD_END};
	return sql_exec_steps(s, steps, sizeof steps / sizeof steps[0], "benchmark rebuild");
}
