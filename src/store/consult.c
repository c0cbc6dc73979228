/*
 * consult.c — the consultations of store/consult.h: a consultation, the
 * offers and participants of it, its messages and attachments, and the
 * demo and seed data; the desk's side (its staff, the responders, the
 * digests and the figures) is consult_desk.c's. Written once for every
 * database (store/sql.h).
 *
 * Changes of status are conditional updates (the status and responder
 * the caller read are part of the WHERE): two responders accepting the
 * same consultation at once both run the update, the second matches no
 * row and is told so, on SQLite (one writer) as on PostgreSQL (the second
 * update waits for the first's row lock, then reads the row anew).
 */
#include "store/consult.h"

#include "store/rows.h"
#include "store/sql.h"

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

static enum mm_err exists(struct store *s, const struct sql *q, int64_t a, int64_t b, bool *out,
                          const char *what)
{
	return b ? sql_exists(s, q, ARGS(ARG_INT(a), ARG_INT(b)), what, out)
	         : sql_exists(s, q, ARGS(ARG_INT(a)), what, out);
}

/* Reads a consult_recipient (id, email, lang) for both halves of the area
 * (store/rows.h). */
void store_read_consult_recipient(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct consult_recipient *)item = (struct consult_recipient){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .lang = sql_col_str(a, r, 2),
	};
}

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
	                sizeof **out, SQL_ROWS_ANY, store_read_consult_recipient, (void **)out, n,
	                "participants");
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
	                   sizeof *firm, SQL_ROWS_ANY, store_read_consult_recipient, (void **)&firm,
	                   &nf, "firm members")
	        : sql_rows(s, a, &SQL_USER_RECIPIENT, ARGS(ARG_INT(c->opened_by)), sizeof *firm, 1,
	                   store_read_consult_recipient, (void **)&firm, &nf,
	                   "consultation opener");
	if (!e)
		e = store_consult_participants(s, a, c->id, &added, &na);
	return e ? e : sql_rows_joined(a, firm, nf, added, na, sizeof **out, (void **)out, n);
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
