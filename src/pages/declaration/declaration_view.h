/*
 * declaration_view.h — a declaration as the pages show it: labels for
 * levels, statuses and review signals, the summary and history of a
 * declaration, the prerequisites of ★★, the problems in the organisation's
 * details, and the page frame (Home › 自己宣言 › …) with its refusal page
 * and the way to a page about the active declaration.
 * Shared by the owner's pages (declaration.c, declaration_new.c) and the
 * administrator's review (admin_declarations.c).
 *
 * It reads (the history, the active declaration) and fills template
 * values; it never writes to the database and never decides who may see
 * what: callers pass with_private only on the administrator's pages.
 */
#ifndef MM_DECLARATION_VIEW_H
#define MM_DECLARATION_VIEW_H

#include "store/declaration.h"
#include "view/value.h"
#include "web/req.h"

/* ctx.<name>: public facts and status of d for the templates (id, level,
 * stars, status, dates, verify_url …). */
MM_MUST_USE enum mm_err declaration_set_summary(struct req *r, struct val *ctx, const char *name,
                                                const struct declaration *d);
/* ctx.events: the history of a declaration as rows {date, what, reason,
 * from, to, note, actor}; with_private adds note and actor (admins). */
MM_MUST_USE enum mm_err declaration_set_events(struct req *r, struct store *s, struct val *ctx,
                                               int64_t declaration_id, bool with_private);
/* ctx.prereq: {has_assessment, assessment_date, has_policy, policy_url,
 * assessment_url, policy_builder_url, ready}. */
MM_MUST_USE enum mm_err declaration_set_prerequisites(struct req *r, struct val *ctx,
                                                      const struct declaration_prerequisites *p,
                                                      const struct org_profile *o);
/* ctx.problems: a list of {text} for a set of enum declaration_fact_problem
 * (declaration_facts.h), and has_problems. */
MM_MUST_USE enum mm_err declaration_set_problems(struct req *r, struct val *ctx, unsigned problems);

struct str declaration_level_label(struct req *r, int level);
struct str declaration_status_label(struct req *r, enum declaration_status status);
/* Signal codes "a,b" as labels joined by "、" / ", ". */
struct str declaration_signals_label(struct req *r, struct str codes);

/* Renders a declaration page under Home › 自己宣言 (title_key). */
MM_MUST_USE enum mm_err declaration_render(struct req *r, struct res *res, int status,
                                           const char *template_name, struct val *ctx,
                                           const char *title_key);
/* A page about the organisation's active declaration d. */
typedef enum mm_err (*declaration_active_page)(struct req *r, struct res *res,
                                               const struct declaration *d);
/* Runs page with the organisation's active declaration; without one
 * there is nothing to show or change, and the visitor is sent to the
 * overview (/declaration). */
MM_MUST_USE enum mm_err declaration_with_active(struct req *r, struct res *res,
                                                declaration_active_page page);
/* A short page: why the declaration was not changed, with a way back. */
MM_MUST_USE enum mm_err declaration_refuse(struct req *r, struct res *res, int status,
                                           const char *message_key, const char *back_url);

#endif
