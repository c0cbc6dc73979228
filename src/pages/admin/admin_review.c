/*
 * admin_review.c — see admin_review.h.
 */
#include "pages/admin/admin_review.h"

#include "web/audit.h"
#include "web/page.h"

/* What a request asks of a record it found, with the review form f. */
typedef enum mm_err (*review_step)(struct webform *f, struct res *res, const struct admin_review *k,
                                   const struct admin_review_record *rec);

/* Reads the record of the route's {id} (404 when there is none), opens
 * the review form and takes the step. */
static enum mm_err review_serve(struct req *r, struct res *res, const struct admin_review *k,
                                review_step step)
{
	int64_t id = req_param_int(r, "id");
	struct admin_review_record rec = {
	    .record = arena_zalloc(r->arena, k->record_size),
	    .url = arena_printf(r->arena, "%s/%lld", k->base, (long long)id)};
	struct webform f;
	bool found;
	if (!rec.record || !rec.url)
		return MM_ERR_NOMEM;
	enum mm_err e = page_found_or_404(r, res, k->load(r, id, &rec), &found);
	if (e || !found)
		return e;
	return (e = webform_init(&f, r, res, val_obj(r->arena))) ? e : step(&f, res, k, &rec);
}

/* The question before a rejection of rec, with the reason field of f. */
static enum mm_err render_question(struct webform *f, struct res *res, const struct admin_review *k,
                                   const struct admin_review_record *rec, int status)
{
	struct admin_reject question = k->question;
	question.name = rec->name;
	question.record_url = rec->url;
	return admin_reject_render(f, res, status, &question);
}

static enum mm_err show_record(struct webform *f, struct res *res, const struct admin_review *k,
                               const struct admin_review_record *rec)
{
	return k->render(f, res, rec, 200);
}

static enum mm_err ask_reason(struct webform *f, struct res *res, const struct admin_review *k,
                              const struct admin_review_record *rec)
{
	enum mm_err e;
	if (!rec->rejectable)
		return page_redirect(f->r, res, rec->url);
	return (e = webform_blank(f, "reason", NULL)) ? e : render_question(f, res, k, rec, 200);
}

struct decision {
	const struct admin_review *k;
	const struct admin_review_record *rec;
	bool approve;
	struct str reason;
};

static enum mm_err decision_tx(struct req *r, struct store *s, void *arg)
{
	const struct decision *d = arg;
	return d->k->decide_tx(r, s, d->rec, d->approve, d->reason);
}

/* The decision, then the record's page saying what was decided. */
static enum mm_err decide(struct webform *f, struct res *res, const struct admin_review *k,
                          const struct admin_review_record *rec, bool approve)
{
	struct req *r = f->r;
	struct decision d = {.k = k, .rec = rec, .approve = approve, .reason = STR("")};
	if (!approve) {
		d.reason = k->take_reason(f);
		if (!webform_ok(f))
			return render_question(f, res, k, rec, 422);
	}
	enum mm_err e = page_tx(r, decision_tx, &d);
	if (e == MM_ERR_NOT_FOUND && k->decided_once)
		return page_redirect(r, res, rec->url);
	if (e)
		return e;
	return page_redirectf(r, res, "%s?notice=%s", rec->url, approve ? "approved" : "rejected");
}

static enum mm_err decide_approve(struct webform *f, struct res *res, const struct admin_review *k,
                                  const struct admin_review_record *rec)
{
	return decide(f, res, k, rec, true);
}

static enum mm_err decide_reject(struct webform *f, struct res *res, const struct admin_review *k,
                                 const struct admin_review_record *rec)
{
	return decide(f, res, k, rec, false);
}

enum mm_err admin_review_page(struct req *r, struct res *res, const struct admin_review *k)
{
	return review_serve(r, res, k, show_record);
}

enum mm_err admin_review_reject_page(struct req *r, struct res *res, const struct admin_review *k)
{
	return review_serve(r, res, k, ask_reason);
}

enum mm_err admin_review_decide(struct req *r, struct res *res, const struct admin_review *k,
                                bool approve)
{
	return review_serve(r, res, k, approve ? decide_approve : decide_reject);
}

enum mm_err admin_review_audit(struct req *r, const char *action, int64_t organisation_id,
                               struct str name, const char *subject, bool approve,
                               struct str reason)
{
	const char *detail =
	    approve ? subject
	            : arena_printf(r->arena, "%s: %.*s", subject, (int)reason.n, reason.p);
	if (!subject || !detail)
		return MM_ERR_NOMEM;
	return audit_log(r, action, 0, organisation_id, name, AUDIT_OK, detail);
}
