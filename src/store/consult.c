/*
 * consult.c — the consultations area (store/consult.h), written once for
 * every database (store/sql.h).
 *
 * Changes of status are conditional updates (the status and responder
 * the caller read are part of the WHERE): two responders accepting the
 * same consultation at once both run the update, the second matches no
 * row and is told so, on SQLite (one writer) as on PostgreSQL (the second
 * update waits for the first's row lock, then reads the row anew).
 */
#include "store/consult.h"

#include <string.h>

#include "core/experts.h"
#include "core/help.h"
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

#define CONSULT_SELECT                                                                             \
	"SELECT c.id, coalesce(c.organisation_id, 0), coalesce(c.opened_by, 0), c.prefecture,"     \
	" c.category, c.urgency, c.question, c.status, coalesce(c.responder_user_id, 0),"          \
	" coalesce(s.organisation_name, x.name, ''), coalesce(o.name, ''), c.created_at,"          \
	" c.updated_at,"                                                                           \
	" coalesce(c.assigned_at, 0), coalesce(c.first_answer_at, 0), coalesce(c.answered_at, 0)," \
	" coalesce(c.reminder_sent_at, 0), coalesce(c.closed_at, 0), coalesce(c.rating, 0),"       \
	" c.rating_comment, coalesce(c.expert_user_id, 0),"                                        \
	" coalesce(c.expert_until, 0) FROM consultation c"                                         \
	" LEFT JOIN supporter s ON s.user_id = c.responder_user_id"                                \
	" LEFT JOIN expert x ON x.user_id = c.responder_user_id"                                   \
	" LEFT JOIN organisation o ON o.id = c.organisation_id"
static const struct sql SQL_CONSULT_INSERT =
    SQL("INSERT INTO consultation (organisation_id, opened_by, prefecture, category, urgency,"
        " question, status, created_at, updated_at, expert_user_id, expert_until)"
        " VALUES (nullif(CAST($1 AS bigint), 0), nullif(CAST($2 AS bigint), 0), $3, $4, $5, $6, "
        "'new', $7, $7,"
        " nullif(CAST($8 AS bigint), 0), nullif(CAST($9 AS bigint), 0)) RETURNING id");
static const struct sql SQL_CONSULT_GET = SQL(CONSULT_SELECT " WHERE c.id = $1");
static const struct sql SQL_CONSULT_UPDATE =
    SQL("UPDATE consultation SET status = $2, responder_user_id = nullif(CAST($3 AS bigint), 0),"
        " assigned_at = nullif(CAST($4 AS bigint), 0),"
        " first_answer_at = nullif(CAST($5 AS bigint), 0),"
        " answered_at = nullif(CAST($6 AS bigint), 0),"
        " reminder_sent_at = nullif(CAST($7 AS bigint), 0),"
        " closed_at = nullif(CAST($8 AS bigint), 0), updated_at = $9,"
        " expert_until = CASE WHEN $2 = 'new' THEN expert_until END"
        " WHERE id = $1 AND status = $10 AND coalesce(responder_user_id, 0) = $11");
static const struct sql SQL_CONSULT_RATE =
    SQL("UPDATE consultation SET rating = $2, rating_comment = $3, updated_at = $4"
        " WHERE id = $1 AND status = 'closed'");
static const struct sql SQL_CONSULT_DELETE = SQL("DELETE FROM consultation WHERE id = $1");
static const struct sql SQL_CONSULT_LIST_ORG =
    SQL(CONSULT_SELECT " WHERE c.organisation_id = $1 ORDER BY c.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_CONSULT_COUNT_ORG =
    SQL("SELECT count(*) FROM consultation WHERE organisation_id = $1");
static const struct sql SQL_CONSULT_LIST_PERSON =
    SQL(CONSULT_SELECT " WHERE c.organisation_id IS NULL AND c.opened_by = $1"
                       " ORDER BY c.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_CONSULT_COUNT_PERSON =
    SQL("SELECT count(*) FROM consultation WHERE organisation_id IS NULL AND opened_by = $1");
static const struct sql SQL_CONSULT_LIST_PARTICIPANT =
    SQL(CONSULT_SELECT " JOIN consultation_participant p ON p.consultation_id = c.id"
                       " WHERE p.user_id = $1 ORDER BY c.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_CONSULT_COUNT_PARTICIPANT =
    SQL("SELECT count(*) FROM consultation_participant WHERE user_id = $1");
static const struct sql SQL_CONSULT_LIST_ASSIGNED =
    SQL(CONSULT_SELECT " WHERE c.responder_user_id = $1 ORDER BY c.id DESC LIMIT $2");
static const struct sql SQL_CONSULT_LIST_OFFERED =
    SQL(CONSULT_SELECT " JOIN consultation_offer f ON f.consultation_id = c.id"
                       " WHERE f.responder_user_id = $1 AND c.status = 'new'"
                       " ORDER BY c.id LIMIT $2");
static const struct sql SQL_CONSULT_LIST_OPEN =
    SQL(CONSULT_SELECT " WHERE c.status <> 'closed'"
                       " ORDER BY c.status = 'new' DESC, c.created_at, c.id LIMIT $1");
static const struct sql SQL_CONSULT_LIST_EXPERT_DUE =
    SQL(CONSULT_SELECT " WHERE c.expert_until IS NOT NULL AND c.expert_until <= $1"
                       " ORDER BY c.expert_until, c.id LIMIT $2");
static const struct sql SQL_CONSULT_EXPERT_RELEASE =
    SQL("UPDATE consultation SET expert_until = NULL WHERE id = $1 AND expert_until IS NOT NULL");
static const struct sql SQL_CONSULT_LIST_ANSWERED_BEFORE =
    SQL(CONSULT_SELECT " WHERE c.status = 'answered' AND c.answered_at <= $1"
                       " ORDER BY c.answered_at, c.id LIMIT $2");

static const struct sql SQL_OFFER_INSERT =
    SQL("INSERT INTO consultation_offer (consultation_id, responder_user_id, created_at)"
        " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
static const struct sql SQL_OFFER_WAITING =
    SQL("INSERT INTO consultation_offer (consultation_id, responder_user_id, created_at)"
        " SELECT c.id, $1, $2 FROM consultation c WHERE c.status = 'new'"
        " AND c.expert_until IS NULL AND coalesce(c.opened_by, 0) <> $1"
        " AND EXISTS (SELECT 1 FROM responder_skill k"
        "  WHERE k.user_id = $1 AND k.category = c.category)"
        " AND EXISTS (SELECT 1 FROM responder_prefecture p"
        "  WHERE p.user_id = $1 AND p.prefecture = c.prefecture)"
        " ORDER BY c.created_at, c.id LIMIT $3 ON CONFLICT DO NOTHING");
/* whether there is any: one row read at most */
static const struct sql SQL_CONSULT_ANY =
    SQL("SELECT count(*) FROM (SELECT 1 FROM consultation LIMIT 1) t");
static const struct sql SQL_DEMO_ORG =
    SQL("SELECT id, prefecture FROM organisation WHERE public_id = $1");
static const struct sql SQL_OFFER_EXISTS =
    SQL("SELECT 1 FROM consultation_offer WHERE consultation_id = $1 AND responder_user_id = $2");
static const struct sql SQL_PARTICIPANT_ADD =
    SQL("INSERT INTO consultation_participant (consultation_id, user_id, added_by, added_at)"
        " VALUES ($1, $2, nullif(CAST($3 AS bigint), 0), $4) ON CONFLICT DO NOTHING");
static const struct sql SQL_PARTICIPANT_IS =
    SQL("SELECT 1 FROM consultation_participant WHERE consultation_id = $1 AND user_id = $2");
static const struct sql SQL_PARTICIPANTS =
    SQL("SELECT u.id, u.email, u.lang FROM consultation_participant p"
        " JOIN \"user\" u ON u.id = p.user_id WHERE p.consultation_id = $1"
        " AND u.disabled_at IS NULL ORDER BY u.email LIMIT $2");
static const struct sql SQL_FIRM_MEMBERS =
    SQL("SELECT u.id, u.email, u.lang FROM membership m JOIN \"user\" u ON u.id = m.user_id"
        " WHERE m.organisation_id = $1 AND u.disabled_at IS NULL ORDER BY u.id LIMIT $2");
static const struct sql SQL_USER_RECIPIENT =
    SQL("SELECT id, email, lang FROM \"user\" WHERE id = $1 AND disabled_at IS NULL");

static const struct sql SQL_MESSAGE_INSERT =
    SQL("INSERT INTO consultation_message (consultation_id, author_user_id, side, body, created_at)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING id");
static const struct sql SQL_MESSAGES =
    SQL("SELECT m.id, coalesce(m.author_user_id, 0), m.side, coalesce(u.email, ''), m.body,"
        " m.created_at FROM consultation_message m LEFT JOIN \"user\" u ON u.id = m.author_user_id"
        " WHERE m.consultation_id = $1 ORDER BY m.id LIMIT $2");
static const struct sql SQL_ATTACHMENT_INSERT =
    SQL("INSERT INTO consultation_attachment (consultation_id, message_id, name, filename,"
        " content_type, size, data, created_at)"
        " VALUES ($1, nullif(CAST($2 AS bigint), 0), $3, $4, $5, $6, $7, $8)");
static const struct sql SQL_ATTACHMENT_COUNT =
    SQL("SELECT count(*) FROM consultation_attachment WHERE consultation_id = $1");
#define ATTACHMENT_COLUMNS                                                                         \
	"id, consultation_id, coalesce(message_id, 0), size, created_at, name, filename,"          \
	" content_type"
static const struct sql SQL_ATTACHMENTS =
    SQL("SELECT " ATTACHMENT_COLUMNS " FROM consultation_attachment WHERE consultation_id = $1"
        " ORDER BY id LIMIT $2");
static const struct sql SQL_ATTACHMENT_GET =
    SQL("SELECT " ATTACHMENT_COLUMNS ", length(data), data FROM consultation_attachment"
        " WHERE consultation_id = $1 AND name = $2");

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

static enum mm_err exists(struct store *s, const struct sql *q, int64_t a, int64_t b, bool *out,
                          const char *what)
{
	return b ? sql_exists(s, q, ARGS(ARG_INT(a), ARG_INT(b)), what, out)
	         : sql_exists(s, q, ARGS(ARG_INT(a)), what, out);
}

enum mm_err store_consult_desk_is(struct store *s, int64_t user_id, bool *out)
{
	return exists(s, &SQL_DESK_IS, user_id, 0, out, "desk is");
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

static void read_recipient(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_recipient *)item = (struct consult_recipient){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .lang = sql_col_str(a, r, 2),
	};
}

enum mm_err store_consult_responders_matching(struct store *s, struct arena *a, struct str category,
                                              int prefecture, struct consult_recipient **out,
                                              size_t *n)
{
	int skill = help_category_index(category);
	int64_t skill_bit = skill >= 0 ? (int64_t)1 << skill : 0;
	return sql_rows(
	    s, a, &SQL_RESPONDERS_MATCHING,
	    ARGS(ARG_TEXT(category), ARG_INT(prefecture), ARG_INT(CONSULT_RESPONDERS_MAX),
	         ARG_INT(skill_bit), ARG_INT(expert_prefecture_bit(prefecture))),
	    sizeof **out, SQL_ROWS_ANY, read_recipient, (void **)out, n, "responders matching");
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

/* ---- consultations ---- */

static void read_consult(struct arena *a, const struct sql_row *r, void *item)
{
	struct consultation *c = item;
	*c = (struct consultation){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .opened_by = sql_col_int64(r, 2),
	    .prefecture = sql_col_int(r, 3),
	    .category = sql_col_str(a, r, 4),
	    .urgency = sql_col_str(a, r, 5),
	    .question = sql_col_str(a, r, 6),
	    .status = (enum consult_status)sql_col_name_index(r, 7, consult_status_names,
	                                                      CONSULT_STATUS_COUNT),
	    .responder_user_id = sql_col_int64(r, 8),
	    .responder_name = sql_col_str(a, r, 9),
	    .organisation_name = sql_col_str(a, r, 10),
	    .created_at = sql_col_int64(r, 11),
	    .updated_at = sql_col_int64(r, 12),
	    .assigned_at = sql_col_int64(r, 13),
	    .first_answer_at = sql_col_int64(r, 14),
	    .answered_at = sql_col_int64(r, 15),
	    .reminder_sent_at = sql_col_int64(r, 16),
	    .closed_at = sql_col_int64(r, 17),
	    .rating = sql_col_int(r, 18),
	    .rating_comment = sql_col_str(a, r, 19),
	    .expert_user_id = sql_col_int64(r, 20),
	    .expert_until = sql_col_int64(r, 21),
	};
}

/* The consultations of a listing whose $1 is key and $2 its LIMIT. */
static enum mm_err consultations_by(struct store *s, struct arena *a, const struct sql *q,
                                    int64_t key, size_t limit, struct consultation **out, size_t *n,
                                    const char *what)
{
	return sql_rows(s, a, q, ARGS(ARG_INT(key), ARG_INT((int64_t)limit)), sizeof **out,
	                SQL_ROWS_ANY, read_consult, (void **)out, n, what);
}

/* One page of the consultations whose $1 is key, and how many there are
 * (count, run with key alone). */
static enum mm_err consultations_page(struct store *s, struct arena *a, const struct sql *count,
                                      const struct sql *list, int64_t key, struct org_page page,
                                      struct consultation **out, size_t *n, int64_t *total,
                                      const char *what)
{
	return sql_rows_counted(
	    s, a, count, list, ARGS(ARG_INT(key), ARG_INT(page.limit), ARG_INT(page.offset)), 2,
	    sizeof **out, SQL_ROWS_ANY, read_consult, (void **)out, n, total, what);
}

enum mm_err store_consult_insert(struct store *s, const struct consultation *c, int64_t *id)
{
	return sql_insert(s, &SQL_CONSULT_INSERT,
	                  ARGS(ARG_INT(c->organisation_id), ARG_INT(c->opened_by),
	                       ARG_INT(c->prefecture), ARG_TEXT(c->category), ARG_TEXT(c->urgency),
	                       ARG_TEXT(c->question), ARG_INT(c->created_at),
	                       ARG_INT(c->expert_user_id), ARG_INT(c->expert_until)),
	                  "consultation insert", id);
}

enum mm_err store_consult_get(struct store *s, struct arena *a, int64_t id,
                              struct consultation *out)
{
	return sql_row(s, a, &SQL_CONSULT_GET, ARGS(ARG_INT(id)), read_consult, out,
	               "consultation get");
}

enum mm_err store_consult_update(struct store *s, const struct consultation *c,
                                 enum consult_status old_status, int64_t old_responder)
{
	return sql_exec_one(s, &SQL_CONSULT_UPDATE,
	                    ARGS(ARG_INT(c->id), ARG_CSTR(consult_status_names[c->status]),
	                         ARG_INT(c->responder_user_id), ARG_INT(c->assigned_at),
	                         ARG_INT(c->first_answer_at), ARG_INT(c->answered_at),
	                         ARG_INT(c->reminder_sent_at), ARG_INT(c->closed_at),
	                         ARG_INT(c->updated_at), ARG_CSTR(consult_status_names[old_status]),
	                         ARG_INT(old_responder)),
	                    "consultation update");
}

enum mm_err store_consult_rate(struct store *s, int64_t id, int rating, struct str comment,
                               int64_t now)
{
	return sql_exec_one(s, &SQL_CONSULT_RATE,
	                    ARGS(ARG_INT(id), ARG_INT(rating), ARG_TEXT(comment), ARG_INT(now)),
	                    "consultation rate");
}

enum mm_err store_consult_delete(struct store *s, int64_t id)
{
	return sql_exec_one(s, &SQL_CONSULT_DELETE, ARGS(ARG_INT(id)), "consultation delete");
}

enum mm_err store_consult_list_own(struct store *s, struct arena *a, int64_t organisation_id,
                                   int64_t user_id, struct org_page page, struct consultation **out,
                                   size_t *n, int64_t *total)
{
	if (organisation_id)
		return consultations_page(s, a, &SQL_CONSULT_COUNT_ORG, &SQL_CONSULT_LIST_ORG,
		                          organisation_id, page, out, n, total,
		                          "consultation list");
	return consultations_page(s, a, &SQL_CONSULT_COUNT_PERSON, &SQL_CONSULT_LIST_PERSON,
	                          user_id, page, out, n, total, "consultation list");
}

enum mm_err store_consult_list_participating(struct store *s, struct arena *a, int64_t user_id,
                                             struct org_page page, struct consultation **out,
                                             size_t *n, int64_t *total)
{
	return consultations_page(s, a, &SQL_CONSULT_COUNT_PARTICIPANT,
	                          &SQL_CONSULT_LIST_PARTICIPANT, user_id, page, out, n, total,
	                          "consultation participating");
}

enum mm_err store_consult_list_assigned(struct store *s, struct arena *a, int64_t user_id,
                                        struct consultation **out, size_t *n)
{
	return consultations_by(s, a, &SQL_CONSULT_LIST_ASSIGNED, user_id, CONSULT_LIST_MAX, out, n,
	                        "consultation assigned");
}

enum mm_err store_consult_list_offered(struct store *s, struct arena *a, int64_t user_id,
                                       struct consultation **out, size_t *n)
{
	return consultations_by(s, a, &SQL_CONSULT_LIST_OFFERED, user_id, CONSULT_LIST_MAX, out, n,
	                        "consultation offered");
}

enum mm_err store_consult_list_open(struct store *s, struct arena *a, struct consultation **out,
                                    size_t *n, int64_t *total)
{
	/* the total from the counts by category and region (the same index) */
	struct consult_open_count *counts;
	size_t nc;
	enum mm_err e = store_consult_open_counts(s, a, &counts, &nc);
	if (e)
		return e;
	*total = 0;
	for (size_t i = 0; i < nc; i++)
		*total += counts[i].count;
	return sql_rows(s, a, &SQL_CONSULT_LIST_OPEN, ARGS(ARG_INT(CONSULT_LIST_MAX)), sizeof **out,
	                SQL_ROWS_ANY, read_consult, (void **)out, n, "consultation open");
}

enum mm_err store_consult_list_expert_due(struct store *s, struct arena *a, int64_t now,
                                          size_t limit, struct consultation **out, size_t *n)
{
	return consultations_by(s, a, &SQL_CONSULT_LIST_EXPERT_DUE, now, limit, out, n,
	                        "consultation expert due");
}

enum mm_err store_consult_expert_release(struct store *s, int64_t id)
{
	return sql_exec_one(s, &SQL_CONSULT_EXPERT_RELEASE, ARGS(ARG_INT(id)),
	                    "consultation expert release");
}

enum mm_err store_consult_list_answered_before(struct store *s, struct arena *a, int64_t before,
                                               size_t limit, struct consultation **out, size_t *n)
{
	return consultations_by(s, a, &SQL_CONSULT_LIST_ANSWERED_BEFORE, before, limit, out, n,
	                        "consultation answered before");
}

/* ---- offers and participants ---- */

enum mm_err store_consult_offer_insert(struct store *s, int64_t consultation_id, int64_t user_id,
                                       int64_t now)
{
	return sql_exec(s, &SQL_OFFER_INSERT,
	                ARGS(ARG_INT(consultation_id), ARG_INT(user_id), ARG_INT(now)),
	                "offer insert");
}

enum mm_err store_consult_offer_waiting(struct store *s, int64_t user_id, int64_t now, size_t limit,
                                        int64_t *count)
{
	return sql_exec_count(s, &SQL_OFFER_WAITING,
	                      ARGS(ARG_INT(user_id), ARG_INT(now), ARG_INT((int64_t)limit)),
	                      "offer waiting", count);
}

enum mm_err store_consult_offer_exists(struct store *s, int64_t consultation_id, int64_t user_id,
                                       bool *out)
{
	return exists(s, &SQL_OFFER_EXISTS, consultation_id, user_id, out, "offer exists");
}

enum mm_err store_consult_participant_add(struct store *s, int64_t consultation_id, int64_t user_id,
                                          int64_t added_by, int64_t now)
{
	return sql_exec(
	    s, &SQL_PARTICIPANT_ADD,
	    ARGS(ARG_INT(consultation_id), ARG_INT(user_id), ARG_INT(added_by), ARG_INT(now)),
	    "participant add");
}

enum mm_err store_consult_participant_is(struct store *s, int64_t consultation_id, int64_t user_id,
                                         bool *out)
{
	return exists(s, &SQL_PARTICIPANT_IS, consultation_id, user_id, out, "participant is");
}

enum mm_err store_consult_participants(struct store *s, struct arena *a, int64_t consultation_id,
                                       struct consult_recipient **out, size_t *n)
{
	return sql_rows(s, a, &SQL_PARTICIPANTS,
	                ARGS(ARG_INT(consultation_id), ARG_INT(CONSULT_RECIPIENTS_MAX)),
	                sizeof **out, SQL_ROWS_ANY, read_recipient, (void **)out, n,
	                "participants");
}

/* The rows of two queries as one array in a, first's n1 then second's
 * n2 (of size bytes each): *out and *n. */
static enum mm_err rows_joined(struct arena *a, const void *first, size_t n1, const void *second,
                               size_t n2, size_t size, void **out, size_t *n)
{
	char *joined = arena_alloc(a, (n1 + n2 + 1) * size);
	*out = joined;
	if (!joined)
		return MM_ERR_NOMEM;
	if (n1)
		memcpy(joined, first, n1 * size);
	if (n2)
		memcpy(joined + n1 * size, second, n2 * size);
	*n = n1 + n2;
	return MM_OK;
}

enum mm_err store_consult_firm_recipients(struct store *s, struct arena *a,
                                          const struct consultation *c,
                                          struct consult_recipient **out, size_t *n)
{
	struct consult_recipient *firm = NULL, *added = NULL;
	size_t nf = 0, na = 0;
	enum mm_err e =
	    c->organisation_id
	        ? sql_rows(s, a, &SQL_FIRM_MEMBERS,
	                   ARGS(ARG_INT(c->organisation_id), ARG_INT(CONSULT_RECIPIENTS_MAX)),
	                   sizeof *firm, SQL_ROWS_ANY, read_recipient, (void **)&firm, &nf,
	                   "firm members")
	        : sql_rows(s, a, &SQL_USER_RECIPIENT, ARGS(ARG_INT(c->opened_by)), sizeof *firm, 1,
	                   read_recipient, (void **)&firm, &nf, "consultation opener");
	if (!e)
		e = store_consult_participants(s, a, c->id, &added, &na);
	return e ? e : rows_joined(a, firm, nf, added, na, sizeof **out, (void **)out, n);
}

/* ---- messages and attachments ---- */

enum mm_err store_consult_message_insert(struct store *s, int64_t consultation_id,
                                         int64_t author_user_id, struct str side, struct str body,
                                         int64_t now, int64_t *id)
{
	return sql_insert(s, &SQL_MESSAGE_INSERT,
	                  ARGS(ARG_INT(consultation_id), ARG_INT(author_user_id), ARG_TEXT(side),
	                       ARG_TEXT(body), ARG_INT(now)),
	                  "message insert", id);
}

static void read_message(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_message *)item = (struct consult_message){
	    .id = sql_col_int64(r, 0),
	    .author_user_id = sql_col_int64(r, 1),
	    .side = sql_col_str(a, r, 2),
	    .author_email = sql_col_str(a, r, 3),
	    .body = sql_col_str(a, r, 4),
	    .created_at = sql_col_int64(r, 5),
	};
}

#define CONSULT_MESSAGES_MAX 1000

enum mm_err store_consult_messages(struct store *s, struct arena *a, int64_t consultation_id,
                                   struct consult_message **out, size_t *n)
{
	return sql_rows(s, a, &SQL_MESSAGES,
	                ARGS(ARG_INT(consultation_id), ARG_INT(CONSULT_MESSAGES_MAX)), sizeof **out,
	                SQL_ROWS_ANY, read_message, (void **)out, n, "messages");
}

enum mm_err store_consult_attachment_insert(struct store *s, const struct consult_attachment *at,
                                            int64_t now)
{
	return sql_exec(
	    s, &SQL_ATTACHMENT_INSERT,
	    ARGS(ARG_INT(at->consultation_id), ARG_INT(at->message_id), ARG_TEXT(at->name),
	         ARG_TEXT(at->filename), ARG_TEXT(at->content_type), ARG_INT((int64_t)at->data.n),
	         ARG_BYTES((const unsigned char *)at->data.p, at->data.n), ARG_INT(now)),
	    "attachment insert");
}

enum mm_err store_consult_attachment_count(struct store *s, int64_t consultation_id, int64_t *out)
{
	return sql_int64_of(s, &SQL_ATTACHMENT_COUNT, ARGS(ARG_INT(consultation_id)),
	                    "attachment count", out);
}

static void read_attachment(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_attachment *)item = (struct consult_attachment){
	    .id = sql_col_int64(r, 0),
	    .consultation_id = sql_col_int64(r, 1),
	    .message_id = sql_col_int64(r, 2),
	    .size = sql_col_int64(r, 3),
	    .created_at = sql_col_int64(r, 4),
	    .name = sql_col_str(a, r, 5),
	    .filename = sql_col_str(a, r, 6),
	    .content_type = sql_col_str(a, r, 7),
	};
}

/* The bytes too; data.p NULL when they could not be read or kept. */
static void read_attachment_data(struct arena *a, const struct sql_row *r, void *item)
{
	struct consult_attachment *at = item;
	read_attachment(a, r, item);
	int64_t n = sql_col_int64(r, 8);
	at->data = n >= 0 ? sql_col_blob(a, r, 9, (size_t)n) : (struct str){NULL, 0};
}

enum mm_err store_consult_attachments(struct store *s, struct arena *a, int64_t consultation_id,
                                      struct consult_attachment **out, size_t *n)
{
	return sql_rows(s, a, &SQL_ATTACHMENTS,
	                ARGS(ARG_INT(consultation_id), ARG_INT(CONSULT_ATTACHMENTS_MAX * 4)),
	                sizeof **out, SQL_ROWS_ANY, read_attachment, (void **)out, n,
	                "attachments");
}

enum mm_err store_consult_attachment_get(struct store *s, struct arena *a, int64_t consultation_id,
                                         struct str name, struct consult_attachment *out)
{
	enum mm_err e =
	    sql_row(s, a, &SQL_ATTACHMENT_GET, ARGS(ARG_INT(consultation_id), ARG_TEXT(name)),
	            read_attachment_data, out, "attachment get");
	if (!e && !out->data.p)
		return MM_ERR_NOMEM;
	return e;
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
	return e ? e : rows_joined(a, sup, ns, exp, nx, sizeof **out, (void **)out, n);
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

/* ---- `mamori seed-demo` ---- */

enum mm_err store_consult_any(struct store *s, int64_t *count)
{
	return sql_int64_of(s, &SQL_CONSULT_ANY, NO_ARGS, "consultation any", count);
}

static void read_demo_org(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	struct consultation *c = item;
	c->organisation_id = sql_col_int64(r, 0);
	c->prefecture = sql_col_int(r, 1);
}

enum mm_err store_consult_demo_org(struct store *s, struct arena *a, struct str public_id,
                                   int64_t *id, int *prefecture)
{
	struct consultation c = {0};
	enum mm_err e =
	    sql_row(s, a, &SQL_DEMO_ORG, ARGS(ARG_TEXT(public_id)), read_demo_org, &c, "demo org");
	*id = c.organisation_id;
	*prefecture = c.prefecture;
	return e;
}

/* ---- `mamori seed` ---- */

static const struct sql SQL_SEED =
    SQL("INSERT INTO consultation (organisation_id, prefecture, category, urgency, question,"
        " status, created_at, updated_at, first_answer_at, answered_at, closed_at)"
        " SELECT id, prefecture, CASE id % 7 WHEN 0 THEN 'malware'"
        " WHEN 1 THEN 'unauthorised_access' WHEN 2 THEN 'fraud' WHEN 3 THEN 'data_leak'"
        " WHEN 4 THEN 'how_to' WHEN 5 THEN 'scheme' ELSE 'other' END,"
        " CASE id % 3 WHEN 0 THEN 'now' WHEN 1 THEN 'week' ELSE 'question' END, 'seed',"
        " CASE WHEN id % 90 = 0 THEN 'new' ELSE 'closed' END,"
        " $1 - (id % 365) * 86400, $1 - (id % 365) * 86400,"
        " CASE WHEN id % 90 <> 0 THEN $1 - (id % 365) * 86400 + 1800 * (1 + id % 48) END,"
        " CASE WHEN id % 90 <> 0 THEN $1 - (id % 365) * 86400 + 1800 * (1 + id % 48) END,"
        " CASE WHEN id % 90 <> 0 THEN $1 - (id % 365) * 86400 + 86400 * (1 + id % 14) END"
        " FROM organisation WHERE id % 30 = 0");

enum mm_err store_consult_seed(struct store *s, int64_t base, int64_t *count)
{
	return sql_exec_count(s, &SQL_SEED, ARGS(ARG_INT(base)), "consultation seed", count);
}
