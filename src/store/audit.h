/*
 * audit.h — the audit log: who did what, to which organisation or
 * record, from where, and how it ended. Pages write an entry for every
 * action that matters to security or to a firm's trust (log-ins, role
 * changes, declarations, administrators' acts); the organisation and
 * administration pages read them back (store/org.h, store/admin.h).
 *
 * Entries are only ever added. Deleting a user keeps the entries they
 * made with the actor set to none (the schema does it), and the personal
 * data pages blank the addresses an entry names (store_admin_user_erase_traces).
 * Times are Unix seconds passed in by the caller.
 */
#ifndef MM_STORE_AUDIT_H
#define MM_STORE_AUDIT_H

#include "store/store.h"

enum audit_outcome { AUDIT_OK, AUDIT_DENIED, AUDIT_FAILED };

struct audit_entry {
	int64_t at, actor_user_id, organisation_id; /* 0: none */
	struct str ip, action, target, detail;
	enum audit_outcome outcome;
};

MM_MUST_USE enum mm_err store_audit_insert(struct store *s, const struct audit_entry *e);

#endif
