/*
 * consult_access.h — who may see a consultation, and what the pages of
 * the area share: loading one for the viewer (404 for anyone else, so that
 * its existence does not leak), a row of a list, and the notifications.
 *
 * The rule: the members of its firm (or, without a firm, the person who
 * opened it), the supporters the firm added, the assigned responder and
 * desk staff. Nobody else — not a supporter with the firm's consent who
 * was not added, not a responder it was merely offered to, not an
 * administrator who is not desk staff.
 */
#ifndef MM_PAGES_CONSULT_ACCESS_H
#define MM_PAGES_CONSULT_ACCESS_H

#include "store/consult.h"
#include "view/value.h"
#include "web/req.h"

enum consult_viewer {
	CONSULT_VIEWER_NONE,
	CONSULT_VIEWER_FIRM,        /* a member, or the person who opened it */
	CONSULT_VIEWER_PARTICIPANT, /* a supporter the firm added */
	CONSULT_VIEWER_RESPONDER,   /* the assigned responder */
	CONSULT_VIEWER_DESK,        /* desk staff (and none of the above) */
};

struct consult_view {
	struct consultation c;
	enum consult_viewer who;
	bool desk; /* the viewer is desk staff, whatever else */
};

/* The viewer's relation to c. */
MM_MUST_USE enum mm_err consult_viewer_of(struct req *r, const struct consultation *c, bool desk,
                                          enum consult_viewer *out);
/* The consultation {id} of the route for the signed-in viewer; false
 * after answering 404 (none, or not theirs to see: the refusal is in the
 * audit log), or with *e set. */
bool consult_load(struct req *r, struct res *res, struct consult_view *v, enum mm_err *e);
/* "consultation:ID", the audit lines' target. */
struct str consult_target(struct req *r, int64_t id);
/* The firm side may write, close, reopen and rate. */
bool consult_viewer_is_firm(enum consult_viewer w);

/* Sets, in obj, what a list row shows of c. */
MM_MUST_USE enum mm_err consult_set_row(struct req *r, struct val *obj,
                                        const struct consultation *c);
/* Sets ctx[name] to the list of the n rows of c, each as consult_set_row
 * makes it. name must outlive the context (a literal). */
MM_MUST_USE enum mm_err consult_set_rows(struct req *r, struct val *ctx, const char *name,
                                         const struct consultation *c, size_t n);

/* Mail that there is news at /consultations/ID (never what it is) to the
 * firm's side, but not to the user who caused it. */
MM_MUST_USE enum mm_err consult_notify_firm(struct store *s, struct arena *a,
                                            const struct consultation *c, const char *kind,
                                            int64_t except_user, int64_t now);
/* The same to one user (a responder). */
MM_MUST_USE enum mm_err consult_notify_user(struct store *s, struct arena *a, int64_t user_id,
                                            const char *kind, const char *path, int64_t now);
/* Offers a new consultation to every matching responder (but the expert
 * the firm chose, who had it first), each told by mail; *offered: how
 * many. */
MM_MUST_USE enum mm_err consult_offer(struct store *s, struct arena *a,
                                      const struct consultation *c, int64_t now, size_t *offered);
/* Offers it to the expert the firm chose (c->expert_user_id) alone, told
 * by mail. */
MM_MUST_USE enum mm_err consult_offer_expert(struct store *s, struct arena *a,
                                             const struct consultation *c, int64_t now);

#endif
