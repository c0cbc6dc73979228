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
