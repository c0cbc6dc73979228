/*
 * declaration_record.c — see declaration_record.h.
 */
#include "pages/declaration/declaration_record.h"

#include "web/audit.h"

enum mm_err declaration_record(struct req *r, struct store *s, const struct declaration *d,
                               const struct declaration_event *ev, const char *action)
{
	enum mm_err e = store_declaration_event_insert(s, ev);
	if (e)
		return e;
	char *detail = arena_printf(r->arena, "%.*s %.*s>%.*s %.*s", (int)ev->kind.n, ev->kind.p,
	                            (int)ev->from_value.n, ev->from_value.p, (int)ev->to_value.n,
	                            ev->to_value.p, (int)ev->reason.n, ev->reason.p);
	return audit_log(r, action, 0, d->organisation_id, d->public_id, AUDIT_OK,
	                 detail ? detail : "");
}
