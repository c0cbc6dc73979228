/*
 * declaration_record.h — the one way a change of a declaration is written
 * down: its event (the history the owner, the administrator and, for the
 * public kinds, the verification page show) and its audit line, in the
 * caller's transaction. Used by the owner's changes (declaration.c,
 * declaration_new.c) and the administrator's (admin_declarations.c).
 *
 * It never begins, commits or rolls back a transaction: the caller's
 * store_tx does, so the change, its event and its audit line are kept or
 * lost together.
 */
#ifndef MM_DECLARATION_RECORD_H
#define MM_DECLARATION_RECORD_H

#include "store/declaration.h"
#include "web/req.h"

#define DECLARATION_NOTE_MAX_CHARS 2000 /* an administrator's note on a revocation */

/* One change of a declaration: its event and its audit line (action,
 * detail), in the caller's transaction. */
MM_MUST_USE enum mm_err declaration_record(struct req *r, struct store *s,
                                           const struct declaration *d,
                                           const struct declaration_event *ev, const char *action);

#endif
