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
 */
#include <string.h>

#include "store/declaration.h"
#include "store/sql.h"

/* The organisation's row is $1…$17; PostgreSQL's statement then takes its
 * assessment ($18…$25) and answers ($26). An organisation already there
 * (public id or corporate number) is CONFLICT: SQLite refuses the row,
 * PostgreSQL inserts nothing, and then nothing else either. */
#define SEED_ORG_ARGS 17
#define SEED_ORG_COLUMNS                                                                           \
	"public_id, name, name_kana, corporate_number, sole_proprietor, postal_code, prefecture,"  \
	" address, industry, trade, employees, capital_yen, representative_title,"                 \
	" representative_name, contact_name, contact_email, website, updated_at, created_at"
static const struct sql SQL_SEED_ORG = SQL_EACH(
    "INSERT INTO organisation (" SEED_ORG_COLUMNS ")"
    " VALUES (?1, ?2, ?3, nullif(?4, ''), ?4 = '', ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, -1),"
    " ?12, ?13, ?14, ?15, ?16, ?17, strftime('%Y-%m-%dT%H:%M:%SZ', ?17, 'unixepoch'))"
    " RETURNING id",
    "WITH o AS (INSERT INTO organisation (" SEED_ORG_COLUMNS ")"
    " VALUES ($1, $2, $3, nullif($4, ''), $4 = '', $5, $6, $7, $8, $9, $10,"
    " nullif($11::bigint, -1), $12, $13, $14, $15, $16, $17::bigint,"
    " to_char(to_timestamp($17::bigint) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
    " ON CONFLICT DO NOTHING RETURNING id),"
    " r AS (INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
    " part2, part3, submit_token) SELECT o.id, $18, $19, $20, $21, $22, $23, $24 FROM o"
    " WHERE $25 RETURNING id),"
    " a AS (INSERT INTO assessment_result_answer (result_id, item, answer)"
    " SELECT r.id, t.item, t.answer FROM r, unnest($26::text[]) WITH ORDINALITY AS t(answer, item))"
    " SELECT id FROM o");
/* SQLite only (PostgreSQL's SQL_SEED_ORG inserts these). */
static const struct sql SQL_SEED_RESULT =
    SQL("INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2,"
        " part3, submit_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
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

/* Whether each statement is a round trip to a server (PostgreSQL), so
 * that an organisation's rows go in one statement, rather than a call
 * into this process (SQLite). */
static bool rows_travel_together(struct store *s)
{
	return s->driver != &store_sqlite_driver;
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

/* SQLite: the assessment and its answers, a row each. */
static enum mm_err seed_assessment(struct store *s, const struct declaration_seed *seed,
                                   int64_t org_id)
{
	int64_t result_id;
	enum mm_err e = sql_insert(s, &SQL_SEED_RESULT,
	                           ARGS(ARG_INT(org_id), ARG_TEXT(seed->assessment_version),
	                                ARG_INT(seed->taken_at), ARG_INT(seed->total),
	                                ARG_INT(seed->part[0]), ARG_INT(seed->part[1]),
	                                ARG_INT(seed->part[2]), ARG_TEXT(seed->submit_token)),
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
	bool together = rows_travel_together(s);
	char answers[DECLARATION_SEED_ITEMS * 12] = "{}";
	enum mm_err e;
	if (together && seed->has_assessment &&
	    (e = answers_literal(seed, answers, sizeof answers)))
		return e;
	const struct store_arg args[] = {
	    ARG_TEXT(o->public_id),
	    ARG_TEXT(o->name),
	    ARG_TEXT(o->name_kana),
	    ARG_TEXT(o->corporate_number),
	    ARG_TEXT(o->postal_code),
	    ARG_INT(o->prefecture),
	    ARG_TEXT(o->address),
	    ARG_TEXT(o->industry),
	    ARG_TEXT(o->trade),
	    ARG_INT(o->employees),
	    ARG_INT(o->capital_yen),
	    ARG_TEXT(o->representative_title),
	    ARG_TEXT(o->representative_name),
	    ARG_TEXT(o->contact_name),
	    ARG_TEXT(o->contact_email),
	    ARG_TEXT(o->website),
	    ARG_INT(seed->created_at),
	    /* PostgreSQL's statement only, from here */
	    ARG_TEXT(seed->assessment_version),
	    ARG_INT(seed->taken_at),
	    ARG_INT(seed->total),
	    ARG_INT(seed->part[0]),
	    ARG_INT(seed->part[1]),
	    ARG_INT(seed->part[2]),
	    ARG_TEXT(seed->submit_token),
	    ARG_BOOL(seed->has_assessment),
	    ARG_CSTR(answers),
	};
	e = sql_insert(s, &SQL_SEED_ORG, args,
	               together ? sizeof args / sizeof args[0] : SEED_ORG_ARGS, "seed organisation",
	               org_id);
	if (!e && !together && seed->has_assessment)
		e = seed_assessment(s, seed, *org_id);
	if (!e && seed->publish_policy)
		e = seed_policy(s, seed, *org_id, together);
	return e;
}
