/*
 * admin_review.h — the review of a record that an administrator approves
 * or rejects with a reason (a provider's application and a listing's
 * version at /admin/services, an expert's profile at /admin/experts),
 * written once: the record's page with its review form, the question
 * asked before a rejection (admin_reject_render), and the decision, made
 * in one page_tx with what the kind of record writes for it (the store's
 * review, its mails, its audit line: admin_review_audit), after which the
 * record's page says what was decided (?notice=approved or rejected).
 *
 * A kind of record describes itself in a struct admin_review; its page
 * file keeps what shows the record and what a decision writes, and routes
 * RECORD, RECORD/approve and RECORD/reject to the calls below. It never
 * decides who may review: the routes' RIGHT_ADMIN does.
 */
#ifndef MM_PAGES_ADMIN_REVIEW_H
#define MM_PAGES_ADMIN_REVIEW_H

#include "pages/admin/admin_page.h"

/* A record as the review needs it: what load reads, and what it says of
 * it. */
struct admin_review_record {
	void *record;    /* the kind's own struct, record_size bytes */
	const char *url; /* its page, BASE/{id} ("/admin/experts/7") */
	struct str name; /* what is rejected, as the question before it says */
	bool rejectable; /* whether a rejection may be asked about; otherwise
	                    RECORD/reject goes to its page */
};

struct admin_review {
	const char *base; /* the records' pages are BASE/{id} */
	size_t record_size;
	/* Reads record id (the route's {id}) into out->record, and its name
	 * and rejectable; NOT_FOUND when there is none. */
	enum mm_err (*load)(struct req *r, int64_t id, struct admin_review_record *out);
	/* The record's page with the review form f. */
	enum mm_err (*render)(struct webform *f, struct res *res,
	                      const struct admin_review_record *rec, int status);
	/* The reason of a rejection taken from f, checked: an error in f when
	 * it is refused. */
	struct str (*take_reason)(struct webform *f);
	/* Inside the decision's transaction: what it writes. */
	enum mm_err (*decide_tx)(struct req *r, struct store *s,
	                         const struct admin_review_record *rec, bool approve,
	                         struct str reason);
	/* A record is decided once: NOT_FOUND from decide_tx says it was
	 * decided already, and the answer is its page without a notice. */
	bool decided_once;
	/* The question before a rejection but for its name and record_url,
	 * which the record's are. */
	struct admin_reject question;
};

/* GET RECORD: the record's page (404 when there is none). */
MM_MUST_USE enum mm_err admin_review_page(struct req *r, struct res *res,
                                          const struct admin_review *k);
/* GET RECORD/reject: the question before a rejection, or the record's
 * page when it is not rejectable. */
MM_MUST_USE enum mm_err admin_review_reject_page(struct req *r, struct res *res,
                                                 const struct admin_review *k);
/* POST RECORD/approve and RECORD/reject (approve false; the question
 * again, 422, when its reason is refused). */
MM_MUST_USE enum mm_err admin_review_decide(struct req *r, struct res *res,
                                            const struct admin_review *k, bool approve);

/* The audit line of a decision on subject ("expert 7"): action, and the
 * detail subject followed, for a rejection, by ": " and its reason. */
MM_MUST_USE enum mm_err admin_review_audit(struct req *r, const char *action,
                                           int64_t organisation_id, struct str name,
                                           const char *subject, bool approve, struct str reason);

#endif
