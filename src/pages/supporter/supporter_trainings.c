/*
 * supporter_trainings.c — training records on a supporter's profile. A
 * record is made when an organiser marks someone present at a supporters'
 * training, or when their attendance completes a study programme
 * (pages/events/events_organise.c). "/supporter/trainings" lists one's own
 * records and sets whether they are shown publicly at
 * "/supporters/{id}/trainings" (404 until chosen). A certificate of
 * completion is a PDF ("/trainings/{code}/certificate.pdf") for its
 * holder and for the organisers of the community that gave the training;
 * it carries the address of "/certificates/{code}", a public page that
 * says whether a certificate with that code was issued, to whom and for
 * what, as the declaration's verification page does.
 */
#include "lib/civil.h"
#include "pages/events/events_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "view/i18n.h"
#include "view/pdf.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"

static const char *const notices[] = {"shown", "hidden"};

static enum mm_err set_records(struct req *r, struct val *ctx, int64_t user_id, bool links)
{
	struct arena *a = r->arena;
	struct training_record *t;
	size_t n;
	enum mm_err e = store_training_records_of_user(r->store, a, user_id, &t, &n);
	struct val *list = e ? NULL : val_set_list(a, ctx, "records");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_str(a, v, "title", t[i].title) ||
		    !val_set_str(a, v, "community", t[i].community_name) ||
		    !val_set_cstr(
		        a, v, "community_url",
		        arena_printf(a, "/communities/%lld", (long long)t[i].community_id)) ||
		    !val_set_cstr(a, v, "completed", page_format_date(r, t[i].held_at)) ||
		    !val_set_bool(a, v, "programme", t[i].programme_id != 0) ||
		    !val_set_bool(a, v, "links", links) ||
		    !val_set_cstr(a, v, "certificate_url",
		                  arena_printf(a, "/trainings/%.*s/certificate.pdf",
		                               (int)t[i].code.n, t[i].code.p)) ||
		    !val_set_cstr(
		        a, v, "verify_url",
		        arena_printf(a, "/certificates/%.*s", (int)t[i].code.n, t[i].code.p)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_records", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err page_supporter_trainings(struct req *r, struct res *res)
{
	bool shown;
	struct val *ctx = events_form_ctx(r, res);
	enum mm_err e = store_training_public_get(r->store, r->user->id, &shown);
	if (e || !ctx || (e = set_records(r, ctx, r->user->id, true)) ||
	    (e = notice_set(r, ctx, "events.trainings.notice", notices, 2)))
		return e ? e : MM_ERR_NOMEM;
	if (!val_set_bool(r->arena, ctx, "shown", shown) ||
	    !val_set_cstr(
	        r->arena, ctx, "public_url",
	        arena_printf(r->arena, "/supporters/%lld/trainings", (long long)r->user->id)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "supporter_trainings", ctx, "events.trainings.title",
	                     "nav.mypage", "/home");
}

struct showing {
	bool shown;
};

static enum mm_err show_tx(struct req *r, struct store *s, void *arg)
{
	struct showing *sh = arg;
	enum mm_err e = store_training_public_set(s, r->user->id, sh->shown, r->now);
	if (e)
		return e;
	return audit_log(r, sh->shown ? "training.public" : "training.private", 0, 0,
	                 r->user->email, AUDIT_OK, NULL);
}

static enum mm_err page_supporter_trainings_post(struct req *r, struct res *res)
{
	struct showing sh = {.shown = str_eq_lit(events_field(r, "shown"), "1")};
	enum mm_err e = page_tx(r, show_tx, &sh);
	if (e)
		return e;
	return page_redirect(r, res,
	                     sh.shown ? "/supporter/trainings?notice=shown"
	                              : "/supporter/trainings?notice=hidden");
}

/* The public list: only when its holder chose to show it. */
static enum mm_err page_public_trainings(struct req *r, struct res *res)
{
	int64_t id = req_param_int(r, "id");
	struct user u;
	bool shown;
	enum mm_err e = store_training_public_get(r->store, id, &shown);
	if (!e && shown)
		e = store_user_by_id(r->store, r->arena, id, &u);
	if (e == MM_ERR_NOT_FOUND || (!e && !shown)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct val *ctx = val_obj(r->arena);
	if (e || !ctx || (e = set_records(r, ctx, id, false)))
		return e ? e : MM_ERR_NOMEM;
	struct str name = u.name.n ? u.name : page_t(r, "events.trainings.unnamed");
	if (!val_set_str(r->arena, ctx, "name", name))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "trainings_public", ctx, "events.trainings.public_title",
	                     NULL, NULL);
}

/* ---- certificates ----------------------------------------------------------------- */

static enum mm_err render_certificate(struct req *r, const struct training_record *t,
                                      struct str *out)
{
	struct arena *a = r->arena;
	const char *verify =
	    mail_link(a, arena_printf(a, "/certificates/%.*s", (int)t->code.n, t->code.p));
	const char *names[] = {"name", "title", "community", "date"};
	const struct str values[] = {t->user_name.n ? t->user_name : t->email, t->title,
	                             t->community_name, str_from(page_format_date(r, t->held_at))};
	struct pdf_block blocks[] = {
	    {PDF_TITLE, page_t(r, "events.certificate.heading")},
	    {PDF_HEADING, values[0]},
	    {PDF_PARAGRAPH,
	     str_from(i18n_fill(a, r->lang, "events.certificate.text", names, values, 4))},
	    {PDF_RIGHT, values[3]},
	    {PDF_RIGHT, t->community_name},
	    {PDF_NOTE,
	     str_from(i18n_fill(a, r->lang, "events.certificate.verify", (const char *[]){"url"},
	                        (const struct str[]){str_from(verify)}, 1))},
	};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (!blocks[i].text.p)
			return MM_ERR_NOMEM;
	struct pdf_document doc = {.title = page_t(r, "events.certificate.heading"),
	                           .lang = str_from(lang_code(r->lang)),
	                           .footer = str_from(verify),
	                           .blocks = blocks,
	                           .block_count = sizeof blocks / sizeof blocks[0]};
	return pdf_render(a, &doc, out);
}

static enum mm_err page_certificate_pdf(struct req *r, struct res *res)
{
	struct training_record t;
	struct events_role role = {0};
	enum mm_err e = store_training_record_by_code(r->store, r->arena, req_param(r, "code"), &t);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found ||
	    (t.user_id != r->user->id && (e = events_role_of(r, t.community_id, &role))))
		return e;
	/* its holder, and the organisers of the community that gave it */
	if (t.user_id != r->user->id && !role.organiser) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct str pdf;
	if ((e = render_certificate(r, &t, &pdf)) ||
	    (e = audit_log(r, "training.certificate", 0, 0, t.email, AUDIT_OK,
	                   arena_printf(r->arena, "record %lld", (long long)t.id))))
		return e;
	return page_download(
	    r, res, "application/pdf",
	    arena_printf(r->arena, "certificate-%.*s.pdf", (int)t.code.n, t.code.p), pdf);
}

/* An organiser's way to a present attendee's certificate. */
static enum mm_err page_event_certificate(struct req *r, struct res *res)
{
	struct event ev;
	struct training_record t;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	int64_t user = req_param_int(r, "user");
	e = store_training_record_find(r->store, r->arena, user,
	                               ev.kind == EVENT_SUPPORTER_TRAINING ? ev.id : 0,
	                               ev.programme_id, &t);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	return page_redirectf(r, res, "/trainings/%.*s/certificate.pdf", (int)t.code.n, t.code.p);
}

/* Public: whether a certificate with this code was issued. */
static enum mm_err page_certificate_verify(struct req *r, struct res *res)
{
	struct training_record t;
	struct str code = req_param(r, "code");
	enum mm_err e = store_training_record_by_code(r->store, r->arena, code, &t);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool genuine = !e;
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_bool(r->arena, ctx, "genuine", genuine) ||
	    !val_set_str(r->arena, ctx, "code", code))
		return MM_ERR_NOMEM;
	if (genuine &&
	    (!val_set_str(r->arena, ctx, "name",
	                  t.user_name.n ? t.user_name : page_t(r, "events.trainings.unnamed")) ||
	     !val_set_str(r->arena, ctx, "title", t.title) ||
	     !val_set_str(r->arena, ctx, "community", t.community_name) ||
	     !val_set_cstr(r->arena, ctx, "completed", page_format_date(r, t.held_at))))
		return MM_ERR_NOMEM;
	return titled_render(r, res, genuine ? 200 : 404, "certificate_verify", ctx,
	                     "events.certificate.verify_title", NULL, NULL);
}

/* This file's routes, in dispatch order (see supporter_routes.c). */
const struct route_table supporter_trainings_routes = ROUTE_TABLE(
    ROUTE_FORM("/supporter/trainings", page_supporter_trainings, page_supporter_trainings_post,
               RIGHT_USER),
    ROUTE_GET("/supporters/{id:int}/trainings", page_public_trainings, RIGHT_PUBLIC),
    ROUTE_GET("/trainings/{code:token}/certificate.pdf", page_certificate_pdf, RIGHT_USER),
    ROUTE_GET("/events/{id:int}/certificates/{user:int}", page_event_certificate, RIGHT_USER),
    ROUTE_GET("/certificates/{code:token}", page_certificate_verify, RIGHT_PUBLIC));
