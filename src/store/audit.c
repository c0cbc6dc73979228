/*
 * audit.c — the audit log (store/audit.h), written once for every
 * database (store/sql.h): appending an entry. Reading entries belongs to
 * the pages that show them (store/org.h, store/admin.h).
 */
#include "store/audit.h"

#include "store/sql.h"

static const char *const outcome_names[] = {"ok", "denied", "failed"};

static const struct sql SQL_AUDIT_INSERT = SQL(
    "INSERT INTO audit (at, actor_user_id, ip, action, organisation_id, target, outcome, detail)"
    " VALUES ($1, nullif(CAST($2 AS bigint), 0), $3, $4, nullif(CAST($5 AS bigint), 0), $6, $7,"
    " $8)");

enum mm_err store_audit_insert(struct store *s, const struct audit_entry *e)
{
	return sql_exec(s, &SQL_AUDIT_INSERT,
	                ARGS(ARG_INT(e->at), ARG_INT(e->actor_user_id), ARG_TEXT(e->ip),
	                     ARG_TEXT(e->action), ARG_INT(e->organisation_id), ARG_TEXT(e->target),
	                     ARG_CSTR(outcome_names[e->outcome]), ARG_TEXT(e->detail)),
	                "audit insert");
}
