/*
 * sqlite_audit.c — the audit log in the SQLite driver (see store/audit.h):
 * appending an entry. Reading entries belongs to the pages that show them
 * (sqlite_org.c, sqlite_admin.c).
 */
#include "store/audit.h"
#include "store/sqlite_int.h"

static const char *const outcome_names[] = {"ok", "denied", "failed"};

static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit (at, actor_user_id, ip, action, organisation_id, target, outcome, detail)"
    " VALUES (?1, nullif(?2, 0), ?3, ?4, nullif(?5, 0), ?6, ?7, ?8)";

static enum mm_err audit_insert(struct store *s, const struct audit_entry *e)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_AUDIT_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, e->at);
	sqlite3_bind_int64(st, 2, e->actor_user_id);
	sqlite_bind_str(st, 3, e->ip);
	sqlite_bind_str(st, 4, e->action);
	sqlite3_bind_int64(st, 5, e->organisation_id);
	sqlite_bind_str(st, 6, e->target);
	sqlite_bind_cstr(st, 7, outcome_names[e->outcome]);
	sqlite_bind_str(st, 8, e->detail);
	return sqlite_exec(s, st, "audit insert");
}

const struct store_audit_ops sqlite_audit_ops = {
    .insert = audit_insert,
};
