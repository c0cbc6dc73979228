/*
 * declaration.c — the declarations area of the store (store/declaration.h),
 * written once for every database (store/sql.h): declarations, their
 * events, the facts behind the review signals, ★★ prerequisites and the
 * review queue. The seed insert is store/seed.c.
 *
 * Updates carry "AND status = 'active'" so that a change racing with a
 * withdrawal or a revocation touches nothing (NOT_FOUND) instead of
 * changing a declaration that is no longer live (PostgreSQL waits for the
 * other transaction, then evaluates the condition again on the row it
 * committed). The downgrade when a policy is unpublished is a trigger
 * (migration 0007), so it happens in the same statement as the
 * unpublishing, whoever deletes the row.
 *
 * What SQLite's one writer at a time gives for free, PostgreSQL gets from
 * the statements themselves:
 *   - public ids come from a counter that is never rolled back across
 *     connections: SQLite's declaration_sequence row, PostgreSQL's
 *     sequence of the same name (nextval is never rolled back, so a number
 *     is issued at most once across every connection and instance; a
 *     declaration refused after taking one leaves a gap, as a number
 *     skipped because it was taken does). The statement that takes a
 *     number first checks that the organisation has no active declaration,
 *     so that a refused declaration uses up no number;
 *   - "one active declaration per organisation" is the unique index
 *     declaration_one_active. The insert says ON CONFLICT DO NOTHING: a
 *     competitor that declared for the same organisation meanwhile makes
 *     it insert nothing (CONFLICT) instead of failing the transaction;
 *   - the ★★ prerequisites lock the policy publication they read (FOR
 *     SHARE on PostgreSQL), so that unpublishing it waits until the
 *     declaration that relied on it is committed, and then its trigger
 *     sees that ★★ and drops it to ★, as it does in SQLite whichever comes
 *     first.
 *
 * The review signals read through the partial indexes of migration 0007:
 * their statements repeat the index's condition (corporate_number <> '',
 * declared_ip <> '', address_key <> '', flagged) so that either database
 * may use it.
 */
#include "store/declaration.h"

#include "core/declaration_id.h"
#include "core/search_text.h"
#include "store/declarant_index.h"
#include "store/sql.h"

#define DECLARATION_COLUMNS                                                                        \
	"id, coalesce(organisation_id, 0), public_id, org_name, org_name_kana, industry,"          \
	" corporate_number, prefecture, level, status, declared_at, changed_at, policy_url,"       \
	" flagged, flag_reasons, declared_ip, address, contact_email, name_key, address_key,"      \
	" pending_corporate_number, block_lifted_at, block_lift_reason, size_class"
#define ACTIVE_OF(org)                                                                             \
	"SELECT 1 FROM declaration WHERE organisation_id = " org " AND status = 'active'"

/* The next number, and no row when the organisation has an active
 * declaration: the check and the counter in one statement (one round trip
 * on PostgreSQL, whose WHERE without FROM is tested before nextval runs). */
static const struct sql SQL_NEXT_SEQUENCE =
    SQL_EACH("UPDATE declaration_sequence SET last = last + 1"
             " WHERE id = 1 AND NOT EXISTS (" ACTIVE_OF("?1") ") RETURNING last",
             "SELECT nextval('declaration_sequence') WHERE NOT EXISTS (" ACTIVE_OF("$1") ")");
static const struct sql SQL_INSERT =
    SQL("INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture,"
        " industry, corporate_number, level, status, declared_at, changed_at, policy_url, flagged,"
        " flag_reasons, declared_ip, address, contact_email, name_key, address_key, search_text,"
        " sort_rank, size_class) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9, $10,"
        " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT DO NOTHING RETURNING id");
static const struct sql SQL_PUBLIC_ID_TAKEN = SQL("SELECT 1 FROM declaration WHERE public_id = $1");
static const struct sql SQL_BY_ID =
    SQL("SELECT " DECLARATION_COLUMNS " FROM declaration WHERE id = $1");
static const struct sql SQL_BY_PUBLIC_ID =
    SQL("SELECT " DECLARATION_COLUMNS " FROM declaration WHERE public_id = $1");
static const struct sql SQL_ACTIVE_OF =
    SQL("SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = $1"
        " AND status = 'active'");
static const struct sql SQL_LIST_OF =
    SQL("SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = $1"
        " ORDER BY declared_at DESC, id DESC LIMIT $2");
static const struct sql SQL_SET_LEVEL =
    SQL("UPDATE declaration SET level = $2, policy_url = $3, changed_at = $4"
        " WHERE id = $1 AND status = 'active'");
static const struct sql SQL_SET_DETAILS = SQL(
    "UPDATE declaration SET org_name = $2, org_name_kana = $3, prefecture = $4, industry = $5,"
    " corporate_number = $6, address = $7, contact_email = $8, name_key = $9, address_key = $10,"
    " changed_at = $11, pending_corporate_number = $12, search_text = $13, size_class = $14"
    " WHERE id = $1 AND status = 'active'");
static const struct sql SQL_APPLY_PENDING_NUMBER =
    SQL("UPDATE declaration SET corporate_number = pending_corporate_number,"
        " pending_corporate_number = '', changed_at = $2"
        " WHERE id = $1 AND status = 'active' AND pending_corporate_number <> ''");
static const struct sql SQL_DROP_PENDING_NUMBER =
    SQL("UPDATE declaration SET pending_corporate_number = ''"
        " WHERE id = $1 AND pending_corporate_number <> ''");
/* Both halves read through an index: declaration_organisation (0010) and
 * declaration_corporate_number (0007). */
static const struct sql SQL_COUNT_ENDED_OF =
    SQL("SELECT coalesce(sum(CASE WHEN status = 'revoked' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END), 0)"
        " FROM declaration WHERE organisation_id = $1");
static const struct sql SQL_BLOCK_OF =
    SQL("SELECT public_id FROM declaration WHERE organisation_id = $1 AND status = 'revoked'"
        " AND block_lifted_at = 0 UNION ALL"
        " SELECT public_id FROM declaration WHERE corporate_number = $2 AND corporate_number <> ''"
        " AND status = 'revoked' AND block_lifted_at = 0 LIMIT 1");
static const struct sql SQL_LIFT_BLOCK =
    SQL("UPDATE declaration SET block_lifted_at = $3, block_lift_reason = $2"
        " WHERE id = $1 AND status = 'revoked' AND block_lifted_at = 0");
static const struct sql SQL_SET_STATUS =
    SQL("UPDATE declaration SET status = $2, changed_at = $3,"
        " flagged = CASE WHEN $2 = 'revoked' THEN FALSE ELSE flagged END"
        " WHERE id = $1 AND status = 'active'");
static const struct sql SQL_SET_FLAG =
    SQL("UPDATE declaration SET flagged = $2,"
        " flag_reasons = CASE WHEN $2 THEN $3 ELSE flag_reasons END WHERE id = $1");
static const struct sql SQL_EVENT_INSERT = SQL(
    "INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value,"
    " reason, note, old_name, old_corporate_number)"
    " VALUES ($1, $2, nullif(CAST($3 AS bigint), 0), $4, $5, $6, $7, $8, $9, $10)");
static const struct sql SQL_EVENTS =
    SQL("SELECT e.id, e.declaration_id, e.at, coalesce(e.actor_user_id, 0), coalesce(u.email, ''),"
        " e.kind, e.from_value, e.to_value, e.reason, e.note, e.old_name, e.old_corporate_number"
        " FROM declaration_event e LEFT JOIN \"user\" u ON u.id = e.actor_user_id"
        " WHERE e.declaration_id = $1 ORDER BY e.at, e.id LIMIT $2");
/* SQLite's planner would take the status index (every active declaration)
 * unless told. */
#define ACTIVE_BY_NUMBER(index, p)                                                                 \
	"SELECT id FROM declaration" index " WHERE corporate_number = " p                          \
	" AND corporate_number <> '' AND status = 'active' LIMIT 1"
static const struct sql SQL_ACTIVE_BY_NUMBER = SQL_EACH(
    ACTIVE_BY_NUMBER(" INDEXED BY declaration_corporate_number", "?1"), ACTIVE_BY_NUMBER("", "$1"));
static const struct sql SQL_COUNT_NUMBER =
    SQL("SELECT count(*) FROM declaration WHERE corporate_number = $1 AND corporate_number <> ''"
        " AND (organisation_id IS NULL OR organisation_id <> $2)");
static const struct sql SQL_COUNT_IP =
    SQL("SELECT count(*) FROM declaration WHERE declared_ip = $1 AND declared_ip <> ''"
        " AND declared_at >= $2");
static const struct sql SQL_NAMES_AT_ADDRESS =
    SQL("SELECT name_key FROM declaration WHERE address_key = $1 AND address_key <> ''"
        " AND (organisation_id IS NULL OR organisation_id <> $2) LIMIT $3");
static const struct sql SQL_HAS_ASSESSMENT =
    SQL("SELECT taken_at FROM assessment_result WHERE organisation_id = $1"
        " ORDER BY taken_at DESC, id DESC LIMIT 1");
/* Locked on PostgreSQL (see the top): unpublishing waits for the
 * transaction that read it. */
#define POLICY(p)                                                                                  \
	"SELECT CASE p.kind WHEN 'hosted' THEN '/policy/' || o.public_id ELSE p.url END"           \
	" FROM policy_publication p JOIN organisation o ON o.id = p.organisation_id"               \
	" WHERE p.organisation_id = " p
static const struct sql SQL_POLICY = SQL_EACH(POLICY("?1"), POLICY("$1") " FOR SHARE OF p");
/* The flag is tested as each database's partial index declaration_flagged
 * spells it (SQLite's 0/1, PostgreSQL's boolean). */
#define FLAGGED_LIST(flagged, limit, offset)                                                       \
	"SELECT " DECLARATION_COLUMNS " FROM declaration WHERE " flagged                           \
	" ORDER BY declared_at, id LIMIT " limit " OFFSET " offset
static const struct sql SQL_FLAGGED_LIST =
    SQL_EACH(FLAGGED_LIST("flagged = 1", "?1", "?2"), FLAGGED_LIST("flagged", "$1", "$2"));
static const struct sql SQL_FLAGGED_COUNT =
    SQL_EACH("SELECT count(*) FROM declaration WHERE flagged = 1",
             "SELECT count(*) FROM declaration WHERE flagged");

static void read_declaration(struct arena *a, const struct sql_row *r, void *item)
{
	struct declaration *d = item;
	*d = (struct declaration){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .public_id = sql_col_str(a, r, 2),
	    .org_name = sql_col_str(a, r, 3),
	    .org_name_kana = sql_col_str(a, r, 4),
	    .industry = sql_col_str(a, r, 5),
	    .corporate_number = sql_col_str(a, r, 6),
	    .prefecture = sql_col_int(r, 7),
	    .level = sql_col_int(r, 8),
	    .declared_at = sql_col_int64(r, 10),
	    .changed_at = sql_col_int64(r, 11),
	    .policy_url = sql_col_str(a, r, 12),
	    .flagged = sql_col_bool(r, 13),
	    .flag_reasons = sql_col_str(a, r, 14),
	    .declared_ip = sql_col_str(a, r, 15),
	    .address = sql_col_str(a, r, 16),
	    .contact_email = sql_col_str(a, r, 17),
	    .name_key = sql_col_str(a, r, 18),
	    .address_key = sql_col_str(a, r, 19),
	    .pending_corporate_number = sql_col_str(a, r, 20),
	    .block_lifted_at = sql_col_int64(r, 21),
	    .block_lift_reason = sql_col_str(a, r, 22),
	    .size_class = sql_col_int(r, 23),
	};
	if (!core_declaration_status_parse(str_from(sql_col_cstr(r, 9)), &d->status))
		d->status = DECLARATION_NONE;
}

/* ---- declarations ---------------------------------------------------------- */

static enum mm_err insert_as(struct store *s, const struct declaration *d, const char *public_id,
                             struct str search_text, int64_t *id)
{
	return sql_insert(
	    s, &SQL_INSERT,
	    ARGS(ARG_CSTR(public_id), ARG_INT(d->organisation_id), ARG_TEXT(d->org_name),
	         ARG_TEXT(d->org_name_kana), ARG_INT(d->prefecture), ARG_TEXT(d->industry),
	         ARG_TEXT(d->corporate_number), ARG_INT(d->level), ARG_INT(d->declared_at),
	         ARG_TEXT(d->policy_url), ARG_BOOL(d->flagged), ARG_TEXT(d->flag_reasons),
	         ARG_TEXT(d->declared_ip), ARG_TEXT(d->address), ARG_TEXT(d->contact_email),
	         ARG_TEXT(d->name_key), ARG_TEXT(d->address_key), ARG_TEXT(search_text),
	         ARG_INT(d->sort_rank), ARG_INT(d->size_class)),
	    "declaration insert", id);
}

/* Takes numbers until the insert goes in under one: the insert itself
 * finds an id already taken (rows put in by hand: the number is used up,
 * so none is ever issued twice) or an active declaration committed since
 * the check (PostgreSQL), and inserts nothing either way; which one it was
 * is asked only then, so that a declaration costs two statements. */
enum mm_err store_declaration_insert(struct store *s, struct arena *a, struct declaration *d,
                                     int64_t *id)
{
	char public_id[DECLARATION_ID_DIGITS + 1];
	struct str search_text;
	enum mm_err e = core_search_text(a, d->org_name, d->org_name_kana, &search_text);
	if (e)
		return e;
	e = MM_ERR_CONFLICT;
	for (int attempt = 0; attempt < DECLARATION_ID_ATTEMPTS && e == MM_ERR_CONFLICT;
	     attempt++) {
		int64_t next, one;
		e = sql_int64_of(s, &SQL_NEXT_SEQUENCE, ARGS(ARG_INT(d->organisation_id)),
		                 "declaration sequence", &next);
		if (e == MM_ERR_NOT_FOUND)
			return MM_ERR_CONFLICT; /* checked first: no number used up */
		if (e)
			return e;
		if (!core_declaration_id_make((uint64_t)next, public_id))
			return MM_ERR_CONFLICT; /* a billion declarations: out of numbers */
		if ((e = insert_as(s, d, public_id, search_text, id)) != MM_ERR_CONFLICT)
			break;
		e = sql_int64_of(s, &SQL_PUBLIC_ID_TAKEN, ARGS(ARG_CSTR(public_id)),
		                 "public id check", &one);
		if (e == MM_ERR_NOT_FOUND)
			return MM_ERR_CONFLICT; /* the organisation's, not the id */
		if (e)
			return e;
		e = MM_ERR_CONFLICT; /* taken: the next number */
	}
	if (e || (e = store_declarant_index_add(s, a, *id)))
		return e;
	d->id = *id;
	d->status = DECLARATION_ACTIVE;
	d->changed_at = d->declared_at;
	char *copy = arena_strndup(a, public_id, DECLARATION_ID_DIGITS);
	d->public_id = copy ? (struct str){copy, DECLARATION_ID_DIGITS} : STR("");
	return copy ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err store_declaration_by_id(struct store *s, struct arena *a, int64_t id,
                                    struct declaration *out)
{
	return sql_row(s, a, &SQL_BY_ID, ARGS(ARG_INT(id)), read_declaration, out,
	               "declaration by id");
}

enum mm_err store_declaration_by_public_id(struct store *s, struct arena *a, struct str public_id,
                                           struct declaration *out)
{
	return sql_row(s, a, &SQL_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)), read_declaration, out,
	               "declaration by public id");
}

enum mm_err store_declaration_active_of(struct store *s, struct arena *a, int64_t org_id,
                                        struct declaration *out)
{
	return sql_row(s, a, &SQL_ACTIVE_OF, ARGS(ARG_INT(org_id)), read_declaration, out,
	               "active declaration");
}

enum mm_err store_declaration_list_of(struct store *s, struct arena *a, int64_t org_id,
                                      struct declaration **out, size_t *n)
{
	return sql_rows(s, a, &SQL_LIST_OF, ARGS(ARG_INT(org_id), ARG_INT(DECLARATION_OF_ORG_MAX)),
	                sizeof **out, DECLARATION_OF_ORG_MAX, read_declaration, (void **)out, n,
	                "declarations");
}

enum mm_err store_declaration_set_level(struct store *s, int64_t id, int level,
                                        struct str policy_url, int64_t now)
{
	return sql_exec_one(s, &SQL_SET_LEVEL,
	                    ARGS(ARG_INT(id), ARG_INT(level), ARG_TEXT(policy_url), ARG_INT(now)),
	                    "declaration level");
}

/* Working space for the search index's share of a change (a name's
 * tokens), for the calls that are given no arena. */
#define INDEX_ARENA_BYTES (1u * 1024 * 1024)

/* The search index follows a change of name: the old tokens go before the
 * row changes (they are read from it), the new ones after. */
enum mm_err store_declaration_set_details(struct store *s, const struct declaration *d, int64_t now)
{
	struct arena a;
	struct str search_text;
	enum mm_err e;
	arena_init(&a, INDEX_ARENA_BYTES);
	if (!(e = core_search_text(&a, d->org_name, d->org_name_kana, &search_text)) &&
	    !(e = store_declarant_index_remove(s, &a, d->id)) &&
	    !(e = sql_exec_one(s, &SQL_SET_DETAILS,
	                       ARGS(ARG_INT(d->id), ARG_TEXT(d->org_name),
	                            ARG_TEXT(d->org_name_kana), ARG_INT(d->prefecture),
	                            ARG_TEXT(d->industry), ARG_TEXT(d->corporate_number),
	                            ARG_TEXT(d->address), ARG_TEXT(d->contact_email),
	                            ARG_TEXT(d->name_key), ARG_TEXT(d->address_key), ARG_INT(now),
	                            ARG_TEXT(d->pending_corporate_number), ARG_TEXT(search_text),
	                            ARG_INT(d->size_class)),
	                       "declaration details")))
		e = store_declarant_index_add(s, &a, d->id);
	arena_free(&a);
	return e;
}

enum mm_err store_declaration_apply_pending_number(struct store *s, int64_t id, int64_t now)
{
	return sql_exec_one(s, &SQL_APPLY_PENDING_NUMBER, ARGS(ARG_INT(id), ARG_INT(now)),
	                    "declaration pending number");
}

enum mm_err store_declaration_drop_pending_number(struct store *s, int64_t id)
{
	return sql_exec_one(s, &SQL_DROP_PENDING_NUMBER, ARGS(ARG_INT(id)),
	                    "declaration pending number dropped");
}

enum mm_err store_declaration_set_status(struct store *s, int64_t id,
                                         enum declaration_status status, int64_t now)
{
	const char *name = core_declaration_status_name(status);
	if (!name || status == DECLARATION_ACTIVE)
		return MM_ERR_INVALID; /* a declaration is never made active again */
	enum mm_err e =
	    sql_exec_one(s, &SQL_SET_STATUS, ARGS(ARG_INT(id), ARG_CSTR(name), ARG_INT(now)),
	                 "declaration status");
	return e ? e : store_declarant_index_remove_with_scratch(s, id);
}

enum mm_err store_declaration_set_flag(struct store *s, int64_t id, bool flagged,
                                       struct str reasons)
{
	return sql_exec_one(s, &SQL_SET_FLAG,
	                    ARGS(ARG_INT(id), ARG_BOOL(flagged), ARG_TEXT(reasons)),
	                    "declaration flag");
}

enum mm_err store_declaration_event_insert(struct store *s, const struct declaration_event *ev)
{
	return sql_exec(s, &SQL_EVENT_INSERT,
	                ARGS(ARG_INT(ev->declaration_id), ARG_INT(ev->at),
	                     ARG_INT(ev->actor_user_id), ARG_TEXT(ev->kind),
	                     ARG_TEXT(ev->from_value), ARG_TEXT(ev->to_value), ARG_TEXT(ev->reason),
	                     ARG_TEXT(ev->note), ARG_TEXT(ev->old_name),
	                     ARG_TEXT(ev->old_corporate_number)),
	                "declaration event");
}

static void read_event(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct declaration_event *)item = (struct declaration_event){
	    .id = sql_col_int64(r, 0),
	    .declaration_id = sql_col_int64(r, 1),
	    .at = sql_col_int64(r, 2),
	    .actor_user_id = sql_col_int64(r, 3),
	    .actor_email = sql_col_str(a, r, 4),
	    .kind = sql_col_str(a, r, 5),
	    .from_value = sql_col_str(a, r, 6),
	    .to_value = sql_col_str(a, r, 7),
	    .reason = sql_col_str(a, r, 8),
	    .note = sql_col_str(a, r, 9),
	    .old_name = sql_col_str(a, r, 10),
	    .old_corporate_number = sql_col_str(a, r, 11),
	};
}

enum mm_err store_declaration_events(struct store *s, struct arena *a, int64_t declaration_id,
                                     struct declaration_event **out, size_t *n)
{
	return sql_rows(s, a, &SQL_EVENTS,
	                ARGS(ARG_INT(declaration_id), ARG_INT(DECLARATION_HISTORY_MAX)),
	                sizeof **out, DECLARATION_HISTORY_MAX, read_event, (void **)out, n,
	                "declaration events");
}

/* ---- checks at submission -------------------------------------------------- */

enum mm_err store_declaration_active_by_corporate_number(struct store *s, struct str number,
                                                         int64_t *id)
{
	return sql_int64_of(s, &SQL_ACTIVE_BY_NUMBER, ARGS(ARG_TEXT(number)),
	                    "active declaration by corporate number", id);
}

enum mm_err store_declaration_count_corporate_number(struct store *s, struct str number,
                                                     int64_t org_id, int64_t *count)
{
	return sql_int64_of(s, &SQL_COUNT_NUMBER, ARGS(ARG_TEXT(number), ARG_INT(org_id)),
	                    "declarations with a corporate number", count);
}

enum mm_err store_declaration_count_from_ip(struct store *s, struct str ip, int64_t since,
                                            int64_t *count)
{
	return sql_int64_of(s, &SQL_COUNT_IP, ARGS(ARG_TEXT(ip), ARG_INT(since)),
	                    "declarations from an address", count);
}

enum mm_err store_declaration_names_at_address(struct store *s, struct arena *a,
                                               struct str address_key, int64_t org_id,
                                               struct str **name_keys, size_t *n)
{
	return sql_rows(
	    s, a, &SQL_NAMES_AT_ADDRESS,
	    ARGS(ARG_TEXT(address_key), ARG_INT(org_id), ARG_INT(DECLARATION_CANDIDATES_MAX)),
	    sizeof **name_keys, DECLARATION_CANDIDATES_MAX, sql_read_str, (void **)name_keys, n,
	    "names at address");
}

struct ended_counts {
	int64_t revoked, withdrawn;
};

static void read_ended(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct ended_counts *)item =
	    (struct ended_counts){sql_col_int64(r, 0), sql_col_int64(r, 1)};
}

enum mm_err store_declaration_count_ended_of(struct store *s, int64_t org_id, int64_t *revoked,
                                             int64_t *withdrawn)
{
	struct ended_counts c = {0};
	enum mm_err e = sql_one_row(s, NULL, &SQL_COUNT_ENDED_OF, ARGS(ARG_INT(org_id)), read_ended,
	                            &c, "ended declarations of organisation");
	*revoked = c.revoked;
	*withdrawn = c.withdrawn;
	return e;
}

enum mm_err store_declaration_block_of(struct store *s, struct arena *a, int64_t org_id,
                                       struct str number, struct str *public_id)
{
	return sql_row(s, a, &SQL_BLOCK_OF, ARGS(ARG_INT(org_id), ARG_TEXT(number)), sql_read_str,
	               public_id, "revocation block");
}

enum mm_err store_declaration_lift_block(struct store *s, int64_t id, struct str reason,
                                         int64_t now)
{
	return sql_exec_one(s, &SQL_LIFT_BLOCK, ARGS(ARG_INT(id), ARG_TEXT(reason), ARG_INT(now)),
	                    "revocation block lift");
}

enum mm_err store_declaration_prerequisites(struct store *s, struct arena *a, int64_t org_id,
                                            struct declaration_prerequisites *out)
{
	enum mm_err e;
	*out = (struct declaration_prerequisites){.policy_url = STR("")};
	e = sql_int64_of(s, &SQL_HAS_ASSESSMENT, ARGS(ARG_INT(org_id)),
	                 "assessment of organisation", &out->assessment_taken_at);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	out->has_assessment = e == MM_OK;
	e = sql_row(s, a, &SQL_POLICY, ARGS(ARG_INT(org_id)), sql_read_str, &out->policy_url,
	            "policy publication");
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	out->has_policy = e == MM_OK;
	return e;
}

enum mm_err store_declaration_flagged_list(struct store *s, struct arena *a, int64_t offset,
                                           int64_t limit, struct declaration **out, size_t *n,
                                           int64_t *total)
{
	return sql_rows_counted(
	    s, a, &SQL_FLAGGED_COUNT, &SQL_FLAGGED_LIST, ARGS(ARG_INT(limit), ARG_INT(offset)), 2,
	    sizeof **out, (size_t)limit, read_declaration, (void **)out, n, total, "review queue");
}
