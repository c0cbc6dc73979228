/*
 * pg_seed.c — the bulk part of `mamori seed` in the PostgreSQL driver, the
 * same rows as sqlite_seed.c: one synthetic organisation, its submitted
 * self-assessment with 25 answers and, when asked, a published hosted
 * policy (policy_version and policy_publication of migration 0006).
 *
 * What costs here is the round trip, not the row: where SQLite runs a
 * statement per row in its own process, this sends the organisation, its
 * assessment and its 25 answers as one statement (INSERTs chained by
 * WITH, the answers as one array unnested into rows), and the policy as a
 * second one when there is a policy. The caller (app/seed.c) holds one
 * transaction around many of these.
 */
#include <string.h>

#include "store/declaration.h"
#include "store/pg_int.h"

/* An organisation already there (public id or corporate number) inserts
 * nothing, and then nothing else either: no row comes back (CONFLICT). */
static const char SQL_SEED_ORG[] =
    "WITH o AS (INSERT INTO organisation (public_id, name, name_kana, corporate_number,"
    " sole_proprietor, postal_code, prefecture, address, industry, trade, employees,"
    " capital_yen, representative_title, representative_name, contact_name, contact_email,"
    " website, updated_at, created_at)"
    " VALUES ($1, $2, $3, nullif($4, ''), $4 = '', $5, $6, $7, $8, $9, $10,"
    " nullif($11::bigint, -1), $12, $13, $14, $15, $16, $17::bigint,"
    " to_char(to_timestamp($17::bigint) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
    " ON CONFLICT DO NOTHING RETURNING id),"
    " r AS (INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
    " part2, part3, submit_token) SELECT o.id, $18, $19, $20, $21, $22, $23, $24 FROM o"
    " WHERE $25 RETURNING id),"
    " a AS (INSERT INTO assessment_result_answer (result_id, item, answer)"
    " SELECT r.id, t.item, t.answer FROM r, unnest($26::text[]) WITH ORDINALITY AS t(answer, item))"
    " SELECT id FROM o";
static const char SQL_SEED_POLICY[] =
    "WITH v AS (INSERT INTO policy_version (organisation_id, number, published_at, lang,"
    " preamble, commitment_1, commitment_2, commitment_3, commitment_4, commitment_5,"
    " established_on, organisation_name, representative_title, representative_name)"
    " VALUES ($1, 1, $2, 'ja', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id)"
    " INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)"
    " SELECT $1, 'hosted', v.id, '', $2 FROM v";

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

static enum mm_err seed_policy(struct store *s, const struct declaration_seed *seed, int64_t org_id)
{
	const struct str *c = seed->policy_commitments;
	return pg_insert(
	    s, SQL_SEED_POLICY,
	    ARGS(ARG_INT(org_id), ARG_INT(seed->published_at), ARG_TEXT(seed->policy_preamble),
	         ARG_TEXT(c[0]), ARG_TEXT(c[1]), ARG_TEXT(c[2]), ARG_TEXT(c[3]), ARG_TEXT(c[4]),
	         ARG_TEXT(seed->policy_established_on), ARG_TEXT(seed->org.name),
	         ARG_TEXT(seed->org.representative_title), ARG_TEXT(seed->org.representative_name)),
	    "seed policy", NULL);
}

enum mm_err pg_declaration_seed_insert(struct store *s, const struct declaration_seed *seed,
                                       int64_t *org_id)
{
	const struct org_profile *o = &seed->org;
	char answers[DECLARATION_SEED_ITEMS * 12] = "{}";
	enum mm_err e;
	if (seed->has_assessment && (e = answers_literal(seed, answers, sizeof answers)))
		return e;
	e = pg_insert(
	    s, SQL_SEED_ORG,
	    ARGS(ARG_TEXT(o->public_id), ARG_TEXT(o->name), ARG_TEXT(o->name_kana),
	         ARG_TEXT(o->corporate_number), ARG_TEXT(o->postal_code), ARG_INT(o->prefecture),
	         ARG_TEXT(o->address), ARG_TEXT(o->industry), ARG_TEXT(o->trade),
	         ARG_INT(o->employees), ARG_INT(o->capital_yen), ARG_TEXT(o->representative_title),
	         ARG_TEXT(o->representative_name), ARG_TEXT(o->contact_name),
	         ARG_TEXT(o->contact_email), ARG_TEXT(o->website), ARG_INT(seed->created_at),
	         ARG_TEXT(seed->assessment_version), ARG_INT(seed->taken_at), ARG_INT(seed->total),
	         ARG_INT(seed->part[0]), ARG_INT(seed->part[1]), ARG_INT(seed->part[2]),
	         ARG_TEXT(seed->submit_token), ARG_BOOL(seed->has_assessment), ARG_CSTR(answers)),
	    "seed organisation", org_id);
	if (e)
		return e;
	return seed->publish_policy ? seed_policy(s, seed, *org_id) : MM_OK;
}
