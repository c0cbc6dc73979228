/*
 * declaration_common.h — what the declaration pages share (declaration.c:
 * the overview, upgrade, details, withdrawal; declaration_new.c: the
 * steps of a new declaration; admin_declarations.c: the review queue):
 * who may act, the facts a declaration copies from its organisation, the
 * review signals, recording a change (event + audit line), labels.
 *
 * Rights: a user without an organisation (a supporter, say) gets 404; a
 * member who is not an owner may look at /declaration but gets 403 for
 * every step that changes something. Declarations are only ever reached
 * through the signed-in user's own organisation, so nobody can name
 * another organisation's declaration here.
 */
#ifndef MM_WEB_DECLARATION_COMMON_H
#define MM_WEB_DECLARATION_COMMON_H

#include "store/declaration.h"
#include "view/value.h"
#include "pages/org/org_common.h"
#include "web/req.h"

#define DECLARATION_DISPOSABLE_LIST "content/declaration/disposable_domains.txt"
#define DECLARATION_NOTE_MAX_CHARS 2000 /* an administrator's note on a revocation */
#define DECLARATION_FLAG_REASONS_MAX 128

/* Problems with the organisation's details that stop a declaration. */
enum declaration_fact_problem {
	FACT_MISSING_NAME = 1u << 0,
	FACT_MISSING_KANA = 1u << 1,
	FACT_MISSING_PREFECTURE = 1u << 2,
	FACT_MISSING_INDUSTRY = 1u << 3,
	FACT_CORPORATE_NUMBER_INVALID = 1u << 4,
	FACT_CORPORATE_NUMBER_MISSING = 1u << 5, /* and not a sole proprietor */
};

/* The organisation for a page that changes a declaration: answers 404 or
 * 403 itself and sets *answered (see org_here_require). */
enum mm_err declaration_owner_require(struct req *r, struct res *res, struct store *s,
                                      struct org_here *h, bool *answered);

/* The facts of the profile a declaration copies (public ones, address,
 * contact e-mail, review keys) into d; problems as a set of enum
 * declaration_fact_problem. */
enum mm_err declaration_copy_facts(struct req *r, const struct org_profile *o,
                                   struct declaration *d, unsigned *problems);
/* ctx.problems: a list of {text} for the set, and has_problems. */
enum mm_err declaration_set_problems(struct req *r, struct val *ctx, unsigned problems);
/* The copied public facts differ from the profile's. */
bool declaration_details_differ(const struct declaration *copy, const struct declaration *now);

/* Review signals for a new declaration d of organisation org_id (a set of
 * enum declaration_signal) from what the store knows. */
enum mm_err declaration_signals(struct req *r, struct store *s, const struct declaration *d,
                                int64_t org_id, unsigned *signals);

/* One change of a declaration: its event and its audit line (action,
 * detail), in the caller's transaction. */
enum mm_err declaration_record(struct req *r, struct store *s, const struct declaration *d,
                               const struct declaration_event *ev, const char *action);

/* ctx.<name>: public facts and status of d for the templates (id, level,
 * stars, status, dates, verify_url …). */
enum mm_err declaration_set_summary(struct req *r, struct val *ctx, const char *name,
                                    const struct declaration *d);
/* ctx.events: the history of a declaration as rows {date, what, reason,
 * from, to, note, actor}; with_private adds note and actor (admins). */
enum mm_err declaration_set_events(struct req *r, struct store *s, struct val *ctx,
                                   int64_t declaration_id, bool with_private);
/* ctx.prereq: {has_assessment, assessment_date, has_policy, policy_url,
 * assessment_url, policy_builder_url, ready}. */
enum mm_err declaration_set_prerequisites(struct req *r, struct val *ctx,
                                          const struct declaration_prerequisites *p,
                                          const struct org_profile *o);

struct str declaration_level_label(struct req *r, int level);
struct str declaration_status_label(struct req *r, enum declaration_status status);
/* Signal codes "a,b" as labels joined by "、" / ", ". */
struct str declaration_signals_label(struct req *r, struct str codes);

/* Renders a declaration page under Home › 自己宣言 (title_key). */
enum mm_err declaration_render(struct req *r, struct res *res, int status,
                               const char *template_name, struct val *ctx, const char *title_key);
/* A short page: why the declaration was not changed, with a way back. */
enum mm_err declaration_refuse(struct req *r, struct res *res, int status, const char *message_key,
                               const char *back_url);

#endif
