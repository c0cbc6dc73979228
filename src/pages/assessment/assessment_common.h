/*
 * assessment_common.h — what the self-assessment pages share
 * (assessment.c: taking it; assessment_result.c: a result and its
 * downloads; assessment_history.c: an organisation's history): whose
 * answers these are, the anonymous visitor's cookie, loading a draft,
 * reading answers, who may see a result, labels and CSV cells.
 *
 * Whose answers: a signed-in member answers for their organisation; a
 * signed-in user without one keeps a draft of their own (and cannot
 * submit until they have one); anyone else is an anonymous visitor known
 * by a random cookie (ASSESSMENT_COOKIE, HttpOnly, SameSite=Lax) whose
 * hash — never the token — is stored, for ASSESSMENT_ANONYMOUS_TTL.
 */
#ifndef MM_WEB_ASSESSMENT_COMMON_H
#define MM_WEB_ASSESSMENT_COMMON_H

#include "core/assessment.h"
#include "store/assessment.h"
#include "view/questionnaire.h"
#include "pages/org/org_common.h"

#define ASSESSMENT_COOKIE "mamori_assessment"
#define ASSESSMENT_ANONYMOUS_TTL (7 * 24 * 60 * 60) /* seconds an anonymous draft is kept */
/* Fields a part page may post besides its items: csrf, version, org, action. */
#define ASSESSMENT_FORM_CONTROLS 4
#define ASSESSMENT_FIELD_PREFIX "item-"

struct assessment_here {
	struct assessment_owner owner;
	bool has_token; /* anonymous: the cookie holds a well-formed token */
	bool signed_in;
	bool has_org;
	struct org_here org; /* when has_org */
};

/* Who answers on this request (no writes). */
enum mm_err assessment_here_load(struct req *r, struct store *s, struct assessment_here *out);
/* The public id of the organisation answered for ("" when none): the
 * "org" field every form carries, so that a page rendered for one
 * organisation cannot save into another. */
struct str assessment_here_org_field(const struct assessment_here *h);

/* The owner's draft; *found false (and out zeroed, version the latest) when
 * there is none. */
enum mm_err assessment_draft_find(struct req *r, struct store *s, const struct assessment_here *h,
                                  struct assessment_draft *out, bool *found);
/* The owner's draft, created (with a new anonymous cookie when needed)
 * when there is none. */
enum mm_err assessment_draft_open(struct req *r, struct res *res, struct store *s,
                                  struct assessment_here *h, struct assessment_draft *out);
/* Sets (max_age > 0) or clears (0) the anonymous cookie. */
enum mm_err assessment_cookie_set(struct req *r, struct res *res, const char *token, long max_age);

/* Stored answer names → answers; an unknown name reads as not answered. */
void assessment_answers_from_names(const struct str names[ASSESSMENT_ITEM_COUNT],
                                   enum assessment_answer out[ASSESSMENT_ITEM_COUNT]);

/* Whether the request may see result res (member of its organisation,
 * supporter with a grant, or the anonymous visitor whose token took it);
 * *as_supporter says it is a supporter's read-only view. */
enum mm_err assessment_may_see_result(struct req *r, struct store *s,
                                      const struct assessment_result *res, bool *allowed,
                                      bool *as_supporter);
/* Whether the signed-in user may see organisation org_id's history:
 * member, or supporter with a grant. */
enum mm_err assessment_may_see_org(struct req *r, struct store *s, int64_t org_id, bool *allowed,
                                   bool *as_supporter);

/* Labels from the catalogue. */
struct str assessment_answer_label(struct req *r, enum assessment_answer a);
struct str assessment_band_text(struct req *r, enum assessment_band band, const char *what);
/* Catalogue text with each {name} replaced by its value. */
struct str assessment_fill(struct req *r, const char *key, const char *const names[],
                           const struct str values[], size_t n);
/* "12" in the request arena. */
struct str assessment_int(struct req *r, long v);
/* "+5", "−3" (U+2212), "±0". */
struct str assessment_signed(struct req *r, long v);

/* One CSV cell: a number as it is; text quoted with quotes doubled, and a
 * leading = + - @ tab or CR (a formula to a spreadsheet) made text by a
 * leading '. Ends the cell with "," or, for the last, CRLF. */
enum mm_err assessment_csv_cell(struct buf *b, struct str v, bool number, bool last);

#endif
