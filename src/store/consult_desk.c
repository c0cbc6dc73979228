/*
 * consult_desk.c — the consultations desk's side of store/consult.h: who
 * staffs the desk, the responders (supporters who answer, and experts of
 * the directory who take consultations) and whom a new consultation is
 * offered to, the scheduled jobs' lease and the responders' digests, and
 * the desk's figures. The consultations themselves, their offers,
 * messages and attachments are consult.c's. Written once for every
 * database (store/sql.h).
 */
#include "store/consult.h"

#include "core/experts.h"
#include "core/help.h"
#include "store/rows.h"
#include "store/sql.h"

static const struct sql SQL_DESK_IS = SQL("SELECT 1 FROM desk_staff WHERE user_id = $1");
static const struct sql SQL_DESK_GRANT =
    SQL("INSERT INTO desk_staff (user_id, granted_by, granted_at)"
        " VALUES ($1, nullif(CAST($2 AS bigint), 0), $3) ON CONFLICT DO NOTHING");
static const struct sql SQL_DESK_REVOKE = SQL("DELETE FROM desk_staff WHERE user_id = $1");

static const struct sql SQL_RESPONDER_GET =
    SQL("SELECT r.user_id, u.email, u.lang, s.organisation_name, s.kind, s.prefecture, r.active,"
        " r.digest_sent_at, FALSE FROM responder r JOIN supporter s ON s.user_id = r.user_id"
        " JOIN \"user\" u ON u.id = r.user_id WHERE r.user_id = $1");
static const struct sql SQL_RESPONDER_SKILLS =
    SQL("SELECT category FROM responder_skill WHERE user_id = $1");
static const struct sql SQL_RESPONDER_PREFECTURES =
    SQL("SELECT prefecture FROM responder_prefecture WHERE user_id = $1");
static const struct sql SQL_RESPONDER_UPSERT =
    SQL("INSERT INTO responder (user_id, active, created_at, updated_at) VALUES ($1, $2, $3, $3)"
        " ON CONFLICT (user_id) DO UPDATE SET active = excluded.active,"
        " updated_at = excluded.updated_at");
static const struct sql SQL_RESPONDER_SKILLS_CLEAR =
    SQL("DELETE FROM responder_skill WHERE user_id = $1");
static const struct sql SQL_RESPONDER_PREFECTURES_CLEAR =
    SQL("DELETE FROM responder_prefecture WHERE user_id = $1");
static const struct sql SQL_RESPONDER_SKILL_ADD =
    SQL("INSERT INTO responder_skill (user_id, category) VALUES ($1, $2)");
static const struct sql SQL_RESPONDER_PREFECTURE_ADD =
    SQL("INSERT INTO responder_prefecture (user_id, prefecture) VALUES ($1, $2)");
/* An expert of the directory is a responder while the profile is approved
 * and takes consultations (and the account is not disabled). */
#define EXPERT_RESPONDS                                                                            \
	" x.status = 'approved' AND x.takes_consultations = TRUE AND u.disabled_at IS NULL"
/* Supporters by the rows of their skills and prefectures; experts by the
 * bits of their profile ($4: the category's bit, $5: the prefecture's). */
static const struct sql SQL_RESPONDERS_MATCHING =
    SQL("SELECT u.id, u.email, u.lang FROM responder r"
        " JOIN responder_skill k ON k.user_id = r.user_id AND k.category = $1"
        " JOIN responder_prefecture p ON p.user_id = r.user_id AND p.prefecture = $2"
        " JOIN \"user\" u ON u.id = r.user_id"
        " WHERE r.active = TRUE AND u.disabled_at IS NULL"
        " UNION SELECT u.id, u.email, u.lang FROM expert x JOIN \"user\" u ON u.id = x.user_id"
        " WHERE" EXPERT_RESPONDS " AND (x.skills & CAST($4 AS bigint)) <> 0"
        " AND (x.prefectures & CAST($5 AS bigint)) <> 0"
        " ORDER BY 1 LIMIT $3");
/* The active responders of both kinds, one row each: an expert who is an
 * active supporter-responder too is listed as the supporter. SUP and EXP
 * narrow each half. */
#define RESPONDERS_ACTIVE(SUP, EXP)                                                                \
	"SELECT r.user_id AS user_id, u.email AS email, u.lang AS lang,"                           \
	" s.organisation_name AS name, s.kind AS kind, s.prefecture AS prefecture, r.active AS "   \
	"active,"                                                                                  \
	" r.digest_sent_at AS digest_sent_at, FALSE AS expert FROM responder r"                    \
	" JOIN supporter s ON s.user_id = r.user_id JOIN \"user\" u ON u.id = r.user_id"           \
	" WHERE r.active = TRUE AND u.disabled_at IS NULL" SUP                                     \
	" UNION ALL SELECT x.user_id, u.email, u.lang, x.name, x.kind, 0, TRUE, x.digest_sent_at," \
	" TRUE FROM expert x JOIN \"user\" u ON u.id = x.user_id WHERE" EXPERT_RESPONDS EXP        \
	" AND NOT EXISTS (SELECT 1 FROM responder a WHERE a.user_id = x.user_id AND a.active = "   \
	"TRUE)"
static const struct sql SQL_RESPONDERS_ACTIVE =
    SQL("SELECT user_id, email, lang, name, kind, prefecture, active, digest_sent_at, expert"
        " FROM (" RESPONDERS_ACTIVE("", "") ") t ORDER BY name, user_id LIMIT $1");
static const struct sql SQL_RESPONDER_ACTIVE =
    SQL(RESPONDERS_ACTIVE(" AND r.user_id = $1", " AND x.user_id = $1"));

static const struct sql SQL_JOB_LEASE =
    SQL("UPDATE job_lease SET leased_by = $2, lease_until = $4"
        " WHERE name = $1 AND (lease_until <= $3 OR leased_by = $2)");
/* The new consultations in a responder's area that are not reserved for
 * a chosen expert: for a supporter by the rows of their skills and
 * prefectures, for an expert by the bits of the profile (the category's
 * bit is its index in core/help.h's help_categories, a prefecture's is
 * its code - 1). */
#define WAITING_NEW " c.status = 'new' AND c.expert_until IS NULL"
static const struct sql SQL_DIGEST_DUE =
    SQL("SELECT r.user_id, u.email, u.lang, (SELECT count(*) FROM consultation c"
        "  WHERE" WAITING_NEW "  AND EXISTS (SELECT 1 FROM responder_skill k"
        "   WHERE k.user_id = r.user_id AND k.category = c.category)"
        "  AND EXISTS (SELECT 1 FROM responder_prefecture p"
        "   WHERE p.user_id = r.user_id AND p.prefecture = c.prefecture)), r.digest_sent_at"
        " FROM responder r JOIN \"user\" u ON u.id = r.user_id"
        " WHERE r.active AND r.digest_sent_at <= $1 AND u.disabled_at IS NULL"
        " ORDER BY r.digest_sent_at, r.user_id LIMIT $2");
/* The experts' half, read apart so that each half keeps its own plan. */
static const struct sql SQL_DIGEST_DUE_EXPERTS =
    SQL("SELECT x.user_id, u.email, u.lang, (SELECT count(*) FROM consultation c"
        "  WHERE" WAITING_NEW "  AND (x.skills & CASE c.category WHEN 'malware' THEN 1"
        "   WHEN 'unauthorised_access' THEN 2 WHEN 'fraud' THEN 4 WHEN 'data_leak' THEN 8"
        "   WHEN 'how_to' THEN 16 WHEN 'scheme' THEN 32 ELSE 64 END) <> 0"
        "  AND (x.prefectures & (CAST(1 AS bigint) << (c.prefecture - 1))) <> 0),"
        " x.digest_sent_at FROM expert x JOIN \"user\" u ON u.id = x.user_id"
        " WHERE" EXPERT_RESPONDS " AND x.digest_sent_at <= $1"
        " AND NOT EXISTS (SELECT 1 FROM responder a WHERE a.user_id = x.user_id AND a.active)"
        " ORDER BY x.digest_sent_at, x.user_id LIMIT $2");
static const struct sql SQL_DIGEST_SENT =
    SQL("UPDATE responder SET digest_sent_at = $2 WHERE user_id = $1");
static const struct sql SQL_DIGEST_SENT_EXPERT =
    SQL("UPDATE expert SET digest_sent_at = $2 WHERE user_id = $1");

static const struct sql SQL_OPEN_COUNTS =
    SQL("SELECT category, prefecture, count(*) FROM consultation"
        " WHERE status <> 'closed' GROUP BY category, prefecture ORDER BY category, prefecture");
static const struct sql SQL_FIRST_ANSWER_TIMES =
    SQL("SELECT first_answer_at - created_at FROM consultation"
        " WHERE created_at >= $1 AND first_answer_at IS NOT NULL LIMIT $2");
static const struct sql SQL_CLOSE_TIMES =
    SQL("SELECT closed_at - created_at FROM consultation WHERE closed_at >= $1 LIMIT $2");

/* ---- desk staff ---- */

enum mm_err store_consult_desk_is(struct store *s, int64_t user_id, bool *out)
{
	return sql_exists(s, &SQL_DESK_IS, ARGS(ARG_INT(user_id)), "desk is", out);
}

enum mm_err store_consult_desk_set(struct store *s, int64_t user_id, bool on, int64_t granted_by,
                                   int64_t now)
{
	if (!on)
		return sql_exec(s, &SQL_DESK_REVOKE, ARGS(ARG_INT(user_id)), "desk revoke");
	return sql_exec(s, &SQL_DESK_GRANT,
	                ARGS(ARG_INT(user_id), ARG_INT(granted_by), ARG_INT(now)), "desk grant");
}

/* ---- responders ---- */

static void read_responder(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_responder *)item = (struct consult_responder){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .lang = sql_col_str(a, r, 2),
	    .organisation_name = sql_col_str(a, r, 3),
	    .kind = sql_col_str(a, r, 4),
	    .supporter_prefecture = sql_col_int(r, 5),
	    .active = sql_col_bool(r, 6),
	    .digest_sent_at = sql_col_int64(r, 7),
	    .expert = sql_col_bool(r, 8),
	};
}

static bool add_skill(const struct sql_row *r, void *ctx)
{
	struct consult_responder *out = ctx;
	size_t n;
	const char *t = r->columns->text(r, 0, &n);
	for (size_t i = 0; t && i < consult_category_count; i++)
		if (str_eq_lit((struct str){t, n}, consult_categories[i]))
			out->skills |= 1u << i;
	return true;
}

static bool add_prefecture(const struct sql_row *r, void *ctx)
{
	struct consult_responder *out = ctx;
	int p = sql_col_int(r, 0);
	if (p >= 1 && p <= 47)
		out->prefectures |= (uint64_t)1 << p;
	return true;
}

enum mm_err store_consult_responder_get(struct store *s, struct arena *a, int64_t user_id,
                                        struct consult_responder *out)
{
	enum mm_err e = sql_row(s, a, &SQL_RESPONDER_GET, ARGS(ARG_INT(user_id)), read_responder,
	                        out, "responder get");
	if (!e)
		e = sql_each(s, &SQL_RESPONDER_SKILLS, ARGS(ARG_INT(user_id)), add_skill, out,
		             "responder skills");
	if (!e)
		e = sql_each(s, &SQL_RESPONDER_PREFECTURES, ARGS(ARG_INT(user_id)), add_prefecture,
		             out, "responder prefectures");
	return e;
}

enum mm_err store_consult_responder_save(struct store *s, const struct consult_responder *r,
                                         int64_t now)
{
	enum mm_err e = sql_exec(s, &SQL_RESPONDER_UPSERT,
	                         ARGS(ARG_INT(r->user_id), ARG_BOOL(r->active), ARG_INT(now)),
	                         "responder upsert");
	if (!e)
		e = sql_exec(s, &SQL_RESPONDER_SKILLS_CLEAR, ARGS(ARG_INT(r->user_id)),
		             "responder skills clear");
	if (!e)
		e = sql_exec(s, &SQL_RESPONDER_PREFECTURES_CLEAR, ARGS(ARG_INT(r->user_id)),
		             "responder prefectures clear");
	for (size_t i = 0; !e && i < consult_category_count; i++)
		if (r->skills & (1u << i))
			e = sql_exec(s, &SQL_RESPONDER_SKILL_ADD,
			             ARGS(ARG_INT(r->user_id), ARG_CSTR(consult_categories[i])),
			             "responder skill add");
	for (int p = 1; !e && p <= 47; p++)
		if (r->prefectures & ((uint64_t)1 << p))
			e = sql_exec(s, &SQL_RESPONDER_PREFECTURE_ADD,
			             ARGS(ARG_INT(r->user_id), ARG_INT(p)),
			             "responder prefecture add");
	return e;
}

enum mm_err store_consult_responders_matching(struct store *s, struct arena *a, struct str category,
                                              int prefecture, struct consult_recipient **out,
                                              size_t *n)
{
	int skill = help_category_index(category);
	int64_t skill_bit = skill >= 0 ? (int64_t)1 << skill : 0;
	return sql_rows(s, a, &SQL_RESPONDERS_MATCHING,
	                ARGS(ARG_TEXT(category), ARG_INT(prefecture),
	                     ARG_INT(CONSULT_RESPONDERS_MAX), ARG_INT(skill_bit),
	                     ARG_INT(expert_prefecture_bit(prefecture))),
	                sizeof **out, SQL_ROWS_ANY, store_read_consult_recipient, (void **)out, n,
	                "responders matching");
}

enum mm_err store_consult_responders_active(struct store *s, struct arena *a,
                                            struct consult_responder **out, size_t *n)
{
	return sql_rows(s, a, &SQL_RESPONDERS_ACTIVE, ARGS(ARG_INT(CONSULT_RESPONDERS_MAX)),
	                sizeof **out, SQL_ROWS_ANY, read_responder, (void **)out, n,
	                "responders active");
}

enum mm_err store_consult_responder_active(struct store *s, struct arena *a, int64_t user_id,
                                           struct consult_responder *out)
{
	return sql_row(s, a, &SQL_RESPONDER_ACTIVE, ARGS(ARG_INT(user_id)), read_responder, out,
	               "responder active");
}

/* ---- the scheduled jobs ---- */

enum mm_err store_job_lease(struct store *s, const char *name, struct str owner, int64_t now,
                            int64_t until, bool *got)
{
	int64_t changed = 0;
	enum mm_err e = sql_exec_count(
	    s, &SQL_JOB_LEASE, ARGS(ARG_CSTR(name), ARG_TEXT(owner), ARG_INT(now), ARG_INT(until)),
	    "job lease", &changed);
	*got = !e && changed == 1;
	return e;
}

static void read_digest(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_digest *)item = (struct consult_digest){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .lang = sql_col_str(a, r, 2),
	    .waiting = sql_col_int64(r, 3),
	};
}

enum mm_err store_consult_digest_due(struct store *s, struct arena *a, int64_t before, size_t limit,
                                     struct consult_digest **out, size_t *n)
{
	struct consult_digest *sup = NULL, *exp = NULL;
	size_t ns = 0, nx = 0;
	enum mm_err e =
	    sql_rows(s, a, &SQL_DIGEST_DUE, ARGS(ARG_INT(before), ARG_INT((int64_t)limit)),
	             sizeof *sup, SQL_ROWS_ANY, read_digest, (void **)&sup, &ns, "digest due");
	if (!e && ns < limit)
		e = sql_rows(s, a, &SQL_DIGEST_DUE_EXPERTS,
		             ARGS(ARG_INT(before), ARG_INT((int64_t)(limit - ns))), sizeof *exp,
		             SQL_ROWS_ANY, read_digest, (void **)&exp, &nx, "digest due experts");
	return e ? e : sql_rows_joined(a, sup, ns, exp, nx, sizeof **out, (void **)out, n);
}

enum mm_err store_consult_digest_sent(struct store *s, int64_t user_id, int64_t now)
{
	enum mm_err e =
	    sql_exec(s, &SQL_DIGEST_SENT, ARGS(ARG_INT(user_id), ARG_INT(now)), "digest sent");
	return e ? e
	         : sql_exec(s, &SQL_DIGEST_SENT_EXPERT, ARGS(ARG_INT(user_id), ARG_INT(now)),
	                    "digest sent expert");
}

/* ---- the desk's figures ---- */

static void read_open_count(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_open_count *)item = (struct consult_open_count){
	    .category = sql_col_str(a, r, 0),
	    .prefecture = sql_col_int(r, 1),
	    .count = sql_col_int64(r, 2),
	};
}

enum mm_err store_consult_open_counts(struct store *s, struct arena *a,
                                      struct consult_open_count **out, size_t *n)
{
	return sql_rows(s, a, &SQL_OPEN_COUNTS, NO_ARGS, sizeof **out, 47 * 8, read_open_count,
	                (void **)out, n, "open counts");
}

/* The durations (seconds) a figure's query reads for consultations since
 * a time ($1), at most CONSULT_FIGURE_ROWS_MAX ($2). */
static enum mm_err durations_since(struct store *s, struct arena *a, const struct sql *q,
                                   int64_t since, int64_t **out, size_t *n, const char *what)
{
	return sql_rows(s, a, q, ARGS(ARG_INT(since), ARG_INT(CONSULT_FIGURE_ROWS_MAX)),
	                sizeof **out, SQL_ROWS_ANY, sql_read_int64, (void **)out, n, what);
}

enum mm_err store_consult_first_answer_times(struct store *s, struct arena *a, int64_t since,
                                             int64_t **out, size_t *n)
{
	return durations_since(s, a, &SQL_FIRST_ANSWER_TIMES, since, out, n, "first answer times");
}

enum mm_err store_consult_close_times(struct store *s, struct arena *a, int64_t since,
                                      int64_t **out, size_t *n)
{
	return durations_since(s, a, &SQL_CLOSE_TIMES, since, out, n, "close times");
}
