/*
 * check_flow.h — the flow every questionnaire check takes (the 25-item
 * self-assessment, pages/assessment/; the management self-check,
 * pages/management/), written once: who is taking it, their draft, saving
 * a part page, attaching answers given before logging in, and the
 * idempotent submit. A check describes itself in a struct check (its
 * paths, cookie, store tables, catalogue and audit names, and the few
 * calls into its own content); its pages keep only what shows that
 * content (the start, part and check-your-answers pages) and its result.
 *
 * Who takes a check on a request (the pages are public, so dispatch sets
 * no r->org for them; this is where they learn whose answers they read and
 * write):
 *
 *   a signed-in member       answers for their organisation
 *   a signed-in user without one keeps a draft of their own (and cannot
 *                            submit until they have an organisation)
 *   anyone else              an anonymous visitor known by a random cookie
 *                            (check->cookie, HttpOnly, SameSite=Lax) whose
 *                            hash — never the token — is stored, for
 *                            CHECK_ANONYMOUS_TTL
 *
 * Loading a taker never writes; the cookie is set only when a visitor's
 * first draft is created (on its first save). Finding a draft never creates
 * one, so a page that is only looked at stores nothing. Never trust the
 * "org" field of a form over check_taker_org_field(): it is checked
 * against it.
 *
 * Every part page saves what it carries before moving on, so closing the
 * browser loses nothing; the last part can also submit at once. A part
 * page may post only its own questions, once each, with one of the check's
 * answers, together with the version and organisation the page was made
 * for: anything else is a 400 and nothing is stored. Submitting is
 * idempotent: the form repeats the draft's submit token, a result is
 * unique per token, and a second press finds the first result; the
 * result, its benchmarks, the draft's removal and the audit line are one
 * page_tx. A result is never edited afterwards.
 *
 * This file and check_flow.c hold the taker, the draft, claiming and the
 * start and part pages; what the taker sends (a part page's answers, the
 * check-your-answers page and the submit) is check_answers.h.
 *
 * A third check: its tables (store/check_sql.h), its content, a struct
 * check naming them and showing it, its routes' handlers calling
 * check_page_start, check_page_part (here), check_part_post,
 * check_page_check and check_submit_post (check_answers.h), and its result
 * and history pages (pages/check/check_result.h).
 */
#ifndef MM_PAGES_CHECK_FLOW_H
#define MM_PAGES_CHECK_FLOW_H

#include "core/benchmark.h"
#include "store/check.h"
#include "store/org.h"
#include "web/req.h"
#include "web/session.h"

#define CHECK_ANONYMOUS_TTL (7 * 24 * 60 * 60) /* seconds an anonymous draft is kept */

struct check_taker {
	struct check_owner owner;
	bool has_token; /* anonymous: the cookie holds a well-formed token */
	bool signed_in;
	bool has_org;
	struct org_profile org; /* when has_org: the member's organisation */
};

struct check {
	const char *name;   /* catalogue keys NAME.title, NAME.notice.*; audit NAME.attach */
	const char *base;   /* its pages' path: BASE, BASE/part/N, BASE/check, BASE/results/ID */
	const char *cookie; /* the anonymous visitor's cookie */
	const char *audit_submit; /* audit action of a submit */
	const char *audit_target; /* its target: "TARGET ID" */
	const struct check_tables *tables;
	enum benchmark_kind benchmark;
	int parts;                /* part pages 1–parts; the last one may submit */
	const char *field_prefix; /* a question's form field: PREFIX + its number */
	/* The version a new draft is made for; NULL when there is none. */
	const char *(*latest_version)(void);
	/* The questions on part page `part` of a version; -1 for an unknown
	 * version. */
	int (*part_size)(struct str version, int part);
	/* The part page question n (1–tables->answers) of a version is on. */
	int (*part_of)(struct str version, int n);
	/* The answer a form value stands for, as its stored name; NULL for none. */
	const char *(*answer_name)(struct str value);
	/* Whether the check can score drafts of this version. */
	bool (*scorable)(struct str version);
	/* Inside the submit's transaction: scores draft d and stores its
	 * result for o (*id), or says *incomplete. */
	enum mm_err (*result_insert)(struct req *r, struct store *s, const struct check_owner *o,
	                             const struct check_draft *d, bool *incomplete, int64_t *id);
	/* How far draft d is: *answered of *total questions, *open the first
	 * part with a question not answered (0 when none). NOT_FOUND for a
	 * version it cannot show. */
	enum mm_err (*progress)(const struct check_draft *d, size_t *answered, long *total,
	                        int *open);
	/* Where the taker is, on part page `part` of version, as the pages
	 * say it ("part 2 of 3, 12 of 25 answered"). */
	struct str (*progress_text)(struct req *r, struct str version, int part, size_t answered);
	/* A part page's values of the check's own into ctx: the questions on
	 * part `part` of draft d's version with the answers given, each through
	 * check_part_question_add, and whatever else the page shows of the
	 * part; *heading, the page's heading. NOT_FOUND for a part the version
	 * does not have. */
	enum mm_err (*part_ctx)(struct req *r, struct val *ctx, const struct check_draft *d,
	                        int part, struct str *heading);
	/* The start page's values of the check's own (NULL: none). */
	enum mm_err (*start_ctx)(struct req *r, struct val *ctx, struct str version);
	/* The check-your-answers page's questions of draft d, by part, into
	 * ctx (a webform's), each through check_question_add. NOT_FOUND for a
	 * version it cannot show. */
	enum mm_err (*check_items)(struct req *r, struct val *ctx, const struct check_draft *d,
	                           bool with_errors);
};

/* The head of a new result of draft d, taken now by this request's user
 * (an anonymous one's kept for CHECK_ANONYMOUS_TTL): what a check's
 * result_insert stores besides its scores and answers. */
struct check_result_head check_result_head_new(const struct req *r, const struct check_draft *d);

/* Who answers on this request (no writes). */
MM_MUST_USE enum mm_err check_taker_load(struct req *r, const struct check *c,
                                         struct check_taker *out);
/* The public id of the organisation answered for ("" when none): the
 * "org" field every form carries, so that a page rendered for one
 * organisation cannot save into another. */
struct str check_taker_org_field(const struct check_taker *t);
/* Sets (max_age > 0) or clears (0) the anonymous cookie. */
MM_MUST_USE enum mm_err check_cookie_set(struct req *r, struct res *res, const struct check *c,
                                         const char *token, long max_age);
/* True when the request's cookie holds the token whose hash is hash. */
bool check_cookie_matches(struct req *r, const struct check *c,
                          const unsigned char hash[TOKEN_HASH_BYTES]);

/* The taker's draft; *found false (and out zeroed, version the latest)
 * when there is none. */
MM_MUST_USE enum mm_err check_draft_find(struct req *r, struct store *s, const struct check *c,
                                         const struct check_taker *t, struct check_draft *out,
                                         bool *found);

/* The taker's draft, created (with a new anonymous cookie when needed)
 * when there is none: a part page's first save. */
MM_MUST_USE enum mm_err check_draft_open(struct req *r, struct res *res, struct store *s,
                                         const struct check *c, struct check_taker *t,
                                         struct check_draft *out);

/* A page of the check as the taker sees it: who, their draft, and the
 * page's values. */
struct check_page {
	struct check_taker h;
	struct check_draft d;
	bool found;
	struct val *ctx;
};
/* A part or check page's taker (h, or loaded when NULL) and draft. */
MM_MUST_USE enum mm_err check_page_open(struct req *r, const struct check *c,
                                        const struct check_taker *h, struct check_page *p);

/* Answers given before logging in, joined to the taker's on the start
 * page: the visitor's draft and the user's own move to the organisation
 * (or are dropped when it has one), the visitor's results are attached. */
struct check_claim {
	bool moved, discarded;
	int64_t results;
};
MM_MUST_USE enum mm_err check_claim_answers(struct req *r, struct res *res, const struct check *c,
                                            const struct check_taker *h, struct check_claim *out);
/* The start page's "notices" list: what the claim did, and "saved". */
MM_MUST_USE enum mm_err check_start_notices(struct req *r, const struct check *c, struct val *ctx,
                                            const struct check_claim *claim);

/* GET BASE, the start page (template NAME_start): the taker, the answers
 * they gave before logging in claimed, their draft's notices and
 * progress, the next step, and the check's own start_ctx. */
MM_MUST_USE enum mm_err check_page_start(struct req *r, struct res *res, const struct check *c);
/* GET BASE/part/{n}, a part page (template NAME_part): the check's
 * part_ctx (its heading, as "heading" and the title), the fields every
 * part page's form carries besides its questions, its progress among
 * them; 404 for a part the draft's version does not have. */
MM_MUST_USE enum mm_err check_page_part(struct req *r, struct res *res, const struct check *c);

/* Adds question n to a part page's list: its number, form field
 * (c->field_prefix and n, which check_part_post reads), wording, and the
 * list *options of its answers' radio buttons (check_option_add). NULL
 * when out of memory. */
struct val *check_part_question_add(struct req *r, const struct check *c, struct val *list, int n,
                                    struct str question, struct val **options);
/* Adds to options the radio button of question n's answer `name`: its
 * value, id (the field, "-" and name), label and whether it is checked.
 * NULL when out of memory. */
struct val *check_option_add(struct req *r, const struct check *c, struct val *options, int n,
                             const char *name, struct str label, bool checked);

/* Renders a page of the check under its breadcrumbs (under the start page
 * when under_start). */
MM_MUST_USE enum mm_err check_render(struct req *r, struct res *res, const struct check *c,
                                     int status, const char *name, struct val *ctx,
                                     struct str title, bool under_start);

/* A question on the check-your-answers page, as a check's check_items
 * gives it to check_question_add. */
struct check_question {
	int part;            /* the part page it is on */
	int number;          /* its number, 1–tables->answers */
	struct str question; /* its wording */
	struct str answer;   /* its answer's label */
	bool answered;
};
/* Adds question q to items, a part's list on the check-your-answers page
 * (number, question, answered, answer, the url of its place on its part
 * page, and "change", NAME.check.change_question), and one not answered to
 * the page's "unanswered" list and, when with_errors, to the form's errors
 * (field q-N, NAME.check.missing_question). *row (unless NULL): its entry
 * in items, for the check's own values. */
MM_MUST_USE enum mm_err check_question_add(struct req *r, const struct check *c, struct val *ctx,
                                           struct val *items, const struct check_question *q,
                                           bool with_errors, struct val **row);

#endif
