/*
 * sqlite_declaration.c — the declarations area of the SQLite driver (see
 * store/declaration.h): declarations, their events, the facts behind the
 * review signals, ★★ prerequisites, the review queue and the seed insert.
 *
 * Updates carry "AND status = 'active'" so that a change racing with a
 * withdrawal or a revocation touches nothing (NOT_FOUND) instead of
 * changing a declaration that is no longer live. The downgrade when a
 * policy is unpublished is a trigger (migration 0007), so it happens in
 * the same statement as the unpublishing, whoever deletes the row.
 */
#include "core/declaration_id.h"
#include "store/declaration.h"
#include "store/sqlite_int.h"

#define DECLARATION_COLUMNS                                                                        \
	"id, coalesce(organisation_id, 0), public_id, org_name, org_name_kana, industry,"          \
	" corporate_number, prefecture, level, status, declared_at, changed_at, policy_url,"       \
	" flagged, flag_reasons, declared_ip, address, contact_email, name_key, address_key"

static const char SQL_NEXT_SEQUENCE[] =
    "UPDATE declaration_sequence SET last = last + 1 WHERE id = 1 RETURNING last";
static const char SQL_INSERT[] =
    "INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture,"
    " industry, corporate_number, level, status, declared_at, changed_at, policy_url, flagged,"
    " flag_reasons, declared_ip, address, contact_email, name_key, address_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17)";
static const char SQL_PUBLIC_ID_TAKEN[] = "SELECT 1 FROM declaration WHERE public_id = ?1";
static const char SQL_ACTIVE_OF_ORG[] =
    "SELECT 1 FROM declaration WHERE organisation_id = ?1 AND status = 'active'";
static const char SQL_BY_ID[] = "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE id = ?1";
static const char SQL_BY_PUBLIC_ID[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE public_id = ?1";
static const char SQL_ACTIVE_OF[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = ?1"
    " AND status = 'active'";
static const char SQL_LIST_OF[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE organisation_id = ?1"
    " ORDER BY declared_at DESC, id DESC LIMIT ?2";
static const char SQL_SET_LEVEL[] =
    "UPDATE declaration SET level = ?2, policy_url = ?3, changed_at = ?4"
    " WHERE id = ?1 AND status = 'active'";
static const char SQL_SET_DETAILS[] =
    "UPDATE declaration SET org_name = ?2, org_name_kana = ?3, prefecture = ?4, industry = ?5,"
    " corporate_number = ?6, address = ?7, contact_email = ?8, name_key = ?9, address_key = ?10,"
    " changed_at = ?11 WHERE id = ?1 AND status = 'active'";
static const char SQL_SET_STATUS[] = "UPDATE declaration SET status = ?2, changed_at = ?3,"
                                     " flagged = CASE WHEN ?2 = 'revoked' THEN 0 ELSE flagged END"
                                     " WHERE id = ?1 AND status = 'active'";
static const char SQL_SET_FLAG[] =
    "UPDATE declaration SET flagged = ?2,"
    " flag_reasons = CASE WHEN ?2 THEN ?3 ELSE flag_reasons END WHERE id = ?1";
static const char SQL_EVENT_INSERT[] =
    "INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value,"
    " reason, note) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8)";
static const char SQL_EVENTS[] =
    "SELECT e.id, e.declaration_id, e.at, coalesce(e.actor_user_id, 0), coalesce(u.email, ''),"
    " e.kind, e.from_value, e.to_value, e.reason, e.note"
    " FROM declaration_event e LEFT JOIN user u ON u.id = e.actor_user_id"
    " WHERE e.declaration_id = ?1 ORDER BY e.at, e.id LIMIT ?2";
static const char SQL_ACTIVE_BY_NUMBER[] =
    "SELECT id FROM declaration INDEXED BY declaration_corporate_number"
    " WHERE corporate_number = ?1 AND corporate_number <> '' AND status = 'active' LIMIT 1";
static const char SQL_COUNT_NUMBER[] =
    "SELECT count(*) FROM declaration WHERE corporate_number = ?1 AND corporate_number <> ''"
    " AND (organisation_id IS NULL OR organisation_id <> ?2)";
static const char SQL_COUNT_IP[] =
    "SELECT count(*) FROM declaration WHERE declared_ip = ?1 AND declared_ip <> ''"
    " AND declared_at >= ?2";
static const char SQL_NAMES_AT_ADDRESS[] =
    "SELECT name_key FROM declaration WHERE address_key = ?1 AND address_key <> ''"
    " AND (organisation_id IS NULL OR organisation_id <> ?2) LIMIT ?3";
static const char SQL_HAS_ASSESSMENT[] =
    "SELECT taken_at FROM assessment_result WHERE organisation_id = ?1"
    " ORDER BY taken_at DESC, id DESC LIMIT 1";
static const char SQL_POLICY[] =
    "SELECT CASE p.kind WHEN 'hosted' THEN '/policy/' || o.public_id ELSE p.url END"
    " FROM policy_publication p JOIN organisation o ON o.id = p.organisation_id"
    " WHERE p.organisation_id = ?1";
static const char SQL_FLAGGED_LIST[] =
    "SELECT " DECLARATION_COLUMNS " FROM declaration WHERE flagged = 1"
    " ORDER BY declared_at, id LIMIT ?1 OFFSET ?2";
static const char SQL_FLAGGED_COUNT[] = "SELECT count(*) FROM declaration WHERE flagged = 1";

static void read_declaration(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct declaration *d = item;
	const char *status = sqlite_column_cstr(st, 9);
	*d = (struct declaration){
	    .id = sqlite3_column_int64(st, 0),
	    .organisation_id = sqlite3_column_int64(st, 1),
	    .public_id = sqlite_column_str(a, st, 2),
	    .org_name = sqlite_column_str(a, st, 3),
	    .org_name_kana = sqlite_column_str(a, st, 4),
	    .industry = sqlite_column_str(a, st, 5),
	    .corporate_number = sqlite_column_str(a, st, 6),
	    .prefecture = sqlite3_column_int(st, 7),
	    .level = sqlite3_column_int(st, 8),
	    .declared_at = sqlite3_column_int64(st, 10),
	    .changed_at = sqlite3_column_int64(st, 11),
	    .policy_url = sqlite_column_str(a, st, 12),
	    .flagged = sqlite3_column_int(st, 13) != 0,
	    .flag_reasons = sqlite_column_str(a, st, 14),
	    .declared_ip = sqlite_column_str(a, st, 15),
	    .address = sqlite_column_str(a, st, 16),
	    .contact_email = sqlite_column_str(a, st, 17),
	    .name_key = sqlite_column_str(a, st, 18),
	    .address_key = sqlite_column_str(a, st, 19),
	};
	if (!core_declaration_status_parse(str_from(status), &d->status))
		d->status = DECLARATION_NONE;
}

static enum mm_err one_declaration(struct store *base, struct arena *a, sqlite3_stmt *st,
                                   struct declaration *out, const char *what)
{
	return sqlite_row(base, a, st, read_declaration, out, what);
}

/* Every row of st into an array in the arena (at most max rows). */
static enum mm_err declaration_rows(struct store *base, struct arena *a, sqlite3_stmt *st,
                                    size_t max, struct declaration **out, size_t *n)
{
	return sqlite_rows(base, a, st, sizeof **out, max, read_declaration, (void **)out, n,
	                   "declarations");
}

/* ---- declarations ---------------------------------------------------------- */

/* The next public id not yet in the table. Numbers are consumed even when
 * skipped, so none is ever issued twice. */
static enum mm_err next_public_id(struct store *base, char out[DECLARATION_ID_DIGITS + 1])
{
	for (int attempt = 0; attempt < DECLARATION_ID_ATTEMPTS; attempt++) {
		sqlite3_stmt *seq = sqlite_stmt(base, SQL_NEXT_SEQUENCE), *taken;
		int64_t last;
		enum mm_err e;
		if (!seq)
			return MM_ERR_DB;
		if ((e = sqlite_int64_of(base, seq, "declaration sequence", &last)))
			return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
		if (!core_declaration_id_make((uint64_t)last, out))
			return MM_ERR_CONFLICT; /* a billion declarations: out of numbers */
		if (!(taken = sqlite_stmt(base, SQL_PUBLIC_ID_TAKEN)))
			return MM_ERR_DB;
		sqlite_bind_str(taken, 1, str_from(out));
		e = sqlite_one_row(base, taken, "public id check");
		if (e == MM_ERR_NOT_FOUND)
			return MM_OK;
		if (e)
			return e;
		sqlite_done(taken);
	}
	return MM_ERR_CONFLICT;
}

static enum mm_err declaration_insert(struct store *base, struct arena *a, struct declaration *d,
                                      int64_t *id)
{
	char public_id[DECLARATION_ID_DIGITS + 1];
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ACTIVE_OF_ORG);
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	/* checked first so that a refused declaration uses up no number */
	sqlite3_bind_int64(st, 1, d->organisation_id);
	e = sqlite_one_row(base, st, "active declaration check");
	if (e == MM_OK) {
		sqlite_done(st);
		return MM_ERR_CONFLICT;
	}
	if (e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = next_public_id(base, public_id)))
		return e;
	if (!(st = sqlite_stmt(base, SQL_INSERT)))
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, str_from(public_id));
	sqlite3_bind_int64(st, 2, d->organisation_id);
	sqlite_bind_str(st, 3, d->org_name);
	sqlite_bind_str(st, 4, d->org_name_kana);
	sqlite3_bind_int(st, 5, d->prefecture);
	sqlite_bind_str(st, 6, d->industry);
	sqlite_bind_str(st, 7, d->corporate_number);
	sqlite3_bind_int(st, 8, d->level);
	sqlite3_bind_int64(st, 9, d->declared_at);
	sqlite_bind_str(st, 10, d->policy_url);
	sqlite3_bind_int(st, 11, d->flagged);
	sqlite_bind_str(st, 12, d->flag_reasons);
	sqlite_bind_str(st, 13, d->declared_ip);
	sqlite_bind_str(st, 14, d->address);
	sqlite_bind_str(st, 15, d->contact_email);
	sqlite_bind_str(st, 16, d->name_key);
	sqlite_bind_str(st, 17, d->address_key);
	if ((e = sqlite_insert(base, st, "declaration insert", id)))
		return e;
	d->id = *id;
	d->status = DECLARATION_ACTIVE;
	d->changed_at = d->declared_at;
	char *copy = arena_strndup(a, public_id, DECLARATION_ID_DIGITS);
	d->public_id = copy ? (struct str){copy, DECLARATION_ID_DIGITS} : STR("");
	return copy ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err declaration_by_id(struct store *base, struct arena *a, int64_t id,
                                     struct declaration *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_BY_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return one_declaration(base, a, st, out, "declaration by id");
}

static enum mm_err declaration_by_public_id(struct store *base, struct arena *a,
                                            struct str public_id, struct declaration *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_BY_PUBLIC_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, public_id);
	return one_declaration(base, a, st, out, "declaration by public id");
}

static enum mm_err declaration_active_of(struct store *base, struct arena *a, int64_t org_id,
                                         struct declaration *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ACTIVE_OF);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	return one_declaration(base, a, st, out, "active declaration");
}

static enum mm_err declaration_list_of(struct store *base, struct arena *a, int64_t org_id,
                                       struct declaration **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_LIST_OF);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, DECLARATION_OF_ORG_MAX);
	return declaration_rows(base, a, st, DECLARATION_OF_ORG_MAX, out, n);
}

static enum mm_err declaration_set_level(struct store *base, int64_t id, int level,
                                         struct str policy_url, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SET_LEVEL);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, level);
	sqlite_bind_str(st, 3, policy_url);
	sqlite3_bind_int64(st, 4, now);
	return sqlite_exec_one(base, st, "declaration level");
}

static enum mm_err declaration_set_details(struct store *base, const struct declaration *d,
                                           int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SET_DETAILS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite_bind_str(st, 2, d->org_name);
	sqlite_bind_str(st, 3, d->org_name_kana);
	sqlite3_bind_int(st, 4, d->prefecture);
	sqlite_bind_str(st, 5, d->industry);
	sqlite_bind_str(st, 6, d->corporate_number);
	sqlite_bind_str(st, 7, d->address);
	sqlite_bind_str(st, 8, d->contact_email);
	sqlite_bind_str(st, 9, d->name_key);
	sqlite_bind_str(st, 10, d->address_key);
	sqlite3_bind_int64(st, 11, now);
	return sqlite_exec_one(base, st, "declaration details");
}

static enum mm_err declaration_set_status(struct store *base, int64_t id,
                                          enum declaration_status status, int64_t now)
{
	const char *name = core_declaration_status_name(status);
	sqlite3_stmt *st;
	if (!name || status == DECLARATION_ACTIVE)
		return MM_ERR_INVALID; /* a declaration is never made active again */
	if (!(st = sqlite_stmt(base, SQL_SET_STATUS)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite_bind_cstr(st, 2, name);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec_one(base, st, "declaration status");
}

static enum mm_err declaration_set_flag(struct store *base, int64_t id, bool flagged,
                                        struct str reasons)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SET_FLAG);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, flagged);
	sqlite_bind_str(st, 3, reasons);
	return sqlite_exec_one(base, st, "declaration flag");
}

static enum mm_err declaration_event_insert(struct store *base, const struct declaration_event *ev)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_EVENT_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, ev->declaration_id);
	sqlite3_bind_int64(st, 2, ev->at);
	sqlite3_bind_int64(st, 3, ev->actor_user_id);
	sqlite_bind_str(st, 4, ev->kind);
	sqlite_bind_str(st, 5, ev->from_value);
	sqlite_bind_str(st, 6, ev->to_value);
	sqlite_bind_str(st, 7, ev->reason);
	sqlite_bind_str(st, 8, ev->note);
	return sqlite_exec(base, st, "declaration event");
}

static void read_event(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct declaration_event *)item = (struct declaration_event){
	    .id = sqlite3_column_int64(st, 0),
	    .declaration_id = sqlite3_column_int64(st, 1),
	    .at = sqlite3_column_int64(st, 2),
	    .actor_user_id = sqlite3_column_int64(st, 3),
	    .actor_email = sqlite_column_str(a, st, 4),
	    .kind = sqlite_column_str(a, st, 5),
	    .from_value = sqlite_column_str(a, st, 6),
	    .to_value = sqlite_column_str(a, st, 7),
	    .reason = sqlite_column_str(a, st, 8),
	    .note = sqlite_column_str(a, st, 9),
	};
}

static enum mm_err declaration_events(struct store *base, struct arena *a, int64_t declaration_id,
                                      struct declaration_event **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_EVENTS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, declaration_id);
	sqlite3_bind_int64(st, 2, DECLARATION_HISTORY_MAX);
	return sqlite_rows(base, a, st, sizeof **out, DECLARATION_HISTORY_MAX, read_event,
	                   (void **)out, n, "declaration events");
}

/* ---- checks at submission -------------------------------------------------- */

static enum mm_err declaration_active_by_corporate_number(struct store *base, struct str number,
                                                          int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ACTIVE_BY_NUMBER);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, number);
	return sqlite_int64_of(base, st, "active declaration by corporate number", id);
}

static enum mm_err declaration_count_corporate_number(struct store *base, struct str number,
                                                      int64_t org_id, int64_t *count)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_COUNT_NUMBER);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, number);
	sqlite3_bind_int64(st, 2, org_id);
	return sqlite_int64_of(base, st, "declarations with a corporate number", count);
}

static enum mm_err declaration_count_from_ip(struct store *base, struct str ip, int64_t since,
                                             int64_t *count)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_COUNT_IP);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, ip);
	sqlite3_bind_int64(st, 2, since);
	return sqlite_int64_of(base, st, "declarations from an address", count);
}

static void read_name_key(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct str *)item = sqlite_column_str(a, st, 0);
}

static enum mm_err declaration_names_at_address(struct store *base, struct arena *a,
                                                struct str address_key, int64_t org_id,
                                                struct str **name_keys, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_NAMES_AT_ADDRESS);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, address_key);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_int64(st, 3, DECLARATION_CANDIDATES_MAX);
	return sqlite_rows(base, a, st, sizeof **name_keys, DECLARATION_CANDIDATES_MAX,
	                   read_name_key, (void **)name_keys, n, "names at address");
}

static enum mm_err declaration_prerequisites(struct store *base, struct arena *a, int64_t org_id,
                                             struct declaration_prerequisites *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_HAS_ASSESSMENT);
	enum mm_err e;
	*out = (struct declaration_prerequisites){.policy_url = STR("")};
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	e = sqlite_int64_of(base, st, "assessment of organisation", &out->assessment_taken_at);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	out->has_assessment = e == MM_OK;
	if (!(st = sqlite_stmt(base, SQL_POLICY)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	e = sqlite_one_row(base, st, "policy publication");
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	out->has_policy = true;
	out->policy_url = sqlite_column_str(a, st, 0);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err declaration_flagged_list(struct store *base, struct arena *a, int64_t offset,
                                            int64_t limit, struct declaration **out, size_t *n,
                                            int64_t *total)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_FLAGGED_COUNT);
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	if ((e = sqlite_int64_of(base, st, "review queue count", total)))
		return e;
	if (!(st = sqlite_stmt(base, SQL_FLAGGED_LIST)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	return declaration_rows(base, a, st, (size_t)limit, out, n);
}

const struct store_declaration_ops sqlite_declaration_ops = {
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
    .seed_insert = sqlite_declaration_seed_insert,
};
