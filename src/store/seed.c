/*
 * seed.c — the bulk part of `mamori seed` (store_declaration_seed_insert
 * of store/declaration.h), written once for every database (store/sql.h):
 * one synthetic organisation, its submitted self-assessment with 25
 * answers and, when asked, a published hosted policy (policy_version and
 * policy_publication of migration 0006). The caller (app/seed.c) holds one
 * transaction around many of these, which is what makes 100,000
 * organisations load in seconds.
 *
 * What a statement costs differs, and so does the number of statements:
 * SQLite runs a statement in this process, so a row each is cheapest (and
 * its INSERTs cannot be chained); PostgreSQL pays a round trip for each,
 * so it is sent the organisation, its assessment and its 25 answers as one
 * statement (INSERTs chained by WITH, the answers as one array unnested
 * into rows), and the policy as a second one. The first statement of each
 * group is the same call in both (SQL_EACH); SQLite then inserts what
 * PostgreSQL's statement already did.
 *
 * store_declaration_seed_batch() goes further on PostgreSQL: many
 * organisations, with their declarations and events, in one statement
 * from one JSON document (about 150 times fewer round trips), their
 * public ids taken from the counter in one more.
 */
#include <string.h>

#include "core/benchmark.h"
#include "core/declaration_id.h"
#include "core/search_text.h"
#include "lib/json.h"
#include "store/declaration.h"
#include "store/rows.h"
#include "store/sql.h"

/* The organisation's row is $1…$19 (store_org_profile_args of
 * store/rows.h; its created_at is its updated_at, $19, as text);
 * PostgreSQL's statement then takes its assessment ($20…$27, its
 * benchmark cell $29…$31) and answers ($28). An organisation already there (public id or corporate
 * number) is CONFLICT: SQLite refuses the row, PostgreSQL inserts nothing,
 * and then nothing else either. */
#define SEED_ORG_COLUMNS STORE_ORG_PROFILE_WRITTEN_COLUMNS ", created_at"
static const struct sql SQL_SEED_ORG = SQL_EACH(
    "INSERT INTO organisation (" SEED_ORG_COLUMNS ")"
    " VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, -1),"
    " ?13, ?14, ?15, ?16, ?17, ?18, ?19, strftime('%Y-%m-%dT%H:%M:%SZ', ?19, 'unixepoch'))"
    " RETURNING id",
    "WITH o AS (INSERT INTO organisation (" SEED_ORG_COLUMNS ")"
    " VALUES ($1, $2, $3, nullif($4, ''), $5, $6, $7, $8, $9, $10, $11,"
    " nullif($12::bigint, -1), $13, $14, $15, $16, $17, $18, $19::bigint,"
    " to_char(to_timestamp($19::bigint) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
    " ON CONFLICT DO NOTHING RETURNING id),"
    " r AS (INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
    " part2, part3, submit_token, bench_industry, bench_size, bench_region)"
    " SELECT o.id, $20, $21, $22, $23, $24, $25, $26, nullif($29, ''), $30, $31 FROM o"
    " WHERE $27 RETURNING id),"
    " a AS (INSERT INTO assessment_result_answer (result_id, item, answer)"
    " SELECT r.id, t.item, t.answer FROM r, unnest($28::text[]) WITH ORDINALITY AS t(answer, item))"
    " SELECT id FROM o");
/* SQLite only (PostgreSQL's SQL_SEED_ORG inserts these). */
static const struct sql SQL_SEED_RESULT =
    SQL("INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2,"
        " part3, submit_token, bench_industry, bench_size, bench_region)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, ''), $10, $11) RETURNING id");
static const struct sql SQL_SEED_ANSWER =
    SQL("INSERT INTO assessment_result_answer (result_id, item, answer) VALUES ($1, $2, $3)");
/* The version's id; PostgreSQL publishes it in the same statement. */
#define SEED_POLICY_VERSION(p)                                                                     \
	"INSERT INTO policy_version (organisation_id, number, published_at, lang, preamble,"       \
	" commitment_1, commitment_2, commitment_3, commitment_4, commitment_5, established_on,"   \
	" organisation_name, representative_title, representative_name)"                           \
	" VALUES (" p "1, 1, " p "2, 'ja', " p "3, " p "4, " p "5, " p "6, " p "7, " p "8, " p     \
	"9, " p "10, " p "11, " p "12) RETURNING id"
static const struct sql SQL_SEED_POLICY = SQL_EACH(
    SEED_POLICY_VERSION("?"),
    "WITH v AS (" SEED_POLICY_VERSION(
        "$") ")"
             " INSERT INTO policy_publication (organisation_id, kind, version_id, url,"
             " published_at) SELECT $1, 'hosted', v.id, '', $2 FROM v RETURNING version_id");
/* SQLite only, as SQL_SEED_RESULT. */
static const struct sql SQL_SEED_PUBLICATION =
    SQL("INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)"
        " VALUES ($1, 'hosted', $2, '', $3)");

/* The benchmark cell of the seeded assessment, as benchmark_place
 * (pages/shared/benchmark_view.c) gives a submitted one: the division,
 * the size class of the profile, the region; none ("" and 0) for a
 * profile outside them, which the seed never makes. The declarations of
 * the seed carry the same size class, so that `mamori aggregates rebuild`
 * would have placed them alike; an organisation without a declaration
 * is placed here, as its own submission would have been. */
static struct str bench_industry(const struct declaration_seed *x)
{
	const struct org_profile *o = &x->org;
	bool placed = o->industry.n == 1 && core_benchmark_industry_index(o->industry.p[0]) >= 0 &&
	              core_benchmark_region(o->prefecture) > 0;
	return placed ? o->industry : STR("");
}

/* The answers as an array literal, {"done","partly",…}, into out; the
 * names are fixed words (core/assessment.h), refused otherwise. */
static enum mm_err answers_literal(const struct declaration_seed *seed, char *out, size_t size)
{
	size_t n = 0;
	out[n++] = '{';
	for (int i = 0; i < DECLARATION_SEED_ITEMS; i++) {
		const char *name = seed->answers[i] ? seed->answers[i] : "";
		size_t len = strlen(name);
		if (!len || strspn(name, "abcdefghijklmnopqrstuvwxyz_") != len ||
		    n + len + 4 > size)
			return MM_ERR_INVALID;
		if (i)
			out[n++] = ',';
		memcpy(out + n, name, len);
		n += len;
	}
	out[n++] = '}';
	out[n] = '\0';
	return MM_OK;
}

/* $20…$31 of PostgreSQL's SQL_SEED_ORG: the assessment, its answers as
 * the array literal answers, its benchmark cell. */
#define SEED_ASSESSMENT_ARGS 12
static void assessment_args(struct store_arg out[SEED_ASSESSMENT_ARGS],
                            const struct declaration_seed *seed, const char *answers)
{
	const struct store_arg args[SEED_ASSESSMENT_ARGS] = {
	    ARG_TEXT(seed->assessment_version),
	    ARG_INT(seed->taken_at),
	    ARG_INT(seed->total),
	    ARG_INT(seed->part[0]),
	    ARG_INT(seed->part[1]),
	    ARG_INT(seed->part[2]),
	    ARG_TEXT(seed->submit_token),
	    ARG_BOOL(seed->has_assessment),
	    ARG_CSTR(answers),
	    ARG_TEXT(bench_industry(seed)),
	    ARG_INT(seed->bench_size),
	    ARG_INT(core_benchmark_region(seed->org.prefecture)),
	};
	memcpy(out, args, sizeof args);
}

/* SQLite: the assessment and its answers, a row each. */
static enum mm_err seed_assessment(struct store *s, const struct declaration_seed *seed,
                                   int64_t org_id)
{
	int64_t result_id;
	enum mm_err e = sql_insert(s, &SQL_SEED_RESULT,
	                           ARGS(ARG_INT(org_id), ARG_TEXT(seed->assessment_version),
	                                ARG_INT(seed->taken_at), ARG_INT(seed->total),
	                                ARG_INT(seed->part[0]), ARG_INT(seed->part[1]),
	                                ARG_INT(seed->part[2]), ARG_TEXT(seed->submit_token),
	                                ARG_TEXT(bench_industry(seed)), ARG_INT(seed->bench_size),
	                                ARG_INT(core_benchmark_region(seed->org.prefecture))),
	                           "seed assessment", &result_id);
	for (int i = 0; !e && i < DECLARATION_SEED_ITEMS; i++)
		e = sql_exec(s, &SQL_SEED_ANSWER,
		             ARGS(ARG_INT(result_id), ARG_INT(i + 1), ARG_CSTR(seed->answers[i])),
		             "seed answer");
	return e;
}

static enum mm_err seed_policy(struct store *s, const struct declaration_seed *seed, int64_t org_id,
                               bool together)
{
	const struct str *c = seed->policy_commitments;
	int64_t version_id;
	enum mm_err e = sql_insert(
	    s, &SQL_SEED_POLICY,
	    ARGS(ARG_INT(org_id), ARG_INT(seed->published_at), ARG_TEXT(seed->policy_preamble),
	         ARG_TEXT(c[0]), ARG_TEXT(c[1]), ARG_TEXT(c[2]), ARG_TEXT(c[3]), ARG_TEXT(c[4]),
	         ARG_TEXT(seed->policy_established_on), ARG_TEXT(seed->org.name),
	         ARG_TEXT(seed->org.representative_title), ARG_TEXT(seed->org.representative_name)),
	    "seed policy", &version_id);
	if (e || together)
		return e;
	return sql_exec(s, &SQL_SEED_PUBLICATION,
	                ARGS(ARG_INT(org_id), ARG_INT(version_id), ARG_INT(seed->published_at)),
	                "seed policy publication");
}

enum mm_err store_declaration_seed_insert(struct store *s, const struct declaration_seed *seed,
                                          int64_t *org_id)
{
	const struct org_profile *o = &seed->org;
	bool together = sql_statement_is_round_trip(s);
	char answers[DECLARATION_SEED_ITEMS * 12] = "{}";
	enum mm_err e;
	if (together && seed->has_assessment &&
	    (e = answers_literal(seed, answers, sizeof answers)))
		return e;
	struct store_arg args[STORE_ORG_PROFILE_ARGS + SEED_ASSESSMENT_ARGS];
	store_org_profile_args(args, o, seed->created_at);
	assessment_args(args + STORE_ORG_PROFILE_ARGS, seed, answers);
	e = sql_insert(s, &SQL_SEED_ORG, args,
	               together ? sizeof args / sizeof args[0] : STORE_ORG_PROFILE_ARGS,
	               "seed organisation", org_id);
	if (!e && !together && seed->has_assessment)
		e = seed_assessment(s, seed, *org_id);
	if (!e && seed->publish_policy)
		e = seed_policy(s, seed, *org_id, together);
	return e;
}

/* ---- many at once ------------------------------------------------------------ */

/* SQLite: each organisation through the calls a real one goes through;
 * the declaration and its events only for one that declares. */
static enum mm_err seed_rows(struct store *s, struct arena *a, struct declaration_seed *seeds,
                             size_t n)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; i < n && !e; i++) {
		struct declaration_seed *x = &seeds[i];
		struct declaration *d = &x->declaration;
		int64_t id;
		if ((e = store_declaration_seed_insert(s, x, &d->organisation_id)) || !x->declares)
			continue;
		if ((e = store_declaration_insert(s, a, d, &id)))
			break;
		struct declaration_event ev = {.declaration_id = id,
		                               .at = d->declared_at,
		                               .kind = STR("declared"),
		                               .to_value = d->level == 2 ? STR("2") : STR("1")};
		if ((e = store_declaration_event_insert(s, &ev)) || !x->withdrawn_at)
			continue;
		ev = (struct declaration_event){.declaration_id = id,
		                                .at = x->withdrawn_at,
		                                .kind = STR("withdrawn"),
		                                .from_value = STR("active"),
		                                .to_value = STR("withdrawn"),
		                                .reason = STR("owner_request")};
		if (!(e = store_declaration_set_status(s, id, DECLARATION_WITHDRAWN,
		                                       x->withdrawn_at)))
			e = store_declaration_event_insert(s, &ev);
	}
	return e;
}

/* PostgreSQL: every row of n organisations from one JSON document ($1, an
 * array of objects named as below), inserts chained by WITH (a
 * declaration and its events where declares); the number of
 * organisations inserted comes back (fewer than n: one was taken). */
#define SEED_BATCH_RECORD                                                                          \
	"public_id text, name text, name_kana text, corporate_number text,"                        \
	" sole_proprietor boolean, postal_code text, prefecture integer, address text,"            \
	" industry text, trade text, employees bigint, capital_yen bigint,"                        \
	" representative_title text, representative_name text, contact_name text,"                 \
	" contact_email text, contact_phone text, website text, created_at bigint,"                \
	" has_assessment boolean, assessment_version text, taken_at bigint, total integer,"        \
	" part1 integer, part2 integer, part3 integer, submit_token text, answers json,"           \
	" publish_policy boolean, published_at bigint, preamble text, c1 text, c2 text, c3 text,"  \
	" c4 text, c5 text, established_on text, declaration_id text, level integer,"              \
	" declared_at bigint, policy_url text, name_key text, address_key text, search_text text," \
	" sort_rank bigint, size_class integer, withdrawn_at bigint, declares boolean,"            \
	" bench_industry text, bench_size integer, bench_region integer"
static const struct sql SQL_SEED_BATCH = SQL_EACH(
    "SELECT 0",
    "WITH src AS (SELECT * FROM json_to_recordset($1::json) AS x(" SEED_BATCH_RECORD ")),"
    " o AS (INSERT INTO organisation (" SEED_ORG_COLUMNS ")"
    " SELECT public_id, name, name_kana, nullif(corporate_number, ''), sole_proprietor,"
    " postal_code, prefecture, address, industry, trade, employees, nullif(capital_yen, -1),"
    " representative_title, representative_name, contact_name, contact_email, contact_phone,"
    " website, created_at, to_char(to_timestamp(created_at) AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM src ON CONFLICT DO NOTHING RETURNING id, public_id),"
    " m AS (SELECT src.*, o.id AS org_id FROM src JOIN o USING (public_id)),"
    " r AS (INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
    " part2, part3, submit_token, bench_industry, bench_size, bench_region)"
    " SELECT org_id, assessment_version, taken_at, total, part1, part2, part3, submit_token,"
    " nullif(bench_industry, ''), bench_size, bench_region FROM m WHERE has_assessment"
    " RETURNING id, organisation_id),"
    " ra AS (INSERT INTO assessment_result_answer (result_id, item, answer)"
    " SELECT r.id, t.item, t.answer FROM r JOIN m ON m.org_id = r.organisation_id,"
    " json_array_elements_text(m.answers) WITH ORDINALITY AS t(answer, item)),"
    " v AS (INSERT INTO policy_version (organisation_id, number, published_at, lang, preamble,"
    " commitment_1, commitment_2, commitment_3, commitment_4, commitment_5, established_on,"
    " organisation_name, representative_title, representative_name)"
    " SELECT org_id, 1, published_at, 'ja', preamble, c1, c2, c3, c4, c5, established_on, name,"
    " representative_title, representative_name FROM m WHERE publish_policy"
    " RETURNING id, organisation_id, published_at),"
    " vp AS (INSERT INTO policy_publication (organisation_id, kind, version_id, url,"
    " published_at) SELECT organisation_id, 'hosted', id, '', published_at FROM v),"
    " d AS (INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana,"
    " prefecture, industry, corporate_number, level, status, declared_at, changed_at,"
    " policy_url, address, contact_email, name_key, address_key, search_text, sort_rank,"
    " size_class)"
    " SELECT declaration_id, org_id, name, name_kana, prefecture, industry, corporate_number,"
    " level, CASE WHEN withdrawn_at > 0 THEN 'withdrawn' ELSE 'active' END, declared_at,"
    " CASE WHEN withdrawn_at > 0 THEN withdrawn_at ELSE declared_at END, policy_url, address,"
    " contact_email, name_key, address_key, search_text, sort_rank, size_class FROM m"
    " WHERE declares RETURNING id, public_id),"
    " de AS (INSERT INTO declaration_event (declaration_id, at, kind, from_value, to_value,"
    " reason) SELECT d.id, m.declared_at, 'declared', '', CAST(m.level AS text), ''"
    " FROM d JOIN m ON m.declaration_id = d.public_id"
    " UNION ALL SELECT d.id, m.withdrawn_at, 'withdrawn', 'active', 'withdrawn', 'owner_request'"
    " FROM d JOIN m ON m.declaration_id = d.public_id WHERE m.withdrawn_at > 0)"
    " SELECT count(*) FROM o");
/* n numbers of the declarations' counter at once. This and the batch
 * above run only on PostgreSQL; SQLite seeds row by row and never runs
 * them, so their SQLite texts only fill SQL_EACH's first slot. */
static const struct sql SQL_SEED_NUMBERS =
    SQL_EACH("SELECT 0", "SELECT nextval('declaration_sequence') FROM generate_series(1, $1)");

#define SEED_JSON_MAX (64u * 1024 * 1024)

/* The numbers go to the seeds that declare, in order. */
struct numbers {
	struct declaration_seed *seeds;
	size_t n, at, count;
	bool bad;
};

static bool read_number(const struct sql_row *r, void *ctx)
{
	struct numbers *x = ctx;
	char id[DECLARATION_ID_DIGITS + 1];
	while (x->at < x->count && !x->seeds[x->at].declares)
		x->at++;
	if (x->at == x->count) {
		x->bad = true;
		return false;
	}
	x->n++;
	struct declaration *d = &x->seeds[x->at++].declaration;
	if (!core_declaration_id_make((uint64_t)sql_col_int64(r, 0), id)) {
		x->bad = true;
		return false;
	}
	memcpy((char *)d->public_id.p, id, DECLARATION_ID_DIGITS + 1);
	d->public_id.n = DECLARATION_ID_DIGITS;
	return true;
}

static void write_seed(struct json *j, const struct declaration_seed *x, struct str search_text)
{
	const struct org_profile *o = &x->org;
	const struct declaration *d = &x->declaration;
	static const char *const commitments[] = {"c1", "c2", "c3", "c4", "c5"};
	json_object_begin(j);
	json_member_string(j, "public_id", o->public_id);
	json_member_string(j, "name", o->name);
	json_member_string(j, "name_kana", o->name_kana);
	json_member_string(j, "corporate_number", o->corporate_number);
	json_member_bool(j, "sole_proprietor", o->sole_proprietor);
	json_member_string(j, "postal_code", o->postal_code);
	json_member_int(j, "prefecture", o->prefecture);
	json_member_string(j, "address", o->address);
	json_member_string(j, "industry", o->industry);
	json_member_string(j, "trade", o->trade);
	json_member_int(j, "employees", o->employees);
	json_member_int(j, "capital_yen", o->capital_yen);
	json_member_string(j, "representative_title", o->representative_title);
	json_member_string(j, "representative_name", o->representative_name);
	json_member_string(j, "contact_name", o->contact_name);
	json_member_string(j, "contact_email", o->contact_email);
	json_member_string(j, "contact_phone", o->contact_phone);
	json_member_string(j, "website", o->website);
	json_member_int(j, "created_at", x->created_at);
	json_member_bool(j, "has_assessment", x->has_assessment);
	if (x->has_assessment) {
		json_member_string(j, "bench_industry", bench_industry(x));
		json_member_int(j, "bench_size", x->bench_size);
		json_member_int(j, "bench_region", core_benchmark_region(o->prefecture));
		json_member_string(j, "assessment_version", x->assessment_version);
		json_member_int(j, "taken_at", x->taken_at);
		json_member_int(j, "total", x->total);
		json_member_int(j, "part1", x->part[0]);
		json_member_int(j, "part2", x->part[1]);
		json_member_int(j, "part3", x->part[2]);
		json_member_string(j, "submit_token", x->submit_token);
		json_key(j, "answers");
		json_array_begin(j);
		for (int i = 0; i < DECLARATION_SEED_ITEMS; i++)
			json_write_cstring(j, x->answers[i]);
		json_array_end(j);
	}
	json_member_bool(j, "publish_policy", x->publish_policy);
	if (x->publish_policy) {
		json_member_int(j, "published_at", x->published_at);
		json_member_string(j, "preamble", x->policy_preamble);
		for (int i = 0; i < DECLARATION_SEED_COMMITMENTS; i++)
			json_member_string(j, commitments[i], x->policy_commitments[i]);
		json_member_string(j, "established_on", x->policy_established_on);
	}
	json_member_bool(j, "declares", x->declares);
	if (!x->declares) {
		json_object_end(j);
		return;
	}
	json_member_string(j, "declaration_id", d->public_id);
	json_member_int(j, "level", d->level);
	json_member_int(j, "declared_at", d->declared_at);
	json_member_string(j, "policy_url", d->policy_url);
	json_member_string(j, "name_key", d->name_key);
	json_member_string(j, "address_key", d->address_key);
	json_member_string(j, "search_text", search_text);
	json_member_int(j, "sort_rank", d->sort_rank);
	json_member_int(j, "size_class", d->size_class);
	json_member_int(j, "withdrawn_at", x->withdrawn_at);
	json_object_end(j);
}

static enum mm_err seed_together(struct store *s, struct arena *a, struct declaration_seed *seeds,
                                 size_t n)
{
	struct numbers numbers = {seeds, 0, 0, n, false};
	struct buf b;
	struct json j;
	int64_t inserted;
	size_t declaring = 0;
	enum mm_err e;
	for (size_t i = 0; i < n; i++) {
		if (!seeds[i].declares)
			continue;
		char *p = arena_alloc(a, DECLARATION_ID_DIGITS + 1);
		if (!p)
			return MM_ERR_NOMEM;
		seeds[i].declaration.public_id = (struct str){p, 0};
		declaring++;
	}
	if (declaring && (e = sql_each(s, &SQL_SEED_NUMBERS, ARGS(ARG_INT((int64_t)declaring)),
	                               read_number, &numbers, "seed declaration numbers")))
		return e;
	if (numbers.bad || numbers.n != declaring)
		return MM_ERR_CONFLICT; /* out of numbers */
	buf_init(&b, a, SEED_JSON_MAX);
	json_init(&j, &b);
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		struct str text = STR("");
		const struct declaration *d = &seeds[i].declaration;
		if (seeds[i].declares &&
		    (e = core_search_text(a, d->org_name, d->org_name_kana, &text)))
			return e;
		write_seed(&j, &seeds[i], text);
	}
	json_array_end(&j);
	if ((e = json_finish(&j)) ||
	    (e = sql_int64_of(s, &SQL_SEED_BATCH, ARGS(ARG_TEXT(buf_str(&b))), "seed batch",
	                      &inserted)))
		return e;
	return inserted == (int64_t)n ? MM_OK : MM_ERR_CONFLICT;
}

enum mm_err store_declaration_seed_batch(struct store *s, struct arena *a,
                                         struct declaration_seed *seeds, size_t n)
{
	if (!n)
		return MM_OK;
	return sql_statement_is_round_trip(s) ? seed_together(s, a, seeds, n)
	                                      : seed_rows(s, a, seeds, n);
}
