/*
 * experts_view.h — how a profile of the experts directory is put into a
 * page's context (the public list and page, the author's own page, the
 * administrators' pages), and the check boxes of its lists. Rendering
 * only: it never decides who may see a profile.
 */
#ifndef MM_PAGES_EXPERTS_VIEW_H
#define MM_PAGES_EXPERTS_VIEW_H

#include "store/experts.h"
#include "view/value.h"
#include "web/req.h"

/* The lists a profile holds as bits. */
enum expert_list { EXPERT_LIST_PREFECTURES, EXPERT_LIST_SKILLS, EXPERT_LIST_LANGUAGES };

/* obj.{id, url, name, kind, qualifications, introduction, prefectures,
 * skills, languages, takes_consultations, contact_url, status, pending,
 * approved, rejected, reject_reason, updated} for e. */
MM_MUST_USE enum mm_err experts_view_set(struct req *r, struct val *obj, const struct expert *e);
/* ctx[name]: a list of {field, value, label, checked} for every item of
 * list, checked where mask has its bit; field is the form field's name
 * ("pref_13", "skill_malware", "lang_ja"). */
MM_MUST_USE enum mm_err experts_view_checkboxes(struct req *r, struct val *ctx, const char *name,
                                                enum expert_list list, int64_t mask);
/* The mask of the boxes checked in the submitted form. */
int64_t experts_view_checked(struct req *r, enum expert_list list);

#endif
