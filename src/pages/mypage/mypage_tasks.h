/*
 * mypage_tasks.h — the task list of マイページ: what the scheme asks of an
 * organisation, in its order (organisation registered, self-assessment
 * taken, basic policy published, ★ declared, ★★ declared), each with its
 * state as the store knows it and what the viewer can do about it.
 *
 * Reads the store; never writes and never renders (mypage.c does).
 */
#ifndef MM_MYPAGE_TASKS_H
#define MM_MYPAGE_TASKS_H

#include "store/assessment.h"
#include "store/declaration.h"
#include "store/policy.h"
#include "view/value.h"
#include "web/req.h"

enum mypage_task_state { TASK_DONE, TASK_IN_PROGRESS, TASK_NOT_STARTED, TASK_BLOCKED };

/* What the store says about one organisation (or about none: org NULL). */
struct mypage_facts {
	const struct org_profile *org; /* NULL: the user has no organisation */
	enum scope_role role;          /* the viewer's, when org is set */
	bool has_result, assessment_draft, published, policy_draft, declared;
	struct assessment_summary latest; /* when has_result */
	struct policy_publication pub;    /* when published */
	struct declaration declaration;   /* the active one, when declared */
};

/* Reads the facts of org (NULL: none) for a viewer with role. */
MM_MUST_USE enum mm_err mypage_facts_load(struct req *r, const struct org_profile *org,
                                          enum scope_role role, struct mypage_facts *f);

/* ctx.tasks: the five tasks, the first one the viewer can move forward
 * marked is_next (its action is the page's one button); ctx.has_next. */
MM_MUST_USE enum mm_err mypage_tasks_set(struct req *r, struct val *ctx,
                                         const struct mypage_facts *f);

#endif
