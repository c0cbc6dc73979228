/*
 * sqlite_seed.c — the bulk part of `mamori seed` in the SQLite driver: one
 * synthetic organisation, its submitted self-assessment with 25 answers
 * and, when asked, a published hosted policy (policy_version and
 * policy_publication of migration 0006). The caller (web/seed.c) holds
 * one transaction around many of these, which is what makes 100,000
 * organisations load in seconds; every statement is prepared once.
 */
#include "store/declaration.h"
#include "store/sqlite_int.h"

static const char SQL_SEED_ORG[] =
    "INSERT INTO organisation (public_id, name, name_kana, corporate_number, sole_proprietor,"
    " postal_code, prefecture, address, industry, trade, employees, capital_yen,"
    " representative_title, representative_name, contact_name, contact_email, website,"
    " updated_at, created_at)"
    " VALUES (?1, ?2, ?3, nullif(?4, ''), ?4 = '', ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, -1),"
    " ?12, ?13, ?14, ?15, ?16, ?17, strftime('%Y-%m-%dT%H:%M:%SZ', ?17, 'unixepoch'))";
static const char SQL_SEED_RESULT[] =
    "INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2,"
    " part3, submit_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_SEED_ANSWER[] =
    "INSERT INTO assessment_result_answer (result_id, item, answer) VALUES (?1, ?2, ?3)";
static const char SQL_SEED_POLICY_VERSION[] =
    "INSERT INTO policy_version (organisation_id, number, published_at, lang, preamble,"
    " commitment_1, commitment_2, commitment_3, commitment_4, commitment_5, established_on,"
    " organisation_name, representative_title, representative_name)"
    " VALUES (?1, 1, ?2, 'ja', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_SEED_PUBLICATION[] =
    "INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)"
    " VALUES (?1, 'hosted', ?2, '', ?3)";

static enum mm_err seed_org(struct store *base, const struct declaration_seed *seed, int64_t *id)
{
	const struct org_profile *o = &seed->org;
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SEED_ORG);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, o->public_id);
	sqlite_bind_str(st, 2, o->name);
	sqlite_bind_str(st, 3, o->name_kana);
	sqlite_bind_str(st, 4, o->corporate_number);
	sqlite_bind_str(st, 5, o->postal_code);
	sqlite3_bind_int(st, 6, o->prefecture);
	sqlite_bind_str(st, 7, o->address);
	sqlite_bind_str(st, 8, o->industry);
	sqlite_bind_str(st, 9, o->trade);
	sqlite3_bind_int64(st, 10, o->employees);
	sqlite3_bind_int64(st, 11, o->capital_yen);
	sqlite_bind_str(st, 12, o->representative_title);
	sqlite_bind_str(st, 13, o->representative_name);
	sqlite_bind_str(st, 14, o->contact_name);
	sqlite_bind_str(st, 15, o->contact_email);
	sqlite_bind_str(st, 16, o->website);
	sqlite3_bind_int64(st, 17, seed->created_at);
	return sqlite_insert(base, st, "seed organisation", id);
}

static enum mm_err seed_assessment(struct store *base, const struct declaration_seed *seed,
                                   int64_t org_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SEED_RESULT);
	int64_t result_id;
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite_bind_str(st, 2, seed->assessment_version);
	sqlite3_bind_int64(st, 3, seed->taken_at);
	sqlite3_bind_int(st, 4, seed->total);
	for (int p = 0; p < 3; p++)
		sqlite3_bind_int(st, 5 + p, seed->part[p]);
	sqlite_bind_str(st, 8, seed->submit_token);
	if ((e = sqlite_insert(base, st, "seed assessment", &result_id)))
		return e;
	if (!(st = sqlite_stmt(base, SQL_SEED_ANSWER)))
		return MM_ERR_DB;
	for (int i = 0; i < DECLARATION_SEED_ITEMS; i++) {
		sqlite3_bind_int64(st, 1, result_id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite_bind_cstr(st, 3, seed->answers[i]);
		if ((e = sqlite_exec(base, st, "seed answer")))
			return e;
	}
	return MM_OK;
}

static enum mm_err seed_policy(struct store *base, const struct declaration_seed *seed,
                               int64_t org_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SEED_POLICY_VERSION);
	int64_t version_id;
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, seed->published_at);
	sqlite_bind_str(st, 3, seed->policy_preamble);
	for (int i = 0; i < DECLARATION_SEED_COMMITMENTS; i++)
		sqlite_bind_str(st, 4 + i, seed->policy_commitments[i]);
	sqlite_bind_str(st, 9, seed->policy_established_on);
	sqlite_bind_str(st, 10, seed->org.name);
	sqlite_bind_str(st, 11, seed->org.representative_title);
	sqlite_bind_str(st, 12, seed->org.representative_name);
	if ((e = sqlite_insert(base, st, "seed policy version", &version_id)))
		return e;
	if (!(st = sqlite_stmt(base, SQL_SEED_PUBLICATION)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, version_id);
	sqlite3_bind_int64(st, 3, seed->published_at);
	return sqlite_exec(base, st, "seed policy publication");
}

enum mm_err sqlite_declaration_seed_insert(struct store *base, const struct declaration_seed *seed,
                                           int64_t *org_id)
{
	enum mm_err e;
	if ((e = seed_org(base, seed, org_id)) ||
	    (seed->has_assessment && (e = seed_assessment(base, seed, *org_id))))
		return e;
	return seed->publish_policy ? seed_policy(base, seed, *org_id) : MM_OK;
}
