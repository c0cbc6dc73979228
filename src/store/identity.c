/*
 * identity.c — see identity.h. Written once for SQLite and PostgreSQL
 * over store/sql.h.
 *
 * The claim rule runs under the holder's lock: on PostgreSQL the holder's
 * row is read FOR UPDATE, so two firms verifying the same number at once
 * are served one after the other — the second finds the number held by a
 * verified firm (or its own update meets the unique index) and is
 * refused. SQLite's single writer needs no more.
 */
#include "store/identity.h"

#include <string.h>

#include "store/sql.h"

const char *const org_identity_names[ORG_IDENTITY_COUNT] = {"unverified", "letter", "business_id"};

static const struct sql SQL_IDENTITY_GET =
    SQL("SELECT identity, identity_source, coalesce(identity_at, 0), registered_name,"
        " coalesce(corporate_number, '') FROM organisation WHERE id = $1");
static const struct sql SQL_IDENTITY_SET =
    SQL("UPDATE organisation SET identity = $2, identity_source = $3,"
        " identity_at = nullif(CAST($4 AS bigint), 0) WHERE id = $1");
static const struct sql SQL_HOLDER_LOCK =
    SQL_EACH("SELECT id, identity, name FROM organisation WHERE corporate_number = ?1",
             "SELECT id, identity, name FROM organisation WHERE corporate_number = $1 FOR UPDATE");
/* The holder keeps everything but the number (and the name the data gave
 * for it); only while it is still unverified. */
static const struct sql SQL_HOLDER_RELEASE =
    SQL("UPDATE organisation SET corporate_number = NULL, registered_name = ''"
        " WHERE id = $1 AND identity = 'unverified'");
/* The holder's active declaration stops naming the number too, with a
 * public "details" event saying which number it named (store/verification.h). */
static const struct sql SQL_HOLDER_DECLARATION_RELEASE =
    SQL("UPDATE declaration SET corporate_number = '', pending_corporate_number = '',"
        " changed_at = $3"
        " WHERE organisation_id = $1 AND status = 'active' AND corporate_number = $2"
        " RETURNING id");
static const struct sql SQL_HOLDER_DECLARATION_EVENT =
    SQL("INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value,"
        " to_value, reason, note, old_name, old_corporate_number)"
        " SELECT id, $2, NULL, 'details', '', '', 'identity_claim', '', org_name, $3"
        " FROM declaration WHERE id = $1");
static const struct sql SQL_CLAIM_INSERT =
    SQL("INSERT INTO identity_claim (corporate_number, claimant_id, holder_id, claimant_name,"
        " holder_name, level, source, created_at)"
        " SELECT $1, o.id, $3, o.name, $4, $5, $6, $7 FROM organisation o WHERE o.id = $2"
        " RETURNING id");
static const struct sql SQL_VERIFIED_SET =
    SQL("UPDATE organisation SET corporate_number = $2, identity = $3, identity_source = $4,"
        " identity_at = $5, registered_name = coalesce((SELECT name FROM corporate_record"
        " WHERE corporate_number = $2), '')"
        " WHERE id = $1");
static const struct sql SQL_EVENT_INSERT =
    SQL("INSERT INTO identity_event (corporate_number, organisation_id, kind, detail,"
        " actor_user_id, at) VALUES ($1, nullif(CAST($2 AS bigint), 0), $3, $4,"
        " nullif(CAST($5 AS bigint), 0), $6)");

static void read_state(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_identity_state *)item = (struct org_identity_state){
	    .level =
	        (enum org_identity)sql_col_name_index(r, 0, org_identity_names, ORG_IDENTITY_COUNT),
	    .source = sql_col_str(a, r, 1),
	    .at = sql_col_int64(r, 2),
	    .registered_name = sql_col_str(a, r, 3),
	    .corporate_number = sql_col_str(a, r, 4),
	};
}

enum mm_err store_identity_get(struct store *s, struct arena *a, int64_t org_id,
                               struct org_identity_state *out)
{
	return sql_row(s, a, &SQL_IDENTITY_GET, ARGS(ARG_INT(org_id)), read_state, out,
	               "identity get");
}

enum mm_err store_org_identity_set(struct store *s, int64_t org_id, enum org_identity level,
                                   struct str source, int64_t now)
{
	if ((unsigned)level >= ORG_IDENTITY_COUNT || source.n > IDENTITY_SOURCE_MAX)
		return MM_ERR_INVALID;
	bool none = level == ORG_IDENTITY_UNVERIFIED;
	return sql_exec_one(s, &SQL_IDENTITY_SET,
	                    ARGS(ARG_INT(org_id), ARG_CSTR(org_identity_names[level]),
	                         ARG_TEXT(none ? str_from("") : source), ARG_INT(none ? 0 : now)),
	                    "identity set");
}

struct holder {
	int64_t id;
	enum org_identity level;
	struct str name;
};

static void read_holder(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct holder *)item = (struct holder){
	    .id = sql_col_int64(r, 0),
	    .level =
	        (enum org_identity)sql_col_name_index(r, 1, org_identity_names, ORG_IDENTITY_COUNT),
	    .name = sql_col_str(a, r, 2),
	};
}

enum mm_err store_identity_event_add(struct store *s, struct str number, int64_t org_id,
                                     const char *kind, struct str detail, int64_t actor_user_id,
                                     int64_t now)
{
	return sql_exec(s, &SQL_EVENT_INSERT,
	                ARGS(ARG_TEXT(number), ARG_INT(org_id), ARG_CSTR(kind), ARG_TEXT(detail),
	                     ARG_INT(actor_user_id), ARG_INT(now)),
	                "identity event");
}

/* The holder loses the number: its organisation row, its active
 * declaration (with a public event), a case, a line of history. */
static enum mm_err take_from_holder(struct store *s, const struct holder *h, int64_t org_id,
                                    struct str number, enum org_identity level, struct str source,
                                    int64_t actor_user_id, int64_t now,
                                    struct identity_moved *moved)
{
	enum mm_err e =
	    sql_exec_one(s, &SQL_HOLDER_RELEASE, ARGS(ARG_INT(h->id)), "holder release");
	if (e == MM_ERR_NOT_FOUND)
		return MM_ERR_CONFLICT;
	int64_t declaration_id = 0;
	if (!e) {
		e = sql_int64_of(s, &SQL_HOLDER_DECLARATION_RELEASE,
		                 ARGS(ARG_INT(h->id), ARG_TEXT(number), ARG_INT(now)),
		                 "holder declaration release", &declaration_id);
		if (e == MM_ERR_NOT_FOUND)
			e = MM_OK;
		else if (!e)
			e = sql_exec(s, &SQL_HOLDER_DECLARATION_EVENT,
			             ARGS(ARG_INT(declaration_id), ARG_INT(now), ARG_TEXT(number)),
			             "holder declaration event");
	}
	if (!e)
		e = sql_insert(s, &SQL_CLAIM_INSERT,
		               ARGS(ARG_TEXT(number), ARG_INT(org_id), ARG_INT(h->id),
		                    ARG_TEXT(h->name), ARG_CSTR(org_identity_names[level]),
		                    ARG_TEXT(source), ARG_INT(now)),
		               "identity claim", &moved->claim_id);
	if (!e)
		e = store_identity_event_add(s, number, h->id, "number_lost", source, actor_user_id,
		                             now);
	moved->holder_id = h->id;
	moved->holder_name = h->name;
	return e;
}

enum mm_err store_identity_verify(struct store *s, struct arena *a, int64_t org_id,
                                  struct str number, enum org_identity level, struct str source,
                                  int64_t actor_user_id, int64_t now, struct identity_moved *moved)
{
	*moved = (struct identity_moved){0};
	if (level == ORG_IDENTITY_UNVERIFIED || (unsigned)level >= ORG_IDENTITY_COUNT ||
	    number.n != 13 || source.n > IDENTITY_SOURCE_MAX)
		return MM_ERR_INVALID;
	struct holder h;
	enum mm_err e = sql_row(s, a, &SQL_HOLDER_LOCK, ARGS(ARG_TEXT(number)), read_holder, &h,
	                        "identity holder");
	if (!e && h.id != org_id) {
		if (h.level != ORG_IDENTITY_UNVERIFIED)
			return MM_ERR_CONFLICT;
		e = take_from_holder(s, &h, org_id, number, level, source, actor_user_id, now,
		                     moved);
	} else if (e == MM_ERR_NOT_FOUND)
		e = MM_OK;
	if (e)
		return e;
	sql_savepoint_next(s); /* CONFLICT: a firm took the number meanwhile */
	e = sql_exec_one(s, &SQL_VERIFIED_SET,
	                 ARGS(ARG_INT(org_id), ARG_TEXT(number),
	                      ARG_CSTR(org_identity_names[level]), ARG_TEXT(source), ARG_INT(now)),
	                 "identity verified");
	if (!e)
		e = store_identity_event_add(s, number, org_id, "verified",
		                             str_from(org_identity_names[level]), actor_user_id,
		                             now);
	return e;
}

/* ---- letters ------------------------------------------------------------ */

#define LETTER_COLUMNS                                                                             \
	"l.id, l.organisation_id, coalesce(l.batch_id, 0), l.corporate_number, l.recipient,"       \
	" l.postal_code, l.address, l.code, l.claim, l.attempts, l.created_at, l.expires_at,"      \
	" coalesce(l.printed_at, 0), coalesce(l.used_at, 0), coalesce(l.cancelled_at, 0),"         \
	" coalesce((SELECT o.name FROM organisation o WHERE o.id = l.organisation_id), ''),"       \
	" l.code_hash"
/* The organisation's name by its key, letter by letter (a join would
 * let the planner walk organisation while few letters wait). */
#define LETTER_FROM " FROM identity_letter l"
#define LETTER_OPEN " l.used_at IS NULL AND l.cancelled_at IS NULL"

static const struct sql SQL_LETTER_CANCEL_OPEN =
    SQL("UPDATE identity_letter SET cancelled_at = $2, code = ''"
        " WHERE organisation_id = $1 AND used_at IS NULL AND cancelled_at IS NULL");
static const struct sql SQL_LETTER_INSERT =
    SQL("INSERT INTO identity_letter (organisation_id, corporate_number, claim, recipient,"
        " postal_code, address, code, code_hash, requested_by, created_at, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif(CAST($9 AS bigint), 0), $10, $11)"
        " RETURNING id");
static const struct sql SQL_LETTER_COUNT_SINCE =
    SQL("SELECT count(*) FROM identity_letter WHERE organisation_id = $1 AND created_at >= $2");
static const struct sql SQL_LETTER_LATEST =
    SQL("SELECT " LETTER_COLUMNS LETTER_FROM
        " WHERE l.organisation_id = $1 ORDER BY l.id DESC LIMIT 1");
static const struct sql SQL_LETTER_REFUSE =
    SQL("UPDATE identity_letter SET attempts = attempts + 1,"
        " cancelled_at = CASE WHEN attempts + 1 >= $3 THEN $2 END,"
        " code = CASE WHEN attempts + 1 >= $3 THEN '' ELSE code END"
        " WHERE id = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > $2"
        " RETURNING attempts, coalesce(cancelled_at, 0)");
static const struct sql SQL_LETTER_USE =
    SQL("UPDATE identity_letter SET used_at = $2, code = ''"
        " WHERE id = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > $2"
        " AND printed_at IS NOT NULL");
#define TO_PRINT " WHERE l.printed_at IS NULL AND" LETTER_OPEN " AND l.expires_at > $1"
static const struct sql SQL_LETTERS_TO_PRINT =
    SQL("SELECT " LETTER_COLUMNS LETTER_FROM TO_PRINT " ORDER BY l.id LIMIT $2 OFFSET $3");
static const struct sql SQL_LETTERS_TO_PRINT_COUNT =
    SQL("SELECT count(*) FROM identity_letter l" TO_PRINT);
static const struct sql SQL_BATCH_INSERT =
    SQL("INSERT INTO identity_batch (created_at, created_by, letters)"
        " VALUES ($1, nullif(CAST($2 AS bigint), 0), 0)"
        " RETURNING id");
static const struct sql SQL_BATCH_FILL =
    SQL("UPDATE identity_letter SET batch_id = $1, printed_at = $2 WHERE id IN"
        " (SELECT id FROM identity_letter WHERE printed_at IS NULL AND used_at IS NULL"
        " AND cancelled_at IS NULL AND expires_at > $2 ORDER BY id LIMIT $3)");
static const struct sql SQL_BATCH_COUNT =
    SQL("UPDATE identity_batch SET letters = $2 WHERE id = $1");
#define BATCH_SELECT                                                                               \
	"SELECT b.id, b.created_at, coalesce(b.posted_at, 0), b.letters, coalesce(u.email, '')"    \
	" FROM identity_batch b LEFT JOIN \"user\" u ON u.id = b.created_by"
static const struct sql SQL_BATCH_GET = SQL(BATCH_SELECT " WHERE b.id = $1");
static const struct sql SQL_BATCHES = SQL(BATCH_SELECT " ORDER BY b.id DESC LIMIT $1");
static const struct sql SQL_BATCH_LETTERS =
    SQL("SELECT " LETTER_COLUMNS LETTER_FROM " WHERE l.batch_id = $1 ORDER BY l.id LIMIT $2");
static const struct sql SQL_BATCH_POSTED =
    SQL("UPDATE identity_batch SET posted_at = $2 WHERE id = $1 AND posted_at IS NULL");
static const struct sql SQL_BATCH_FORGET_CODES =
    SQL("UPDATE identity_letter SET code = '' WHERE batch_id = $1");

static void read_letter(struct arena *a, const struct sql_row *r, void *item)
{
	struct identity_letter *l = item;
	*l = (struct identity_letter){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .batch_id = sql_col_int64(r, 2),
	    .corporate_number = sql_col_str(a, r, 3),
	    .recipient = sql_col_str(a, r, 4),
	    .postal_code = sql_col_str(a, r, 5),
	    .address = sql_col_str(a, r, 6),
	    .code = sql_col_str(a, r, 7),
	    .claim = sql_col_int(r, 8) != 0,
	    .attempts = sql_col_int(r, 9),
	    .created_at = sql_col_int64(r, 10),
	    .expires_at = sql_col_int64(r, 11),
	    .printed_at = sql_col_int64(r, 12),
	    .used_at = sql_col_int64(r, 13),
	    .cancelled_at = sql_col_int64(r, 14),
	    .organisation_name = sql_col_str(a, r, 15),
	};
	if (!sql_col_bytes(r, 16, l->code_hash, sizeof l->code_hash))
		memset(l->code_hash, 0, sizeof l->code_hash);
}

enum mm_err store_identity_letter_insert(struct store *s, const struct identity_letter *l,
                                         int64_t requested_by, int64_t *id)
{
	enum mm_err e = sql_exec(s, &SQL_LETTER_CANCEL_OPEN,
	                         ARGS(ARG_INT(l->organisation_id), ARG_INT(l->created_at)),
	                         "identity letters cancel");
	if (e)
		return e;
	return sql_insert(s, &SQL_LETTER_INSERT,
	                  ARGS(ARG_INT(l->organisation_id), ARG_TEXT(l->corporate_number),
	                       ARG_INT(l->claim), ARG_TEXT(l->recipient), ARG_TEXT(l->postal_code),
	                       ARG_TEXT(l->address), ARG_TEXT(l->code),
	                       ARG_BYTES(l->code_hash, sizeof l->code_hash), ARG_INT(requested_by),
	                       ARG_INT(l->created_at), ARG_INT(l->expires_at)),
	                  "identity letter insert", id);
}

enum mm_err store_identity_letter_count_since(struct store *s, int64_t org_id, int64_t since,
                                              int64_t *n)
{
	return sql_int64_of(s, &SQL_LETTER_COUNT_SINCE, ARGS(ARG_INT(org_id), ARG_INT(since)),
	                    "identity letters since", n);
}

enum mm_err store_identity_letter_latest(struct store *s, struct arena *a, int64_t org_id,
                                         struct identity_letter *out)
{
	return sql_row(s, a, &SQL_LETTER_LATEST, ARGS(ARG_INT(org_id)), read_letter, out,
	               "identity letter latest");
}

struct refused {
	int attempts;
	bool cancelled;
};

static void read_refused(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct refused *)item = (struct refused){sql_col_int(r, 0), sql_col_int64(r, 1) != 0};
}

enum mm_err store_identity_letter_refuse(struct store *s, int64_t id, int64_t now, int max_attempts,
                                         int *attempts, bool *cancelled)
{
	struct refused out = {0};
	enum mm_err e = sql_row(s, NULL, &SQL_LETTER_REFUSE,
	                        ARGS(ARG_INT(id), ARG_INT(now), ARG_INT(max_attempts)),
	                        read_refused, &out, "identity letter refuse");
	*attempts = out.attempts;
	*cancelled = out.cancelled;
	return e;
}

enum mm_err store_identity_letter_use(struct store *s, int64_t id, int64_t now)
{
	return sql_exec_one(s, &SQL_LETTER_USE, ARGS(ARG_INT(id), ARG_INT(now)),
	                    "identity letter use");
}

enum mm_err store_identity_letters_to_print(struct store *s, struct arena *a, int64_t now,
                                            int64_t offset, int64_t limit,
                                            struct identity_letter **out, size_t *n, int64_t *total)
{
	return sql_rows_counted(s, a, &SQL_LETTERS_TO_PRINT_COUNT, &SQL_LETTERS_TO_PRINT,
	                        ARGS(ARG_INT(now), ARG_INT(limit), ARG_INT(offset)), 2,
	                        sizeof **out, SQL_ROWS_ANY, read_letter, (void **)out, n, total,
	                        "identity letters to print");
}

enum mm_err store_identity_batch_create(struct store *s, int64_t admin_id, int64_t now,
                                        int64_t *batch_id)
{
	int64_t changed = 0;
	enum mm_err e = sql_insert(s, &SQL_BATCH_INSERT, ARGS(ARG_INT(now), ARG_INT(admin_id)),
	                           "identity batch insert", batch_id);
	if (!e)
		e = sql_exec_count(
		    s, &SQL_BATCH_FILL,
		    ARGS(ARG_INT(*batch_id), ARG_INT(now), ARG_INT(IDENTITY_BATCH_MAX)),
		    "identity batch fill", &changed);
	if (!e && changed == 0)
		return MM_ERR_NOT_FOUND;
	if (!e)
		e = sql_exec(s, &SQL_BATCH_COUNT, ARGS(ARG_INT(*batch_id), ARG_INT(changed)),
		             "identity batch count");
	return e;
}

static void read_batch(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct identity_batch *)item = (struct identity_batch){
	    .id = sql_col_int64(r, 0),
	    .created_at = sql_col_int64(r, 1),
	    .posted_at = sql_col_int64(r, 2),
	    .letters = sql_col_int(r, 3),
	    .created_by_email = sql_col_str(a, r, 4),
	};
}

enum mm_err store_identity_batch_get(struct store *s, struct arena *a, int64_t id,
                                     struct identity_batch *out)
{
	return sql_row(s, a, &SQL_BATCH_GET, ARGS(ARG_INT(id)), read_batch, out, "identity batch");
}

enum mm_err store_identity_batch_letters(struct store *s, struct arena *a, int64_t batch_id,
                                         struct identity_letter **out, size_t *n)
{
	return sql_rows(s, a, &SQL_BATCH_LETTERS,
	                ARGS(ARG_INT(batch_id), ARG_INT(IDENTITY_BATCH_MAX)), sizeof **out,
	                SQL_ROWS_ANY, read_letter, (void **)out, n, "identity batch letters");
}

enum mm_err store_identity_batches(struct store *s, struct arena *a, size_t max,
                                   struct identity_batch **out, size_t *n)
{
	return sql_rows(s, a, &SQL_BATCHES, ARGS(ARG_INT((int64_t)max)), sizeof **out, SQL_ROWS_ANY,
	                read_batch, (void **)out, n, "identity batches");
}

enum mm_err store_identity_batch_posted(struct store *s, int64_t id, int64_t now)
{
	enum mm_err e = sql_exec_one(s, &SQL_BATCH_POSTED, ARGS(ARG_INT(id), ARG_INT(now)),
	                             "identity batch posted");
	return e ? e
	         : sql_exec(s, &SQL_BATCH_FORGET_CODES, ARGS(ARG_INT(id)), "identity batch codes");
}

/* ---- claims and history ------------------------------------------------------ */

#define CLAIM_SELECT                                                                               \
	"SELECT c.id, coalesce(c.claimant_id, 0), coalesce(c.holder_id, 0), c.created_at,"         \
	" coalesce(c.reviewed_at, 0), c.corporate_number, c.claimant_name, c.holder_name,"         \
	" c.level, c.source, coalesce(u.email, ''), c.review_note"                                 \
	" FROM identity_claim c LEFT JOIN \"user\" u ON u.id = c.reviewed_by"
static const struct sql SQL_CLAIMS =
    SQL(CLAIM_SELECT " ORDER BY c.reviewed_at IS NOT NULL, CASE WHEN c.reviewed_at IS NULL"
                     " THEN c.id ELSE -c.id END LIMIT $1 OFFSET $2");
static const struct sql SQL_CLAIMS_COUNT = SQL("SELECT count(*) FROM identity_claim");
static const struct sql SQL_CLAIMS_OPEN =
    SQL("SELECT count(*) FROM identity_claim WHERE reviewed_at IS NULL");
static const struct sql SQL_CLAIM_GET = SQL(CLAIM_SELECT " WHERE c.id = $1");
static const struct sql SQL_CLAIM_REVIEW =
    SQL("UPDATE identity_claim SET reviewed_at = $3, reviewed_by = $2, review_note = $4"
        " WHERE id = $1 AND reviewed_at IS NULL");
static const struct sql SQL_EVENTS =
    SQL("SELECT e.id, coalesce(e.organisation_id, 0), e.at, e.corporate_number, e.kind,"
        " e.detail, coalesce(u.email, ''), coalesce(o.name, '')"
        " FROM identity_event e LEFT JOIN \"user\" u ON u.id = e.actor_user_id"
        " LEFT JOIN organisation o ON o.id = e.organisation_id"
        " WHERE e.corporate_number = $1 ORDER BY e.id LIMIT $2");

static void read_claim(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct identity_claim *)item = (struct identity_claim){
	    .id = sql_col_int64(r, 0),
	    .claimant_id = sql_col_int64(r, 1),
	    .holder_id = sql_col_int64(r, 2),
	    .created_at = sql_col_int64(r, 3),
	    .reviewed_at = sql_col_int64(r, 4),
	    .corporate_number = sql_col_str(a, r, 5),
	    .claimant_name = sql_col_str(a, r, 6),
	    .holder_name = sql_col_str(a, r, 7),
	    .level = sql_col_str(a, r, 8),
	    .source = sql_col_str(a, r, 9),
	    .reviewed_by_email = sql_col_str(a, r, 10),
	    .review_note = sql_col_str(a, r, 11),
	};
}

enum mm_err store_identity_claims(struct store *s, struct arena *a, int64_t offset, int64_t limit,
                                  struct identity_claim **out, size_t *n, int64_t *total,
                                  int64_t *open)
{
	enum mm_err e = sql_int64_of(s, &SQL_CLAIMS_OPEN, NO_ARGS, "identity claims open", open);
	if (e)
		return e;
	return sql_rows_counted(
	    s, a, &SQL_CLAIMS_COUNT, &SQL_CLAIMS, ARGS(ARG_INT(limit), ARG_INT(offset)), 2,
	    sizeof **out, SQL_ROWS_ANY, read_claim, (void **)out, n, total, "identity claims");
}

enum mm_err store_identity_claims_open(struct store *s, int64_t *n)
{
	return sql_int64_of(s, &SQL_CLAIMS_OPEN, NO_ARGS, "identity claims open", n);
}

enum mm_err store_identity_claim_get(struct store *s, struct arena *a, int64_t id,
                                     struct identity_claim *out)
{
	return sql_row(s, a, &SQL_CLAIM_GET, ARGS(ARG_INT(id)), read_claim, out, "identity claim");
}

enum mm_err store_identity_claim_review(struct store *s, int64_t id, int64_t admin_id,
                                        struct str note, int64_t now)
{
	return sql_exec_one(s, &SQL_CLAIM_REVIEW,
	                    ARGS(ARG_INT(id), ARG_INT(admin_id), ARG_INT(now), ARG_TEXT(note)),
	                    "identity claim review");
}

static void read_event(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct identity_event *)item = (struct identity_event){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .at = sql_col_int64(r, 2),
	    .corporate_number = sql_col_str(a, r, 3),
	    .kind = sql_col_str(a, r, 4),
	    .detail = sql_col_str(a, r, 5),
	    .actor_email = sql_col_str(a, r, 6),
	    .organisation_name = sql_col_str(a, r, 7),
	};
}

enum mm_err store_identity_events(struct store *s, struct arena *a, struct str number,
                                  struct identity_event **out, size_t *n)
{
	return sql_rows(s, a, &SQL_EVENTS, ARGS(ARG_TEXT(number), ARG_INT(IDENTITY_EVENTS_MAX)),
	                sizeof **out, SQL_ROWS_ANY, read_event, (void **)out, n, "identity events");
}

/* Through audit_subject (target, at). */
static const struct sql SQL_AUDIT_OF_NUMBER =
    SQL("SELECT a.at, coalesce(u.email, ''), a.action, a.outcome, a.detail, coalesce(o.name, '')"
        " FROM audit a LEFT JOIN \"user\" u ON u.id = a.actor_user_id"
        " LEFT JOIN organisation o ON o.id = a.organisation_id"
        " WHERE a.target = $1 AND a.action LIKE 'identity.%' ORDER BY a.at, a.id LIMIT $2");

static void read_audit(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct identity_audit_line *)item = (struct identity_audit_line){
	    .at = sql_col_int64(r, 0),
	    .actor_email = sql_col_str(a, r, 1),
	    .action = sql_col_str(a, r, 2),
	    .outcome = sql_col_str(a, r, 3),
	    .detail = sql_col_str(a, r, 4),
	    .organisation_name = sql_col_str(a, r, 5),
	};
}

enum mm_err store_identity_audit(struct store *s, struct arena *a, struct str number,
                                 struct identity_audit_line **out, size_t *n)
{
	return sql_rows(s, a, &SQL_AUDIT_OF_NUMBER,
	                ARGS(ARG_TEXT(number), ARG_INT(IDENTITY_EVENTS_MAX)), sizeof **out,
	                SQL_ROWS_ANY, read_audit, (void **)out, n, "identity audit");
}

/* ---- seed ------------------------------------------------------------------------ */

static const struct sql SQL_SEED_RECORDS = SQL(
    "INSERT INTO corporate_record (corporate_number, sequence, process, correction, update_date,"
    " change_date, name, kind, prefecture_name, city_name, street, prefecture_code, city_code,"
    " postal_code, address_outside, close_date, close_cause, successor_number, change_cause,"
    " assignment_date, latest, name_en, address_en, furigana, hidden)"
    " SELECT corporate_number, id, '01', 0, '2015-11-13', '', name, '301', '', address, '',"
    " prefecture, '', replace(postal_code, '-', ''), '', '', '', '', '', '2015-10-05', 1, '', '',"
    " name_kana, 0 FROM organisation WHERE corporate_number IS NOT NULL ON CONFLICT DO NOTHING");
/* code_hash: any 32 bytes (no code of a seeded letter is ever known). */
#define SEED_LETTER_SELECT(hash)                                                                   \
	" SELECT id, corporate_number, 0, name, postal_code, address, '', " hash ","               \
	" $1 - (id % 90) * 86400, $1 - (id % 90) * 86400 + 5184000,"                               \
	" CASE WHEN id % 3 <> 0 THEN $1 - (id % 90) * 86400 + 86400 END,"                          \
	" CASE WHEN id % 3 = 2 THEN $1 - (id % 90) * 86400 + 604800 END"                           \
	" FROM organisation WHERE corporate_number IS NOT NULL AND id % 20 = 0"
#define SEED_LETTER_INSERT                                                                         \
	"INSERT INTO identity_letter (organisation_id, corporate_number, claim, recipient,"        \
	" postal_code, address, code, code_hash, created_at, expires_at, printed_at, used_at)"
static const struct sql SQL_SEED_LETTERS =
    SQL_EACH(SEED_LETTER_INSERT SEED_LETTER_SELECT("randomblob(32)"),
             SEED_LETTER_INSERT SEED_LETTER_SELECT("sha256(CAST(CAST(id AS text) AS bytea))"));
static const struct sql SQL_SEED_VERIFIED =
    SQL("UPDATE organisation SET identity = 'letter', identity_source = 'letter:seed',"
        " identity_at = (SELECT max(l.used_at) FROM identity_letter l"
        " WHERE l.organisation_id = organisation.id)"
        " WHERE id IN (SELECT organisation_id FROM identity_letter WHERE used_at IS NOT NULL)");
static const struct sql SQL_SEED_EVENTS =
    SQL("INSERT INTO identity_event (corporate_number, organisation_id, kind, detail, at)"
        " SELECT corporate_number, organisation_id, 'letter_requested', '', created_at"
        " FROM identity_letter");
static const struct sql SQL_SEED_RECORD_COUNT = SQL("SELECT count(*) FROM corporate_record");

enum mm_err store_identity_seed(struct store *s, int64_t base, int64_t *records)
{
	enum mm_err e = sql_exec(s, &SQL_SEED_RECORDS, NO_ARGS, "identity seed records");
	if (!e)
		e = sql_exec(s, &SQL_SEED_LETTERS, ARGS(ARG_INT(base)), "identity seed letters");
	if (!e)
		e = sql_exec(s, &SQL_SEED_VERIFIED, NO_ARGS, "identity seed verified");
	if (!e)
		e = sql_exec(s, &SQL_SEED_EVENTS, NO_ARGS, "identity seed events");
	return e ? e
	         : sql_int64_of(s, &SQL_SEED_RECORD_COUNT, NO_ARGS, "identity seed count", records);
}
