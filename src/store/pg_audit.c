/*
 * pg_audit.c — the audit log in the PostgreSQL driver (see store/audit.h):
 * appending an entry, as sqlite_audit.c does. Reading entries belongs to
 * the pages that show them (pg_org.c; the administrators' pages).
 */
#include "store/audit.h"
#include "store/pg_int.h"

static const char *const outcome_names[] = {"ok", "denied", "failed"};

static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit (at, actor_user_id, ip, action, organisation_id, target, outcome, detail)"
    " VALUES ($1, nullif($2::bigint, 0), $3, $4, nullif($5::bigint, 0), $6, $7, $8)";

static enum mm_err audit_insert(struct store *s, const struct audit_entry *e)
{
	return pg_exec(s, SQL_AUDIT_INSERT,
	               ARGS(ARG_INT(e->at), ARG_INT(e->actor_user_id), ARG_TEXT(e->ip),
	                    ARG_TEXT(e->action), ARG_INT(e->organisation_id), ARG_TEXT(e->target),
	                    ARG_CSTR(outcome_names[e->outcome]), ARG_TEXT(e->detail)),
	               "audit insert");
}

const struct store_audit_ops pg_audit_ops = {
    .insert = audit_insert,
};
