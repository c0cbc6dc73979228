/*
 * statistics.c — the statistics area of the store (store/statistics.h).
 * The counters themselves are kept by the triggers of migration 0022; the
 * rebuild below counts as they do, from the cell each event kept (stat_*)
 * and the declarations and results as they are, and its texts are those
 * of the migration's own first count.
 */
#include "store/statistics.h"

#include <stdio.h>

#include "store/sql.h"

static const struct sql SQL_ACTIVE =
    SQL("SELECT prefecture, industry, size_class, level, organisations FROM statistics_active"
        " WHERE organisations <> 0 ORDER BY prefecture, industry, size_class, level LIMIT $1");
static const struct sql SQL_MONTHLY =
    SQL("SELECT month, declared, upgraded, downgraded, withdrawn, revoked FROM statistics_monthly"
        " WHERE month >= $1 ORDER BY month LIMIT $2");
static const struct sql SQL_DAYS =
    SQL("SELECT 0, coalesce(sum(declared), 0), coalesce(sum(upgraded), 0),"
        " coalesce(sum(downgraded), 0), coalesce(sum(withdrawn), 0), coalesce(sum(revoked), 0)"
        " FROM statistics_daily WHERE day >= $1 AND day <= $2");
static const struct sql SQL_SCORES =
    SQL("SELECT year, band, results, score_sum FROM statistics_score WHERE results <> 0"
        " ORDER BY year, band LIMIT $1");
static const struct sql SQL_DAILY_ALL =
    SQL("SELECT day, prefecture, industry, size_class, level, declared, upgraded, downgraded,"
        " withdrawn, revoked FROM statistics_daily"
        " WHERE declared + upgraded + downgraded + withdrawn + revoked <> 0"
        " ORDER BY day, prefecture, industry, size_class, level");
static const struct sql SQL_DECLARANTS =
    SQL("SELECT id, public_id, level, status, CASE WHEN corporate_number = '' THEN '' ELSE"
        " org_name END, CASE WHEN corporate_number = '' THEN '' ELSE org_name_kana END,"
        " prefecture, corporate_number, declared_at FROM declaration WHERE id > $1"
        " ORDER BY id LIMIT $2");

/* The rebuild, in order. */
static const struct sql SQL_CLEAR_ACTIVE = SQL("DELETE FROM statistics_active");
static const struct sql SQL_CLEAR_DAILY = SQL("DELETE FROM statistics_daily");
static const struct sql SQL_CLEAR_MONTHLY = SQL("DELETE FROM statistics_monthly");
static const struct sql SQL_CLEAR_SCORE = SQL("DELETE FROM statistics_score");
/* Events written before 0022 got their cell from the migration; one
 * without it (none, unless put in by hand) gets its declaration's now. */
static const struct sql SQL_CELL_OF_EVENTS = SQL(
    "UPDATE declaration_event SET stat_prefecture = (SELECT prefecture FROM declaration d"
    " WHERE d.id = declaration_event.declaration_id), stat_industry = (SELECT industry FROM"
    " declaration d WHERE d.id = declaration_event.declaration_id), stat_size_class = (SELECT"
    " size_class FROM declaration d WHERE d.id = declaration_event.declaration_id), stat_level ="
    " (SELECT CASE WHEN declaration_event.kind IN ('declared', 'level') AND"
    " declaration_event.to_value IN ('1', '2') THEN CAST(declaration_event.to_value AS integer)"
    " ELSE d.level END FROM declaration d WHERE d.id = declaration_event.declaration_id)"
    " WHERE stat_level IS NULL AND kind IN ('declared', 'level', 'withdrawn', 'revoked')");
static const struct sql SQL_FILL_ACTIVE =
    SQL("INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)"
        " SELECT prefecture, industry, size_class, level, count(*) FROM declaration"
        " WHERE status = 'active' GROUP BY prefecture, industry, size_class, level");
#define KINDS                                                                                      \
	" sum(CASE WHEN kind = 'declared' THEN 1 ELSE 0 END),"                                     \
	" sum(CASE WHEN kind = 'level' AND to_value = '2' THEN 1 ELSE 0 END),"                     \
	" sum(CASE WHEN kind = 'level' AND to_value = '1' THEN 1 ELSE 0 END),"                     \
	" sum(CASE WHEN kind = 'withdrawn' THEN 1 ELSE 0 END),"                                    \
	" sum(CASE WHEN kind = 'revoked' THEN 1 ELSE 0 END)"
static const struct sql SQL_FILL_DAILY =
    SQL("INSERT INTO statistics_daily (day, prefecture, industry, size_class, level, declared,"
        " upgraded, downgraded, withdrawn, revoked)"
        " SELECT (at + 32400) / 86400, stat_prefecture, stat_industry, stat_size_class,"
        " stat_level," KINDS " FROM declaration_event WHERE stat_level IS NOT NULL"
        " GROUP BY (at + 32400) / 86400, stat_prefecture, stat_industry, stat_size_class,"
        " stat_level");
#define SQLITE_MONTH(at)                                                                           \
	"(CAST(strftime('%Y', " at " + 32400, 'unixepoch') AS INTEGER) * 12"                       \
	" + CAST(strftime('%m', " at " + 32400, 'unixepoch') AS INTEGER) - 1)"
#define SQLITE_YEAR(at) "CAST(strftime('%Y', " at " + 32400, 'unixepoch') AS INTEGER)"
#define BAND(total)                                                                                \
	"CASE WHEN " total " >= 100 THEN 3 WHEN " total " >= 70 THEN 2 WHEN " total                \
	" >= 50 THEN 1 ELSE 0 END"
static const struct sql SQL_FILL_MONTHLY = SQL_EACH(
    "INSERT INTO statistics_monthly (month, declared, upgraded, downgraded, withdrawn, revoked)"
    " SELECT " SQLITE_MONTH("at") " AS m," KINDS
                                  " FROM declaration_event WHERE stat_level IS NOT NULL GROUP BY m",
    "INSERT INTO statistics_monthly (month, declared, upgraded, downgraded, withdrawn, revoked)"
    " SELECT statistics_month(at)," KINDS
    " FROM declaration_event WHERE stat_level IS NOT NULL GROUP BY 1");
static const struct sql SQL_FILL_SCORE =
    SQL_EACH("INSERT INTO statistics_score (year, band, results, score_sum)"
             " SELECT " SQLITE_YEAR("taken_at") " AS y, " BAND(
                 "total") " AS b, count(*), sum(total)"
                          " FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY y, b",
             "INSERT INTO statistics_score (year, band, results, score_sum)"
             " SELECT statistics_year(taken_at), statistics_band(total), count(*), sum(total)"
             " FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY 1, 2");

/* Administrators only: every sign-up of the window (user_created), each
 * looked up through the indexes of its organisation's rows. */
#define HAS(table, where)                                                                          \
	" sum(CASE WHEN EXISTS (SELECT 1 FROM " table " WHERE " where ") THEN 1 ELSE 0 END)"
/* Of the owners' organisations: one with a result, a published policy, a
 * declaration, one that reached two stars. */
#define HAS_ASSESSMENT HAS("assessment_result ar", "ar.organisation_id = ms.organisation_id")
#define HAS_POLICY HAS("policy_publication pp", "pp.organisation_id = ms.organisation_id")
#define HAS_STAR HAS("declaration d", "d.organisation_id = ms.organisation_id")
#define HAS_TWO_STARS                                                                              \
	HAS("declaration d JOIN declaration_event e ON e.declaration_id = d.id",                   \
	    "d.organisation_id = ms.organisation_id AND e.kind IN ('declared', 'level')"           \
	    " AND e.to_value = '2'")
#define FUNNEL(month, p1, p2)                                                                      \
	"SELECT " month " AS m, count(*),"                                                         \
	" sum(CASE WHEN ms.organisation_id IS NULL THEN 0 ELSE 1 END)," HAS_ASSESSMENT             \
	"," HAS_POLICY "," HAS_STAR "," HAS_TWO_STARS                                              \
	" FROM \"user\" u LEFT JOIN membership ms ON ms.user_id = u.id"                            \
	" WHERE u.created_at >= " p1 " GROUP BY m ORDER BY m LIMIT " p2
static const struct sql SQL_FUNNEL = SQL_EACH(FUNNEL(SQLITE_MONTH("u.created_at"), "?1", "?2"),
                                              FUNNEL("statistics_month(u.created_at)", "$1", "$2"));
/* The first declaration reaching the level, per owner who signed up in
 * the window. */
#define TIME_TO(first)                                                                             \
	"SELECT (" first " - u.created_at) / 86400 AS days, count(*) FROM \"user\" u"              \
	" JOIN membership ms ON ms.user_id = u.id AND ms.role = 'owner'"                           \
	" WHERE u.created_at >= $1 AND " first " IS NOT NULL GROUP BY days ORDER BY days LIMIT $3"
#define FIRST_AT                                                                                   \
	"(SELECT min(e.at) FROM declaration d JOIN declaration_event e ON e.declaration_id = d.id" \
	" WHERE d.organisation_id = ms.organisation_id AND e.kind IN ('declared', 'level')"        \
	" AND e.to_value >= CAST($2 AS text))"
static const struct sql SQL_TIME_TO = SQL(TIME_TO(FIRST_AT));

static const struct sql SQL_LEASE_TAKE =
    SQL("UPDATE job_lease SET leased_by = $2, lease_until = $5"
        " WHERE name = $1 AND done_day < $3 AND (lease_until <= $4 OR leased_by = $2)");
static const struct sql SQL_LEASE_DONE =
    SQL("UPDATE job_lease SET done_day = $3, leased_by = '', lease_until = 0"
        " WHERE name = $1 AND leased_by = $2");

static void read_cell(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	const char *industry = sql_col_cstr(r, 1);
	*(struct statistics_cell *)item = (struct statistics_cell){
	    .prefecture = sql_col_int(r, 0),
	    .industry = industry[0],
	    .size_class = sql_col_int(r, 2),
	    .level = sql_col_int(r, 3),
	    .organisations = sql_col_int64(r, 4),
	};
}

static void read_flow(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct statistics_flow *)item = (struct statistics_flow){
	    .period = sql_col_int(r, 0),
	    .declared = sql_col_int64(r, 1),
	    .upgraded = sql_col_int64(r, 2),
	    .downgraded = sql_col_int64(r, 3),
	    .withdrawn = sql_col_int64(r, 4),
	    .revoked = sql_col_int64(r, 5),
	};
}

static void read_score(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct statistics_score *)item = (struct statistics_score){
	    .year = sql_col_int(r, 0),
	    .band = sql_col_int(r, 1),
	    .results = sql_col_int64(r, 2),
	    .score_sum = sql_col_int64(r, 3),
	};
}

static void read_declarant(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct statistics_declarant *)item = (struct statistics_declarant){
	    .id = sql_col_int64(r, 0),
	    .public_id = sql_col_str(a, r, 1),
	    .level = sql_col_int(r, 2),
	    .status = sql_col_str(a, r, 3),
	    .name = sql_col_str(a, r, 4),
	    .name_kana = sql_col_str(a, r, 5),
	    .prefecture = sql_col_int(r, 6),
	    .corporate_number = sql_col_str(a, r, 7),
	    .declared_at = sql_col_int64(r, 8),
	};
}

enum mm_err store_statistics_active(struct store *s, struct arena *a, struct statistics_cell **out,
                                    size_t *n)
{
	return sql_rows(s, a, &SQL_ACTIVE, ARGS(ARG_INT(STATISTICS_ACTIVE_MAX)), sizeof **out,
	                STATISTICS_ACTIVE_MAX, read_cell, (void **)out, n, "statistics active");
}

enum mm_err store_statistics_monthly(struct store *s, struct arena *a, int from_month,
                                     struct statistics_flow **out, size_t *n)
{
	return sql_rows(s, a, &SQL_MONTHLY,
	                ARGS(ARG_INT(from_month), ARG_INT(STATISTICS_YEARS_MAX)), sizeof **out,
	                STATISTICS_YEARS_MAX, read_flow, (void **)out, n, "statistics monthly");
}

enum mm_err store_statistics_days(struct store *s, int from_day, int to_day,
                                  struct statistics_flow *sum)
{
	enum mm_err e = sql_row(s, NULL, &SQL_DAYS, ARGS(ARG_INT(from_day), ARG_INT(to_day)),
	                        read_flow, sum, "statistics days");
	return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
}

enum mm_err store_statistics_scores(struct store *s, struct arena *a, struct statistics_score **out,
                                    size_t *n)
{
	return sql_rows(s, a, &SQL_SCORES, ARGS(ARG_INT(STATISTICS_YEARS_MAX)), sizeof **out,
	                STATISTICS_YEARS_MAX, read_score, (void **)out, n, "statistics scores");
}

enum mm_err store_statistics_fingerprint(struct store *s, struct arena *a, struct str *out)
{
	/* every row: the listings' LIMIT (and the months' start) set past any table */
	const struct sql_fingerprint_table tables[] = {
	    {&SQL_ACTIVE, ARGS(ARG_INT(1000000)), 5},
	    {&SQL_MONTHLY, ARGS(ARG_INT(0), ARG_INT(1000000)), 6},
	    {&SQL_SCORES, ARGS(ARG_INT(1000000)), 4},
	    {&SQL_DAILY_ALL, NO_ARGS, 10},
	};
	return sql_fingerprint(s, a, tables, sizeof tables / sizeof tables[0], out,
	                       "statistics fingerprint");
}

enum mm_err store_statistics_rebuild(struct store *s)
{
	static const struct sql *const steps[] = {
	    &SQL_CLEAR_ACTIVE, &SQL_CLEAR_DAILY,    &SQL_CLEAR_MONTHLY,
	    &SQL_CLEAR_SCORE,  &SQL_CELL_OF_EVENTS, &SQL_FILL_ACTIVE,
	    &SQL_FILL_DAILY,   &SQL_FILL_MONTHLY,   &SQL_FILL_SCORE};
	return sql_exec_steps(s, steps, sizeof steps / sizeof steps[0], "statistics rebuild");
}

enum mm_err store_statistics_declarants(struct store *s, struct arena *a, int64_t after_id,
                                        struct statistics_declarant **out, size_t *n)
{
	return sql_rows(s, a, &SQL_DECLARANTS,
	                ARGS(ARG_INT(after_id), ARG_INT(STATISTICS_DECLARANT_PAGE)), sizeof **out,
	                STATISTICS_DECLARANT_PAGE, read_declarant, (void **)out, n,
	                "open data declarants");
}

static void read_funnel(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct statistics_funnel *)item = (struct statistics_funnel){
	    .month = sql_col_int(r, 0),
	    .accounts = sql_col_int64(r, 1),
	    .organisation = sql_col_int64(r, 2),
	    .assessment = sql_col_int64(r, 3),
	    .policy = sql_col_int64(r, 4),
	    .star = sql_col_int64(r, 5),
	    .two_stars = sql_col_int64(r, 6),
	};
}

enum mm_err store_statistics_funnel(struct store *s, struct arena *a, int64_t since,
                                    struct statistics_funnel **out, size_t *n)
{
	return sql_rows(s, a, &SQL_FUNNEL, ARGS(ARG_INT(since), ARG_INT(STATISTICS_YEARS_MAX)),
	                sizeof **out, STATISTICS_YEARS_MAX, read_funnel, (void **)out, n,
	                "statistics funnel");
}

static void read_days(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct statistics_days *)item =
	    (struct statistics_days){.days = sql_col_int64(r, 0), .accounts = sql_col_int64(r, 1)};
}

enum mm_err store_statistics_time_to(struct store *s, struct arena *a, int level, int64_t since,
                                     struct statistics_days **out, size_t *n)
{
	char text[2] = {level == 2 ? '2' : '1', 0};
	return sql_rows(s, a, &SQL_TIME_TO,
	                ARGS(ARG_INT(since), ARG_CSTR(text), ARG_INT(STATISTICS_DAYS_MAX)),
	                sizeof **out, STATISTICS_DAYS_MAX, read_days, (void **)out, n,
	                "statistics time to level");
}

enum mm_err store_job_lease_take(struct store *s, const char *job, struct str owner, int day,
                                 int64_t now, int64_t lease_until)
{
	enum mm_err e = sql_exec_one(
	    s, &SQL_LEASE_TAKE,
	    ARGS(ARG_CSTR(job), ARG_TEXT(owner), ARG_INT(day), ARG_INT(now), ARG_INT(lease_until)),
	    "job lease");
	return e == MM_ERR_NOT_FOUND ? MM_ERR_CONFLICT : e;
}

enum mm_err store_job_lease_done(struct store *s, const char *job, struct str owner, int day)
{
	return sql_exec_one(s, &SQL_LEASE_DONE, ARGS(ARG_CSTR(job), ARG_TEXT(owner), ARG_INT(day)),
	                    "job lease done");
}
