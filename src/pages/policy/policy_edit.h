/*
 * policy_edit.h — what every page under /policy/edit/{org} shares: its
 * addresses, the draft as the builder starts it, the task list, the
 * breadcrumbs and the audit line of a change.
 *
 * Rights are the route table's (policy_routes.c), decided by dispatch
 * before any of these pages runs, which then reads r->org:
 *   owner of the organisation         view, edit, publish   RIGHT_ORG_OWNER
 *   member                            view, edit            RIGHT_ORG_EDIT
 *   supporter with an 'edit' grant    view, edit
 *   supporter with a 'read' grant     view (403 on editing) RIGHT_ORG_READ
 *   anyone else signed in             404 (the organisation's existence
 *                                     does not leak through the builder)
 * Nothing here checks a right again; policy_may_edit() only decides what a
 * page offers (links and buttons), never what it accepts.
 */
#ifndef MM_PAGES_POLICY_EDIT_H
#define MM_PAGES_POLICY_EDIT_H

#include "core/policy.h"
#include "store/policy.h"
#include "view/value.h"
#include "web/req.h"
#include "web/webform.h"

/* "/policy/edit/{public id}" of r->org; NULL when the arena is full. */
char *policy_edit_url(struct req *r);
/* "/policy/edit/{public id}/step/{name}" of step 0…POLICY_STEP_COUNT-1. */
char *policy_step_url(struct req *r, size_t step);
/* The catalogue key naming step ("policy.step.preamble"…). */
const char *policy_step_label_key(size_t step);
/* Whether r->org's user may change the draft (all but read-only supporters). */
bool policy_may_edit(const struct req *r);

/* Most bytes of a section read from a form before its length is checked. */
#define POLICY_TEXT_MAX_BYTES (POLICY_PREAMBLE_MAX_CHARS * 8)

/* Text as typed, with CR LF and lone CR read as LF ("" when the arena is full). */
struct str policy_normalise_newlines(struct req *r, struct str s);
/* Reads the footer fields (established_on, organisation_name,
 * representative_title, representative_name, lang) into d, with an error
 * on each field that is wrong; d is changed only when all are right. */
MM_MUST_USE enum mm_err policy_take_footer(struct webform *f, struct policy_draft *d);

/* r->org's draft, or a new one with the footer filled from the
 * organisation and today's date in Japan (nothing is stored). */
MM_MUST_USE enum mm_err policy_draft_load(struct req *r, struct store *s, struct policy_draft *out);

/* What every builder page shows of r->org: ctx.base_url, public_url,
 * org_name, may_edit, is_owner. */
MM_MUST_USE enum mm_err policy_set_builder_context(struct req *r, struct val *ctx);
/* ctx.tasks: the task list, with step current marked (POLICY_STEP_COUNT: none). */
MM_MUST_USE enum mm_err policy_set_tasks(struct req *r, struct val *ctx,
                                         const struct policy_draft *d, size_t current);

/* Renders a builder page under Home › Organisation (or Supporter) › Policy. */
MM_MUST_USE enum mm_err policy_edit_render(struct req *r, struct res *res, int status,
                                           const char *template_name, struct val *ctx,
                                           const char *title_key);

/* One audit line about a change to r->org's policy. */
MM_MUST_USE enum mm_err policy_audit(struct req *r, const char *action, const char *detail);

#endif
