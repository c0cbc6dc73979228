/*
 * audit.c — see audit.h.
 */
#include "web/audit.h"

#include "lib/log.h"
#include "store/account.h"

enum mm_err audit_log(struct req *r, const char *action, int64_t actor_id, int64_t organisation_id,
                      struct str target, enum audit_outcome outcome, const char *detail)
{
	struct store *s = r->store;
	if (!s)
		return MM_ERR_DB;
	struct audit_entry e = {
	    .at = r->now,
	    .actor_user_id = actor_id ? actor_id : (r->user ? r->user->id : 0),
	    .organisation_id = organisation_id,
	    .ip = r->ip,
	    .action = str_from(action),
	    .target = target,
	    .detail = str_from(detail),
	    .outcome = outcome,
	};
	return store_audit_insert(s, &e);
}

void audit_note(struct req *r, const char *action, int64_t actor_id, int64_t organisation_id,
                struct str target, enum audit_outcome outcome, const char *detail)
{
	enum mm_err e = audit_log(r, action, actor_id, organisation_id, target, outcome, detail);
	if (e)
		log_error("req=%s audit %s not written: %s", r->id, action, mm_err_name(e));
}
