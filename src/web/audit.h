/*
 * audit.h — one line in the audit log for every sign-in, failed sign-in,
 * password or e-mail change, role change, supporter grant and use, admin
 * action, export and deletion: who, when, from where, on what, outcome.
 */
#ifndef MM_AUDIT_H
#define MM_AUDIT_H

#include "web/req.h"

/* actor: the signed-in user unless actor_id says otherwise (0: none).
 * Inside the transaction of the change it records: a failure here undoes
 * the change. */
MM_MUST_USE enum mm_err audit_log(struct req *r, const char *action, int64_t actor_id,
                                  int64_t organisation_id, struct str target,
                                  enum audit_outcome outcome, const char *detail);

/* The same line for an event that happened whether or not it is recorded
 * (a refused sign-in, a download): written on its own, and a failure to
 * write it is logged rather than turned into an error page. */
void audit_note(struct req *r, const char *action, int64_t actor_id, int64_t organisation_id,
                struct str target, enum audit_outcome outcome, const char *detail);

#endif
