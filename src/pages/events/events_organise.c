/*
 * events_organise.c — what an event's organisers do with it: the list of
 * attendees and the waiting list ("/events/{id}/attendees", places first,
 * ATTENDEES_PAGE_SIZE to a page), the whole list as CSV for Excel (UTF-8
 * with a BOM), attendance marked once the event has begun, a page's places
 * at a time (which becomes training records: a supporters' training
 * attended, or a study programme completed by its rule), a message to
 * everyone holding a place (through the outbox), and the materials given
 * after the event — files under the same rules as a consultation's
 * (pages/consult/consult_files.h: size, type by content, a random stored
 * name), offered to everyone as downloads.
 *
 * Every handler here but the material download checks that r->user
 * organises the event's community (or is an administrator): 403 otherwise.
 */
#include <limits.h>
#include <stdio.h>

#include "core/event.h"
#include "pages/consult/consult_files.h"
#include "pages/events/events_view.h"
#include "pages/org/org_ids.h"
#include "pages/shared/confirm.h"
#include "pages/shared/csv_export.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define MESSAGE_SUBJECT_MAX_CHARS 150
#define MESSAGE_BODY_MAX_CHARS 5000
#define RECORD_CODE_CHARS 24
#define ATTENDEES_PAGE_SIZE 100 /* registrations a page of the attendees list shows */

static const char code_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

static const char *status_key(enum registration_status s)
{
	return s == REG_CONFIRMED ? "events.status.confirmed" : "events.status.waiting";
}

/* What one page of the attendees list shows: the registration ids of its
 * first and last place (0 when it shows none), which the attendance form
 * sends back, and how many of the waiting list. */
struct attendees_shown {
	int64_t first_place, last_place;
	size_t waiting;
};

/* The rows of one page of the list into ctx.places and ctx.waiting_list. */
static enum mm_err set_attendees(struct req *r, struct val *ctx,
                                 const struct event_registration *regs, size_t n,
                                 struct attendees_shown *shown)
{
	struct arena *a = r->arena;
	struct val *places = val_set_list(a, ctx, "places");
	struct val *waiting = val_set_list(a, ctx, "waiting_list");
	*shown = (struct attendees_shown){0};
	if (!places || !waiting)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		bool confirmed = regs[i].status == REG_CONFIRMED;
		struct val *x = val_list_push_obj(a, confirmed ? places : waiting);
		if (!x || !val_set_str(a, x, "name", regs[i].name) ||
		    !val_set_bool(a, x, "has_name", regs[i].name.n > 0) ||
		    !val_set_str(a, x, "who", regs[i].name.n ? regs[i].name : regs[i].email) ||
		    !val_set_str(a, x, "email", regs[i].email) ||
		    !val_set_str(a, x, "organisation", regs[i].organisation_name) ||
		    !val_set_cstr(a, x, "field",
		                  arena_printf(a, "present_%lld", (long long)regs[i].user_id)) ||
		    !val_set_bool(a, x, "present", regs[i].attended == 1) ||
		    !val_set_cstr(a, x, "registered", page_format_time(r, regs[i].registered_at)))
			return MM_ERR_NOMEM;
		if (!confirmed) {
			shown->waiting++;
			continue;
		}
		if (!shown->first_place)
			shown->first_place = regs[i].id;
		shown->last_place = regs[i].id;
	}
	return MM_OK;
}

/* What the page says around the rows of its page: the attendance form's
 * range, where a section's other rows are (the list holds every place
 * before the waiting list, so places missing from a page are on earlier
 * pages and the waiting missing from it on later ones), the number of the
 * page's first row in the whole waiting list, and the pages. */
static enum mm_err set_attendees_around(struct req *r, struct val *ctx, const struct event *ev,
                                        const struct paging *p, const struct attendees_shown *shown)
{
	struct arena *a = r->arena;
	int64_t waiting_before = paging_window(p).offset - ev->confirmed;
	if (!val_set_bool(a, ctx, "has_places", shown->first_place != 0) ||
	    !val_set_bool(a, ctx, "has_waiting", shown->waiting > 0) ||
	    !val_set_long(a, ctx, "first_place", shown->first_place) ||
	    !val_set_long(a, ctx, "last_place", shown->last_place) ||
	    !val_set_bool(a, ctx, "places_earlier", !shown->first_place && ev->confirmed > 0) ||
	    !val_set_bool(a, ctx, "waiting_later", !shown->waiting && ev->waiting > 0) ||
	    !val_set_long(a, ctx, "waiting_start", waiting_before > 0 ? waiting_before + 1 : 1) ||
	    !val_set_bool(a, ctx, "may_mark", ev->starts_at <= r->now) ||
	    !val_set_bool(a, ctx, "training",
	                  ev->kind == EVENT_SUPPORTER_TRAINING || ev->programme_id != 0))
		return MM_ERR_NOMEM;
	return paging_set(r, ctx, p, arena_printf(a, "/events/%lld/attendees?", (long long)ev->id));
}

static enum mm_err page_event_attendees(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct event ev;
	struct event_registration *regs;
	struct paging p = paging_requested(r, ATTENDEES_PAGE_SIZE);
	struct attendees_shown shown;
	size_t n;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = store_registration_page(r->store, a, ev.id, paging_window(&p), &regs, &n,
	                                 &p.total)))
		return e;
	if (paging_clamp(&p) && (e = store_registration_page(r->store, a, ev.id, paging_window(&p),
	                                                     &regs, &n, &p.total)))
		return e;
	struct val *ctx = events_form_ctx(r, res);
	struct val *v = ctx ? val_set_obj(a, ctx, "event") : NULL;
	if (!v || (e = events_view_event(r, v, &ev, true)) ||
	    (e = set_attendees(r, ctx, regs, n, &shown)) ||
	    (e = set_attendees_around(r, ctx, &ev, &p, &shown)))
		return e ? e : MM_ERR_NOMEM;
	return events_render_in_event(r, res, 200, "event_attendees", ctx, &ev,
	                              "events.attendees.title");
}

static enum mm_err page_event_attendees_csv(struct req *r, struct res *res)
{
	struct event ev;
	struct event_registration *regs;
	size_t n;
	struct buf b;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = store_registration_list(r->store, r->arena, ev.id, &regs, &n)))
		return e;
	static const char *const headers[] = {"events.csv.name",         "events.csv.email",
	                                      "events.csv.organisation", "events.csv.status",
	                                      "events.csv.registered",   "events.csv.attended"};
	buf_init(&b, r->arena, RES_MAX_BODY);
	e = csv_export_head(r, &b, headers, 6);
	for (size_t i = 0; !e && i < n; i++) {
		const char *attended = regs[i].attended < 0 ? "" : regs[i].attended ? "1" : "0";
		if ((e = buf_append_csv(&b, regs[i].name, false)) ||
		    (e = buf_append_csv(&b, regs[i].email, false)) ||
		    (e = buf_append_csv(&b, regs[i].organisation_name, false)) ||
		    (e = buf_append_csv(&b, page_t(r, status_key(regs[i].status)), false)) ||
		    (e = csv_export_time(&b, regs[i].registered_at, false)))
			break;
		e = buf_append_csv(&b, str_from(attended), true);
	}
	if (e || (e = events_audit_event(r, "event.export", ev.title, ev.id)))
		return e;
	return page_download(r, res, "text/csv; charset=utf-8",
	                     arena_printf(r->arena, "event-%lld-attendees.csv", (long long)ev.id),
	                     buf_str(&b));
}

struct marking {
	struct event *ev;
	long first_place, last_place; /* the registrations the form showed */
	int64_t marked;
};

/* The places the attendance form covers: those its page showed, from
 * first_place to last_place (their registration ids, in the list's order
 * of places), so that saving one page reads and changes only its places
 * and leaves the others' attendance as it was; every place for a form
 * that names no range. */
static void marking_range(struct req *r, struct marking *m)
{
	if (str_to_long(events_field(r, "first_place"), 1, LONG_MAX, &m->first_place) ||
	    str_to_long(events_field(r, "last_place"), m->first_place, LONG_MAX, &m->last_place)) {
		m->first_place = 1;
		m->last_place = LONG_MAX;
	}
}

/* The training record a person's attendance gives, kept or taken back. */
static enum mm_err records_tx(struct req *r, struct store *s, const struct event *ev,
                              int64_t user_id, bool present)
{
	char code[RECORD_CODE_CHARS + 1];
	enum mm_err e = MM_OK;
	if (ev->kind == EVENT_SUPPORTER_TRAINING) {
		org_random_text(code, RECORD_CODE_CHARS, code_alphabet);
		e = present
		        ? store_training_record_add(s, user_id, ev->id, 0, str_from(code), r->now)
		        : store_training_record_remove(s, user_id, ev->id, 0);
	}
	if (e || !ev->programme_id)
		return e;
	struct programme p;
	int64_t attended;
	if ((e = store_programme_get(s, r->arena, ev->programme_id, &p)) ||
	    (e = store_programme_attended(s, p.id, user_id, &attended)))
		return e;
	if (event_programme_completed(p.required, p.sessions, attended)) {
		org_random_text(code, RECORD_CODE_CHARS, code_alphabet);
		return store_training_record_add(s, user_id, 0, p.id, str_from(code), r->now);
	}
	return store_training_record_remove(s, user_id, 0, p.id);
}

static enum mm_err mark_tx(struct req *r, struct store *s, void *arg)
{
	struct marking *m = arg;
	struct event_registration *regs;
	size_t n;
	enum mm_err e = store_registration_places_between(s, r->arena, m->ev->id, m->first_place,
	                                                  m->last_place, &regs, &n);
	for (size_t i = 0; !e && i < n; i++) {
		char field[40];
		snprintf(field, sizeof field, "present_%lld", (long long)regs[i].user_id);
		bool present = str_eq_lit(events_field(r, field), "1");
		if ((e = store_registration_set_attended(s, m->ev->id, regs[i].user_id, present)) ||
		    (e = records_tx(r, s, m->ev, regs[i].user_id, present)))
			break;
		m->marked += present;
	}
	if (e)
		return e;
	return audit_log(r, "event.attendance", 0, 0, m->ev->title, AUDIT_OK,
	                 arena_printf(r->arena, "event %lld present %lld", (long long)m->ev->id,
	                              (long long)m->marked));
}

static enum mm_err page_event_attendance_post(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	const char *back = arena_printf(r->arena, "/events/%lld/attendees", (long long)ev.id);
	if (ev.starts_at > r->now)
		return titled_refuse(r, res, 409, "events.attendees.title",
		                     "events.attendance.too_early", "events.back", back,
		                     "events.title", "/events");
	struct marking m = {.ev = &ev};
	marking_range(r, &m);
	if ((e = page_tx(r, mark_tx, &m)))
		return e;
	return page_redirectf(r, res, "/events/%lld?notice=attendance", (long long)ev.id);
}

/* ---- a message to everyone with a place ------------------------------------------- */

static enum mm_err render_message(struct webform *f, struct res *res, const struct event *ev,
                                  int status)
{
	struct req *r = f->r;
	struct val *v = val_set_obj(r->arena, f->ctx, "event");
	enum mm_err e = v ? events_view_event(r, v, ev, false) : MM_ERR_NOMEM;
	if (e)
		return e;
	return events_render_in_event(r, res, status, "event_message", f->ctx, ev,
	                              "events.message.title");
}

static enum mm_err page_event_message(struct req *r, struct res *res)
{
	struct event ev;
	struct webform f;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "subject", "body", NULL)))
		return e;
	return render_message(&f, res, &ev, 200);
}

struct messaging {
	struct event *ev;
	struct str subject, body;
};

static enum mm_err message_tx(struct req *r, struct store *s, void *arg)
{
	static const char *const names[] = {"title", "subject", "message", "link"};
	struct messaging *m = arg;
	struct event_registration *regs;
	size_t n, sent = 0;
	enum mm_err e = store_registration_list(s, r->arena, m->ev->id, &regs, &n);
	const struct str values[] = {
	    m->ev->title, m->subject, m->body,
	    str_from(
	        mail_link(r->arena, arena_printf(r->arena, "/events/%lld", (long long)m->ev->id)))};
	for (size_t i = 0; !e && i < n; i++) {
		if (regs[i].status != REG_CONFIRMED)
			continue;
		e = mail_queue_fields(s, r->arena, mail_lang_from_code(regs[i].lang),
		                      "events_message", regs[i].email, names, values, 4, r->now);
		sent++;
	}
	if (e)
		return e;
	return audit_log(r, "event.message", 0, 0, m->ev->title, AUDIT_OK,
	                 arena_printf(r->arena, "event %lld to %zu", (long long)m->ev->id, sent));
}

static enum mm_err page_event_message_post(struct req *r, struct res *res)
{
	struct event ev;
	struct webform f;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct messaging m = {.ev = &ev};
	m.subject = webform_take(&f, "subject", MESSAGE_SUBJECT_MAX_CHARS);
	m.body = webform_take(&f, "body", MESSAGE_BODY_MAX_CHARS);
	if (!m.subject.n || !event_text_ok(m.subject) || str_index(m.subject, '\n') >= 0)
		webform_error(&f, "subject", "events.error.subject");
	if (!m.body.n || !event_text_ok(m.body))
		webform_error(&f, "body", "events.error.body");
	if (!webform_ok(&f))
		return render_message(&f, res, &ev, 422);
	if ((e = page_tx(r, message_tx, &m)))
		return e;
	return page_redirectf(r, res, "/events/%lld?notice=sent", (long long)ev.id);
}

/* ---- materials ----------------------------------------------------------------------- */

struct adding {
	const struct event *ev;
	const struct consult_file *files;
	size_t n;
};

static enum mm_err material_tx(struct req *r, struct store *s, void *arg)
{
	struct adding *ad = arg;
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < ad->n; i++) {
		char name[CONSULT_FILE_NAME_CHARS + 1];
		org_random_text(name, CONSULT_FILE_NAME_CHARS, code_alphabet);
		struct event_material m = {.event_id = ad->ev->id,
		                           .name = str_from(name),
		                           .filename = ad->files[i].filename,
		                           .content_type =
		                               str_from(file_type_mime(ad->files[i].type)),
		                           .data = ad->files[i].data};
		e = store_event_material_insert(s, &m, r->now);
	}
	if (e)
		return e;
	return audit_log(
	    r, "event.material", 0, 0, ad->ev->title, AUDIT_OK,
	    arena_printf(r->arena, "event %lld files %zu", (long long)ad->ev->id, ad->n));
}

static enum mm_err page_event_material_post(struct req *r, struct res *res)
{
	struct event ev;
	struct event_material *have;
	size_t nhave;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = store_event_material_list(r->store, r->arena, ev.id, &have, &nhave)))
		return e;
	const char *self = arena_printf(r->arena, "/events/%lld", (long long)ev.id);
	struct adding ad = {.ev = &ev};
	const char *error_key;
	size_t room = nhave < EVENT_MATERIALS_MAX ? EVENT_MATERIALS_MAX - nhave : 0;
	if ((e = consult_files_read(r, room, (struct consult_file **)&ad.files, &ad.n, &error_key)))
		return e;
	if (error_key || !ad.n)
		return titled_refuse(r, res, 422, "events.material.title",
		                     error_key ? error_key : "events.material.none", "events.back",
		                     self, "events.title", "/events");
	if ((e = page_tx(r, material_tx, &ad)))
		return e;
	return page_redirectf(r, res, "%s?notice=material", self);
}

static enum mm_err page_event_material(struct req *r, struct res *res)
{
	struct event_material m;
	enum mm_err e = store_event_material_get(r->store, r->arena, req_param_int(r, "id"),
	                                         req_param(r, "name"), &m);
	if (e == MM_ERR_NOT_FOUND || (!e && m.data.n != (size_t)m.size)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (e)
		return e;
	enum file_type t = file_type_from_mime(m.content_type);
	const char *filename = arena_printf(r->arena, "material-%.*s.%s", (int)m.name.n, m.name.p,
	                                    file_type_extension(t));
	return page_download(r, res, file_type_mime(t), filename, m.data);
}

static enum mm_err page_event_material_delete(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	struct str name = req_param(r, "name");
	struct event_material m;
	bool found;
	e = store_event_material_get(r->store, r->arena, ev.id, name, &m);
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	const char *self = arena_printf(r->arena, "/events/%lld", (long long)ev.id);
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = "events.material.delete",
	                          .lead = ev.title,
	                          .text_key = "events.material.delete_text",
	                          .who = m.filename,
	                          .action = arena_printf(r->arena, "%s/materials/%.*s/delete", self,
	                                                 (int)name.n, name.p),
	                          .submit_key = "events.material.delete",
	                          .back_url = self,
	                          .back_key = "events.back",
	                          .parent_key = "events.title",
	                          .parent_url = "/events",
	                      });
}

static enum mm_err page_event_material_delete_post(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_organised_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	/* a file deleted already (a second click, another organiser) is gone, as asked */
	e = store_event_material_delete(r->store, ev.id, req_param(r, "name"));
	if (e == MM_ERR_NOT_FOUND) /* nothing deleted, nothing to log */
		e = MM_OK;
	else if (!e)
		e = events_audit_event(r, "event.material_delete", ev.title, ev.id);
	if (e)
		return e;
	return page_redirectf(r, res, "/events/%lld?notice=material_deleted", (long long)ev.id);
}

/* This file's routes, in dispatch order (see events_routes.c). */
const struct route_table events_organise_routes = ROUTE_TABLE(
    ROUTE_GET("/events/{id:int}/attendees", page_event_attendees, RIGHT_USER),
    ROUTE_GET("/events/{id:int}/attendees.csv", page_event_attendees_csv, RIGHT_USER),
    ROUTE_POST("/events/{id:int}/attendance", page_event_attendance_post, RIGHT_USER),
    ROUTE_FORM("/events/{id:int}/message", page_event_message, page_event_message_post, RIGHT_USER),
    ROUTE_POST_BODY("/events/{id:int}/materials", page_event_material_post, RIGHT_USER,
                    CONSULT_UPLOAD_MAX_BODY),
    ROUTE_GET("/events/{id:int}/materials/{name:token}", page_event_material, RIGHT_PUBLIC),
    ROUTE_FORM("/events/{id:int}/materials/{name:token}/delete", page_event_material_delete,
               page_event_material_delete_post, RIGHT_USER));
