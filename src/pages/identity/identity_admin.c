/*
 * identity_admin.c — "/admin/identity": the administrators' side of the
 * proof by letter and of the claims (store/identity.h).
 *
 * Letters waiting to be printed are listed oldest first; "make a batch"
 * takes the oldest IDENTITY_BATCH_MAX of them into a batch, marked printed
 * at once, whose letters are one PDF (a page each, cairo and pango through
 * view/pdf.h), ready to print. Once posted, the administrator says so:
 * the codes are then emptied, and the PDF can no longer be made. Claims
 * (a number moved from an unverified organisation to a firm that verified
 * it) are cases for review: each shows both sides, the number's whole
 * identity history and its audit lines, and is closed with a note.
 * Every action is in the audit log.
 */
#include "core/identity_code.h"
#include "lib/civil.h"
#include "pages/admin/admin_page.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "store/identity.h"
#include "view/i18n.h"
#include "view/labels.h"
#include "view/pdf.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define IDENTITY_ADMIN_PAGE_SIZE 20
#define IDENTITY_BATCHES_SHOWN 20
#define IDENTITY_NOTE_MAX_CHARS 1000
#define LETTER_BLOCKS 8 /* pdf blocks per letter, its page break included */

static const char *const notices[] = {"batch", "posted", "reviewed", "none_waiting"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

/* ---- the overview --------------------------------------------------------- */

static enum mm_err set_letters(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct identity_letter *list;
	size_t n;
	int64_t total;
	enum mm_err e = store_identity_letters_to_print(r->store, a, r->now, 0, IDENTITY_BATCH_MAX,
	                                                &list, &n, &total);
	struct val *items = val_set_list(a, ctx, "letters");
	if (e || !items)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || !val_set_str(a, v, "organisation", list[i].organisation_name) ||
		    !val_set_str(a, v, "number", list[i].corporate_number) ||
		    !val_set_str(a, v, "recipient", list[i].recipient) ||
		    !val_set_str(a, v, "postal_code", list[i].postal_code) ||
		    !val_set_str(a, v, "address", list[i].address) ||
		    !val_set_bool(a, v, "claim", list[i].claim) ||
		    !val_set_cstr(a, v, "requested", page_format_date(r, list[i].created_at)))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_letters", n > 0) ||
	    !val_set_cstr(a, ctx, "letters_total", labels_format_count(a, total)) ||
	    !val_set_long(a, ctx, "batch_max", IDENTITY_BATCH_MAX))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_batches(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct identity_batch *list;
	size_t n;
	enum mm_err e = store_identity_batches(r->store, a, IDENTITY_BATCHES_SHOWN, &list, &n);
	struct val *items = val_set_list(a, ctx, "batches");
	if (e || !items)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || !val_set_long(a, v, "id", (long)list[i].id) ||
		    !val_set_long(a, v, "letters", list[i].letters) ||
		    !val_set_cstr(a, v, "created", page_format_time(r, list[i].created_at)) ||
		    !val_set_str(a, v, "by", list[i].created_by_email) ||
		    !val_set_bool(a, v, "posted", list[i].posted_at != 0) ||
		    !val_set_cstr(a, v, "posted_on",
		                  list[i].posted_at ? page_format_date(r, list[i].posted_at) : ""))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_batches", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err set_claims(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct paging p = paging_requested(r, IDENTITY_ADMIN_PAGE_SIZE);
	struct identity_claim *list;
	size_t n;
	int64_t open;
	enum mm_err e = store_identity_claims(r->store, a, paging_window(&p).offset, p.size, &list,
	                                      &n, &p.total, &open);
	if (!e && paging_clamp(&p))
		e = store_identity_claims(r->store, a, paging_window(&p).offset, p.size, &list, &n,
		                          &p.total, &open);
	struct val *items = val_set_list(a, ctx, "claims");
	if (e || !items || (e = paging_set(r, ctx, &p, "/admin/identity?")))
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v ||
		    !val_set_cstr(
		        a, v, "url",
		        arena_printf(a, "/admin/identity/claims/%lld", (long long)list[i].id)) ||
		    !val_set_str(a, v, "number", list[i].corporate_number) ||
		    !val_set_str(a, v, "claimant", list[i].claimant_name) ||
		    !val_set_str(a, v, "holder", list[i].holder_name) ||
		    !val_set_cstr(a, v, "on", page_format_date(r, list[i].created_at)) ||
		    !val_set_bool(a, v, "open", list[i].reviewed_at == 0))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_claims", n > 0) ||
	    !val_set_cstr(a, ctx, "claims_open", labels_format_count(a, open)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_admin_identity(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e || (e = set_letters(r, f.ctx)) || (e = set_batches(r, f.ctx)) ||
	    (e = set_claims(r, f.ctx)) ||
	    (e = notice_set(r, f.ctx, "identity.admin.notice", notices, NOTICE_COUNT)))
		return e;
	return admin_render(r, res, 200, "identity_admin", f.ctx, page_t(r, "identity.admin.title"),
	                    NULL, NULL);
}

/* ---- batches ------------------------------------------------------------------ */

struct batch_make {
	int64_t id;
};

static enum mm_err batch_tx(struct req *r, struct store *s, void *arg)
{
	struct batch_make *b = arg;
	enum mm_err e = store_identity_batch_create(s, r->user->id, r->now, &b->id);
	if (e)
		return e;
	return audit_log(r, "identity.batch", 0, 0, STR(""), AUDIT_OK,
	                 arena_printf(r->arena, "batch %lld", (long long)b->id));
}

static enum mm_err page_admin_identity_batch_post(struct req *r, struct res *res)
{
	struct batch_make b = {0};
	enum mm_err e = page_tx(r, batch_tx, &b);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, "/admin/identity?notice=none_waiting");
	if (e)
		return e;
	return page_redirect(r, res, "/admin/identity?notice=batch");
}

/* The blocks of one letter (Japanese: it goes to a head office in Japan). */
static enum mm_err letter_blocks(struct req *r, const struct identity_letter *l,
                                 struct pdf_block *b)
{
	struct arena *a = r->arena;
	char grouped[16];
	identity_code_grouped(l->code.p, grouped);
	struct civil until = civil_utc(l->expires_at + CIVIL_JAPAN_OFFSET_S);
	struct civil made = civil_utc(l->printed_at + CIVIL_JAPAN_OFFSET_S);
	const char *const names[] = {"postal_code",  "address", "recipient", "number",
	                             "organisation", "code",    "link",      "expires",
	                             "days",         "date"};
	const struct str values[] = {
	    l->postal_code,
	    l->address,
	    l->recipient,
	    l->corporate_number,
	    l->organisation_name,
	    str_from(grouped),
	    str_from(mail_link(a, "/org/identity")),
	    str_from(i18n_format_date(a, LANG_JA, until.year, until.month, until.day)),
	    str_from(arena_printf(a, "%d", IDENTITY_LETTER_DAYS)),
	    str_from(i18n_format_date(a, LANG_JA, made.year, made.month, made.day)),
	};
	static const struct {
		enum pdf_block_kind kind;
		const char *key;
	} parts[LETTER_BLOCKS - 1] = {
	    {PDF_PARAGRAPH, "identity.letter.to"},   {PDF_RIGHT, "identity.letter.date"},
	    {PDF_TITLE, "identity.letter.title"},    {PDF_PARAGRAPH, "identity.letter.body"},
	    {PDF_HEADING, "identity.letter.code"},   {PDF_PARAGRAPH, "identity.letter.how"},
	    {PDF_NOTE, "identity.letter.not_yours"},
	};
	for (size_t i = 0; i < LETTER_BLOCKS - 1; i++) {
		const char *text = i18n_fill(a, LANG_JA, parts[i].key, names, values, 10);
		if (!text)
			return MM_ERR_NOMEM;
		b[i] = (struct pdf_block){parts[i].kind, str_from(text)};
	}
	b[LETTER_BLOCKS - 1] = (struct pdf_block){PDF_PAGE_BREAK, STR("")};
	return MM_OK;
}

/* The batch of {id}; false (404 sent) when there is none. */
static enum mm_err load_batch(struct req *r, struct res *res, struct identity_batch *b, bool *found)
{
	return page_found_or_404(
	    r, res, store_identity_batch_get(r->store, r->arena, req_param_int(r, "id"), b), found);
}

static enum mm_err page_admin_identity_batch_pdf(struct req *r, struct res *res)
{
	struct identity_batch b;
	struct identity_letter *list;
	size_t n;
	bool found;
	enum mm_err e = load_batch(r, res, &b, &found);
	if (e || !found)
		return e;
	if (b.posted_at) { /* the codes are gone */
		page_error(r, res, 404);
		return MM_OK;
	}
	if ((e = store_identity_batch_letters(r->store, r->arena, b.id, &list, &n)))
		return e;
	struct pdf_block *blocks =
	    arena_alloc(r->arena, sizeof *blocks * LETTER_BLOCKS * (n ? n : 1));
	if (!blocks)
		return MM_ERR_NOMEM;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (list[i].code.n != IDENTITY_CODE_DIGITS)
			continue; /* cancelled before printing */
		if ((e = letter_blocks(r, &list[i], blocks + count)))
			return e;
		count += LETTER_BLOCKS;
	}
	if (count)
		count--; /* no page break after the last letter */
	struct pdf_document doc = {.title = page_t(r, "identity.letter.title"),
	                           .lang = STR("ja"),
	                           .footer = STR("mamori"),
	                           .blocks = blocks,
	                           .block_count = count};
	struct str pdf;
	if ((e = pdf_render(r->arena, &doc, &pdf)))
		return e;
	audit_note(r, "identity.batch_pdf", 0, 0, STR(""), AUDIT_OK,
	           arena_printf(r->arena, "batch %lld", (long long)b.id));
	return page_download(r, res, "application/pdf",
	                     arena_printf(r->arena, "mamori-letters-%lld.pdf", (long long)b.id),
	                     pdf);
}

struct batch_posted {
	int64_t id;
};

static enum mm_err posted_tx(struct req *r, struct store *s, void *arg)
{
	struct batch_posted *p = arg;
	enum mm_err e = store_identity_batch_posted(s, p->id, r->now);
	if (e)
		return e;
	return audit_log(r, "identity.batch_posted", 0, 0, STR(""), AUDIT_OK,
	                 arena_printf(r->arena, "batch %lld", (long long)p->id));
}

/* The confirmation first: the codes cannot be printed again afterwards. */
static enum mm_err page_admin_identity_posted(struct req *r, struct res *res)
{
	struct identity_batch b;
	struct webform f;
	bool found;
	enum mm_err e = load_batch(r, res, &b, &found);
	if (e || !found)
		return e;
	if (b.posted_at) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	if (!val_set_long(r->arena, f.ctx, "id", (long)b.id) ||
	    !val_set_long(r->arena, f.ctx, "letters", b.letters))
		return MM_ERR_NOMEM;
	return admin_render(r, res, 200, "identity_posted", f.ctx,
	                    page_t(r, "identity.posted.title"), "identity.admin.title",
	                    "/admin/identity");
}

static enum mm_err page_admin_identity_posted_post(struct req *r, struct res *res)
{
	struct batch_posted p = {.id = req_param_int(r, "id")};
	enum mm_err e = page_tx(r, posted_tx, &p);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	return page_redirect(r, res, "/admin/identity?notice=posted");
}

/* ---- claims ------------------------------------------------------------------ */

static enum mm_err set_history(struct req *r, struct val *ctx, struct str number)
{
	struct arena *a = r->arena;
	struct identity_event *events;
	struct identity_audit_line *lines;
	size_t n, m;
	enum mm_err e = store_identity_events(r->store, a, number, &events, &n);
	if (!e)
		e = store_identity_audit(r->store, a, number, &lines, &m);
	struct val *hist = val_set_list(a, ctx, "history");
	struct val *audit = val_set_list(a, ctx, "audit");
	if (e || !hist || !audit)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, hist);
		const char *key =
		    arena_printf(a, "identity.event.%.*s", (int)events[i].kind.n, events[i].kind.p);
		if (!v || !key || !val_set_cstr(a, v, "at", page_format_time(r, events[i].at)) ||
		    !val_set_str(a, v, "kind", page_t(r, key)) ||
		    !val_set_str(a, v, "organisation", events[i].organisation_name) ||
		    !val_set_str(a, v, "actor", events[i].actor_email) ||
		    !val_set_str(a, v, "detail", events[i].detail))
			return MM_ERR_NOMEM;
	}
	for (size_t i = 0; i < m; i++) {
		struct val *v = val_list_push_obj(a, audit);
		if (!v || !val_set_cstr(a, v, "at", page_format_time(r, lines[i].at)) ||
		    !val_set_str(a, v, "action", lines[i].action) ||
		    !val_set_str(a, v, "outcome", lines[i].outcome) ||
		    !val_set_str(a, v, "organisation", lines[i].organisation_name) ||
		    !val_set_str(a, v, "actor", lines[i].actor_email) ||
		    !val_set_str(a, v, "detail", lines[i].detail))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err render_claim(struct req *r, struct res *res, struct webform *f,
                                const struct identity_claim *c, int status)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, f->ctx, "claim");
	enum mm_err e;
	if (!v || !val_set_str(a, v, "number", c->corporate_number) ||
	    !val_set_str(a, v, "claimant", c->claimant_name) ||
	    !val_set_str(a, v, "holder", c->holder_name) ||
	    !val_set_cstr(a, v, "claimant_url",
	                  c->claimant_id ? arena_printf(a, "/admin/organisations/%lld",
	                                                (long long)c->claimant_id)
	                                 : "") ||
	    !val_set_cstr(
	        a, v, "holder_url",
	        c->holder_id ? arena_printf(a, "/admin/organisations/%lld", (long long)c->holder_id)
	                     : "") ||
	    !val_set_str(a, v, "level",
	                 page_t(r, str_eq_lit(c->level, "letter")
	                               ? "identity.level.letter"
	                               : "identity.level.business_id")) ||
	    !val_set_str(a, v, "source", c->source) ||
	    !val_set_cstr(a, v, "on", page_format_time(r, c->created_at)) ||
	    !val_set_bool(a, v, "open", c->reviewed_at == 0) ||
	    !val_set_cstr(a, v, "reviewed",
	                  c->reviewed_at ? page_format_time(r, c->reviewed_at) : "") ||
	    !val_set_str(a, v, "reviewed_by", c->reviewed_by_email) ||
	    !val_set_str(a, v, "note", c->review_note) ||
	    !val_set_cstr(a, f->ctx, "action_url",
	                  arena_printf(a, "/admin/identity/claims/%lld/review", (long long)c->id)))
		return MM_ERR_NOMEM;
	if ((e = set_history(r, f->ctx, c->corporate_number)) ||
	    (e = notice_set(r, f->ctx, "identity.admin.notice", notices, NOTICE_COUNT)))
		return e;
	return admin_render(r, res, status, "identity_claim", f->ctx,
	                    page_t(r, "identity.claim.title"), "identity.admin.title",
	                    "/admin/identity");
}

static enum mm_err load_claim(struct req *r, struct res *res, struct identity_claim *c, bool *found)
{
	return page_found_or_404(
	    r, res, store_identity_claim_get(r->store, r->arena, req_param_int(r, "id"), c), found);
}

static enum mm_err page_admin_identity_claim(struct req *r, struct res *res)
{
	struct identity_claim c;
	struct webform f;
	bool found;
	enum mm_err e = load_claim(r, res, &c, &found);
	if (e || !found || (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "note", NULL)))
		return e;
	return render_claim(r, res, &f, &c, 200);
}

struct review {
	const struct identity_claim *c;
	struct str note;
};

static enum mm_err review_tx(struct req *r, struct store *s, void *arg)
{
	struct review *v = arg;
	enum mm_err e = store_identity_claim_review(s, v->c->id, r->user->id, v->note, r->now);
	if (!e)
		e = store_identity_event_add(s, v->c->corporate_number, 0, "claim_reviewed",
		                             v->note, r->user->id, r->now);
	if (e)
		return e;
	return audit_log(r, "identity.claim_review", 0, 0, v->c->corporate_number, AUDIT_OK,
	                 arena_printf(r->arena, "claim %lld", (long long)v->c->id));
}

static enum mm_err page_admin_identity_review_post(struct req *r, struct res *res)
{
	struct identity_claim c;
	struct webform f;
	bool found;
	enum mm_err e = load_claim(r, res, &c, &found);
	if (e || !found || (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct review v = {.c = &c, .note = webform_take(&f, "note", IDENTITY_NOTE_MAX_CHARS)};
	if (v.note.n == 0)
		webform_error(&f, "note", "identity.error.note_missing");
	if (!webform_ok(&f))
		return render_claim(r, res, &f, &c, 422);
	e = page_tx(r, review_tx, &v);
	if (e == MM_ERR_NOT_FOUND) /* reviewed meanwhile */
		e = MM_OK;
	if (e)
		return e;
	return page_redirectf(r, res, "/admin/identity/claims/%lld?notice=reviewed",
	                      (long long)c.id);
}

/* This file's routes, in dispatch order (see identity_routes.c). */
const struct route_table identity_admin_routes = ROUTE_TABLE(
    ROUTE_GET("/admin/identity", page_admin_identity, RIGHT_ADMIN),
    ROUTE_POST("/admin/identity/batches", page_admin_identity_batch_post, RIGHT_ADMIN),
    ROUTE_GET("/admin/identity/batches/{id:int}/letters.pdf", page_admin_identity_batch_pdf,
              RIGHT_ADMIN),
    ROUTE_FORM("/admin/identity/batches/{id:int}/posted", page_admin_identity_posted,
               page_admin_identity_posted_post, RIGHT_ADMIN),
    ROUTE_GET("/admin/identity/claims/{id:int}", page_admin_identity_claim, RIGHT_ADMIN),
    ROUTE_POST("/admin/identity/claims/{id:int}/review", page_admin_identity_review_post,
               RIGHT_ADMIN));
