/*
 * pg_declaration.c — the declarations area of the PostgreSQL driver (see
 * store/declaration.h), with the same statements and answers as
 * sqlite_declaration.c: declarations, their events, the facts behind the
 * review signals, ★★ prerequisites, the review queue; the seed insert is
 * pg_seed.c.
 *
 * Updates carry "AND status = 'active'" so that a change racing with a
 * withdrawal or a revocation touches nothing (NOT_FOUND): PostgreSQL waits
 * for the other transaction, then evaluates the condition again on the row
 * it committed. The downgrade when a policy is unpublished is a trigger
 * (migration 0007).
 *
 * Where SQLite relies on its one writer at a time:
 *   - public ids come from the sequence declaration_sequence (nextval is
 *     never rolled back, so a number is issued at most once across every
 *     connection and instance; a declaration refused after taking one
 *     leaves a gap, as a number skipped because it was taken does);
 *   - "one active declaration per organisation" is the unique index
 *     declaration_one_active. The insert says ON CONFLICT DO NOTHING: a
 *     competitor that declared for the same organisation meanwhile makes
 *     it insert nothing (CONFLICT) instead of failing the transaction;
 *   - the ★★ prerequisites lock the policy publication they read (FOR
 *     SHARE), so that unpublishing it waits until the declaration that
 *     relied on it is committed, and then its trigger sees that ★★ and
 *     drops it to ★, as it does in SQLite whichever comes first.
 *
 * The review signals read through the partial indexes of migration 0007:
 * their statements repeat the index's condition (corporate_number <> '',
 * declared_ip <> '', address_key <> '') so that PostgreSQL may use it.
 */
#include "core/declaration_id.h"
#include "store/declaration.h"
#include "store/pg_int.h"

#define DECLARATION_COLUMNS                                                                        \
	"id, coalesce(organisation_id, 0), public_id, org_name, org_name_kana, industry,"          \
	" corporate_number, prefecture, level, status, declared_at, changed_at, policy_url,"       \
	" flagged, flag_reasons, declared_ip, address, contact_email, name_key, address_key"

/* The next number, unless the organisation has an active declaration (-1):
 * SQLite's check and its counter in one round trip. A CASE evaluates only
 * the branch it takes, so a refused declaration uses up no number. */
static const char SQL_NEXT_SEQUENCE[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM declaration WHERE organisation_id = $1"
    " AND status = 'active') THEN -1 ELSE nextval('declaration_sequence') END";
static const char SQL_INSERT[] =
    "INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture,"
    " industry, corporate_number, level, status, declared_at, changed_at, policy_url, flagged,"
    " flag_reasons, declared_ip, address, contact_email, name_key, address_key)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_PUBLIC_ID_TAKEN[] = "SELECT 1 FROM declaration WHERE public_id = $1";
static const char SQL_BY_ID[] = "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE id = $1";
static const char SQL_BY_PUBLIC_ID[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE public_id = $1";
static const char SQL_ACTIVE_OF[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = $1"
    " AND status = 'active'";
static const char SQL_LIST_OF[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = $1"
    " ORDER BY declared_at DESC, id DESC LIMIT $2";
static const char SQL_SET_LEVEL[] =
    "UPDATE declaration SET level = $2, policy_url = $3, changed_at = $4"
    " WHERE id = $1 AND status = 'active'";
static const char SQL_SET_DETAILS[] =
    "UPDATE declaration SET org_name = $2, org_name_kana = $3, prefecture = $4, industry = $5,"
    " corporate_number = $6, address = $7, contact_email = $8, name_key = $9, address_key = $10,"
    " changed_at = $11 WHERE id = $1 AND status = 'active'";
static const char SQL_SET_STATUS[] =
    "UPDATE declaration SET status = $2, changed_at = $3,"
    " flagged = CASE WHEN $2 = 'revoked' THEN false ELSE flagged END"
    " WHERE id = $1 AND status = 'active'";
static const char SQL_SET_FLAG[] =
    "UPDATE declaration SET flagged = $2,"
    " flag_reasons = CASE WHEN $2 THEN $3 ELSE flag_reasons END WHERE id = $1";
static const char SQL_EVENT_INSERT[] =
    "INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value,"
    " reason, note) VALUES ($1, $2, nullif($3::bigint, 0), $4, $5, $6, $7, $8)";
static const char SQL_EVENTS[] =
    "SELECT e.id, e.declaration_id, e.at, coalesce(e.actor_user_id, 0), coalesce(u.email, ''),"
    " e.kind, e.from_value, e.to_value, e.reason, e.note"
    " FROM declaration_event e LEFT JOIN \"user\" u ON u.id = e.actor_user_id"
    " WHERE e.declaration_id = $1 ORDER BY e.at, e.id LIMIT $2";
static const char SQL_ACTIVE_BY_NUMBER[] =
    "SELECT id FROM declaration WHERE corporate_number = $1 AND corporate_number <> ''"
    " AND status = 'active' LIMIT 1";
static const char SQL_COUNT_NUMBER[] =
    "SELECT count(*) FROM declaration WHERE corporate_number = $1 AND corporate_number <> ''"
    " AND (organisation_id IS NULL OR organisation_id <> $2)";
static const char SQL_COUNT_IP[] =
    "SELECT count(*) FROM declaration WHERE declared_ip = $1 AND declared_ip <> ''"
    " AND declared_at >= $2";
static const char SQL_NAMES_AT_ADDRESS[] =
    "SELECT name_key FROM declaration WHERE address_key = $1 AND address_key <> ''"
    " AND (organisation_id IS NULL OR organisation_id <> $2) LIMIT $3";
static const char SQL_HAS_ASSESSMENT[] =
    "SELECT taken_at FROM assessment_result WHERE organisation_id = $1"
    " ORDER BY taken_at DESC, id DESC LIMIT 1";
/* Locked (see the top): unpublishing waits for the transaction that read
 * it. */
static const char SQL_POLICY[] =
    "SELECT CASE p.kind WHEN 'hosted' THEN '/policy/' || o.public_id ELSE p.url END"
    " FROM policy_publication p JOIN organisation o ON o.id = p.organisation_id"
    " WHERE p.organisation_id = $1 FOR SHARE OF p";
static const char SQL_FLAGGED_LIST[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE flagged"
    " ORDER BY declared_at, id LIMIT $1 OFFSET $2";
static const char SQL_FLAGGED_COUNT[] = "SELECT count(*) FROM declaration WHERE flagged";

static void read_declaration(struct arena *a, const struct pg_row *r, void *item)
{
	struct declaration *d = item;
	*d = (struct declaration){
	    .id = pg_col_int64(r, 0),
	    .organisation_id = pg_col_int64(r, 1),
	    .public_id = pg_col_str(a, r, 2),
	    .org_name = pg_col_str(a, r, 3),
	    .org_name_kana = pg_col_str(a, r, 4),
	    .industry = pg_col_str(a, r, 5),
	    .corporate_number = pg_col_str(a, r, 6),
	    .prefecture = pg_col_int(r, 7),
	    .level = pg_col_int(r, 8),
	    .declared_at = pg_col_int64(r, 10),
	    .changed_at = pg_col_int64(r, 11),
	    .policy_url = pg_col_str(a, r, 12),
	    .flagged = pg_col_bool(r, 13),
	    .flag_reasons = pg_col_str(a, r, 14),
	    .declared_ip = pg_col_str(a, r, 15),
	    .address = pg_col_str(a, r, 16),
	    .contact_email = pg_col_str(a, r, 17),
	    .name_key = pg_col_str(a, r, 18),
	    .address_key = pg_col_str(a, r, 19),
	};
	if (!core_declaration_status_parse(str_from(pg_col_cstr(r, 9)), &d->status))
		d->status = DECLARATION_NONE;
}

/* ---- declarations ---------------------------------------------------------- */

static enum mm_err insert_as(struct store *s, const struct declaration *d, const char *public_id,
                             int64_t *id)
{
	return pg_insert(
	    s, SQL_INSERT,
	    ARGS(ARG_CSTR(public_id), ARG_INT(d->organisation_id), ARG_TEXT(d->org_name),
	         ARG_TEXT(d->org_name_kana), ARG_INT(d->prefecture), ARG_TEXT(d->industry),
	         ARG_TEXT(d->corporate_number), ARG_INT(d->level), ARG_INT(d->declared_at),
	         ARG_TEXT(d->policy_url), ARG_BOOL(d->flagged), ARG_TEXT(d->flag_reasons),
	         ARG_TEXT(d->declared_ip), ARG_TEXT(d->address), ARG_TEXT(d->contact_email),
	         ARG_TEXT(d->name_key), ARG_TEXT(d->address_key)),
	    "declaration insert", id);
}

/* Takes numbers until the insert goes in under one: the insert itself
 * finds an id already taken (rows put in by hand: the number is used up,
 * so none is ever issued twice) or an active declaration committed since
 * the check, and inserts nothing either way; which one it was is asked
 * only then, so that a declaration costs two statements. */
static enum mm_err declaration_insert(struct store *s, struct arena *a, struct declaration *d,
                                      int64_t *id)
{
	char public_id[DECLARATION_ID_DIGITS + 1];
	enum mm_err e = MM_ERR_CONFLICT;
	for (int attempt = 0; attempt < DECLARATION_ID_ATTEMPTS && e == MM_ERR_CONFLICT;
	     attempt++) {
		int64_t next, one;
		e = pg_int64_of(s, SQL_NEXT_SEQUENCE, ARGS(ARG_INT(d->organisation_id)),
		                "declaration sequence", &next);
		if (e)
			return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
		if (next < 0)
			return MM_ERR_CONFLICT; /* checked first: no number used up */
		if (!core_declaration_id_make((uint64_t)next, public_id))
			return MM_ERR_CONFLICT; /* a billion declarations: out of numbers */
		if ((e = insert_as(s, d, public_id, id)) != MM_ERR_CONFLICT)
			break;
		e = pg_int64_of(s, SQL_PUBLIC_ID_TAKEN, ARGS(ARG_CSTR(public_id)),
		                "public id check", &one);
		if (e == MM_ERR_NOT_FOUND)
			return MM_ERR_CONFLICT; /* the organisation's, not the id */
		if (e)
			return e;
		e = MM_ERR_CONFLICT; /* taken: the next number */
	}
	if (e)
		return e;
	d->id = *id;
	d->status = DECLARATION_ACTIVE;
	d->changed_at = d->declared_at;
	char *copy = arena_strndup(a, public_id, DECLARATION_ID_DIGITS);
	d->public_id = copy ? (struct str){copy, DECLARATION_ID_DIGITS} : STR("");
	return copy ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err declaration_by_id(struct store *s, struct arena *a, int64_t id,
                                     struct declaration *out)
{
	return pg_row(s, a, SQL_BY_ID, ARGS(ARG_INT(id)), read_declaration, out,
	              "declaration by id");
}

static enum mm_err declaration_by_public_id(struct store *s, struct arena *a, struct str public_id,
                                            struct declaration *out)
{
	return pg_row(s, a, SQL_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)), read_declaration, out,
	              "declaration by public id");
}

static enum mm_err declaration_active_of(struct store *s, struct arena *a, int64_t org_id,
                                         struct declaration *out)
{
	return pg_row(s, a, SQL_ACTIVE_OF, ARGS(ARG_INT(org_id)), read_declaration, out,
	              "active declaration");
}

static enum mm_err declaration_list_of(struct store *s, struct arena *a, int64_t org_id,
                                       struct declaration **out, size_t *n)
{
	return pg_rows(s, a, SQL_LIST_OF, ARGS(ARG_INT(org_id), ARG_INT(DECLARATION_OF_ORG_MAX)),
	               sizeof **out, DECLARATION_OF_ORG_MAX, read_declaration, (void **)out, n,
	               "declarations");
}

static enum mm_err declaration_set_level(struct store *s, int64_t id, int level,
                                         struct str policy_url, int64_t now)
{
	return pg_exec_one(s, SQL_SET_LEVEL,
	                   ARGS(ARG_INT(id), ARG_INT(level), ARG_TEXT(policy_url), ARG_INT(now)),
	                   "declaration level");
}

static enum mm_err declaration_set_details(struct store *s, const struct declaration *d,
                                           int64_t now)
{
	return pg_exec_one(s, SQL_SET_DETAILS,
	                   ARGS(ARG_INT(d->id), ARG_TEXT(d->org_name), ARG_TEXT(d->org_name_kana),
	                        ARG_INT(d->prefecture), ARG_TEXT(d->industry),
	                        ARG_TEXT(d->corporate_number), ARG_TEXT(d->address),
	                        ARG_TEXT(d->contact_email), ARG_TEXT(d->name_key),
	                        ARG_TEXT(d->address_key), ARG_INT(now)),
	                   "declaration details");
}

static enum mm_err declaration_set_status(struct store *s, int64_t id,
                                          enum declaration_status status, int64_t now)
{
	const char *name = core_declaration_status_name(status);
	if (!name || status == DECLARATION_ACTIVE)
		return MM_ERR_INVALID; /* a declaration is never made active again */
	return pg_exec_one(s, SQL_SET_STATUS, ARGS(ARG_INT(id), ARG_CSTR(name), ARG_INT(now)),
	                   "declaration status");
}

static enum mm_err declaration_set_flag(struct store *s, int64_t id, bool flagged,
                                        struct str reasons)
{
	return pg_exec_one(s, SQL_SET_FLAG, ARGS(ARG_INT(id), ARG_BOOL(flagged), ARG_TEXT(reasons)),
	                   "declaration flag");
}

static enum mm_err declaration_event_insert(struct store *s, const struct declaration_event *ev)
{
	return pg_exec(s, SQL_EVENT_INSERT,
	               ARGS(ARG_INT(ev->declaration_id), ARG_INT(ev->at),
	                    ARG_INT(ev->actor_user_id), ARG_TEXT(ev->kind),
	                    ARG_TEXT(ev->from_value), ARG_TEXT(ev->to_value), ARG_TEXT(ev->reason),
	                    ARG_TEXT(ev->note)),
	               "declaration event");
}

static void read_event(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct declaration_event *)item = (struct declaration_event){
	    .id = pg_col_int64(r, 0),
	    .declaration_id = pg_col_int64(r, 1),
	    .at = pg_col_int64(r, 2),
	    .actor_user_id = pg_col_int64(r, 3),
	    .actor_email = pg_col_str(a, r, 4),
	    .kind = pg_col_str(a, r, 5),
	    .from_value = pg_col_str(a, r, 6),
	    .to_value = pg_col_str(a, r, 7),
	    .reason = pg_col_str(a, r, 8),
	    .note = pg_col_str(a, r, 9),
	};
}

static enum mm_err declaration_events(struct store *s, struct arena *a, int64_t declaration_id,
                                      struct declaration_event **out, size_t *n)
{
	return pg_rows(s, a, SQL_EVENTS,
	               ARGS(ARG_INT(declaration_id), ARG_INT(DECLARATION_HISTORY_MAX)),
	               sizeof **out, DECLARATION_HISTORY_MAX, read_event, (void **)out, n,
	               "declaration events");
}

/* ---- checks at submission -------------------------------------------------- */

static enum mm_err declaration_active_by_corporate_number(struct store *s, struct str number,
                                                          int64_t *id)
{
	return pg_int64_of(s, SQL_ACTIVE_BY_NUMBER, ARGS(ARG_TEXT(number)),
	                   "active declaration by corporate number", id);
}

static enum mm_err declaration_count_corporate_number(struct store *s, struct str number,
                                                      int64_t org_id, int64_t *count)
{
	return pg_int64_of(s, SQL_COUNT_NUMBER, ARGS(ARG_TEXT(number), ARG_INT(org_id)),
	                   "declarations with a corporate number", count);
}

static enum mm_err declaration_count_from_ip(struct store *s, struct str ip, int64_t since,
                                             int64_t *count)
{
	return pg_int64_of(s, SQL_COUNT_IP, ARGS(ARG_TEXT(ip), ARG_INT(since)),
	                   "declarations from an address", count);
}

static void read_name_key(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct str *)item = pg_col_str(a, r, 0);
}

static enum mm_err declaration_names_at_address(struct store *s, struct arena *a,
                                                struct str address_key, int64_t org_id,
                                                struct str **name_keys, size_t *n)
{
	return pg_rows(
	    s, a, SQL_NAMES_AT_ADDRESS,
	    ARGS(ARG_TEXT(address_key), ARG_INT(org_id), ARG_INT(DECLARATION_CANDIDATES_MAX)),
	    sizeof **name_keys, DECLARATION_CANDIDATES_MAX, read_name_key, (void **)name_keys, n,
	    "names at address");
}

static void read_policy_url(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct str *)item = pg_col_str(a, r, 0);
}

static enum mm_err declaration_prerequisites(struct store *s, struct arena *a, int64_t org_id,
                                             struct declaration_prerequisites *out)
{
	enum mm_err e;
	*out = (struct declaration_prerequisites){.policy_url = STR("")};
	e = pg_int64_of(s, SQL_HAS_ASSESSMENT, ARGS(ARG_INT(org_id)), "assessment of organisation",
	                &out->assessment_taken_at);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	out->has_assessment = e == MM_OK;
	e = pg_row(s, a, SQL_POLICY, ARGS(ARG_INT(org_id)), read_policy_url, &out->policy_url,
	           "policy publication");
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	out->has_policy = e == MM_OK;
	return e;
}

static enum mm_err declaration_flagged_list(struct store *s, struct arena *a, int64_t offset,
                                            int64_t limit, struct declaration **out, size_t *n,
                                            int64_t *total)
{
	enum mm_err e = pg_int64_of(s, SQL_FLAGGED_COUNT, NO_ARGS, "review queue count", total);
	if (e)
		return e;
	return pg_rows(s, a, SQL_FLAGGED_LIST, ARGS(ARG_INT(limit), ARG_INT(offset)), sizeof **out,
	               (size_t)limit, read_declaration, (void **)out, n, "declarations");
}

const struct store_declaration_ops pg_declaration_ops = {
    .insert = declaration_insert,
    .by_id = declaration_by_id,
    .by_public_id = declaration_by_public_id,
    .active_of = declaration_active_of,
    .list_of = declaration_list_of,
    .set_level = declaration_set_level,
    .set_details = declaration_set_details,
    .set_status = declaration_set_status,
    .set_flag = declaration_set_flag,
    .event_insert = declaration_event_insert,
    .events = declaration_events,
    .active_by_corporate_number = declaration_active_by_corporate_number,
    .count_corporate_number = declaration_count_corporate_number,
    .count_from_ip = declaration_count_from_ip,
    .names_at_address = declaration_names_at_address,
    .prerequisites = declaration_prerequisites,
    .flagged_list = declaration_flagged_list,
    .seed_insert = pg_declaration_seed_insert,
};
