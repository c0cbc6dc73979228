/*
 * consult_actions.c — what is done to a consultation from its page: a
 * message (with files), closing, reopening, rating, adding a supporter,
 * accepting an offer, assigning (desk staff) and referring (the assigned
 * responder). Each asks core/consultation.h whether its event may happen
 * now, writes the change, its audit line and its mail in one transaction,
 * and writes only if the consultation is still as it was read
 * (store_consult_update), so the first of two responders to accept gets
 * it and the second is told it is taken (409).
 *
 * Mail says that there is news and links to the consultation; it never
 * carries what was written.
 */
#include "pages/consult/consult_files.h"
#include "pages/consult/consult_thread.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "store/org_support.h"

static enum mm_err back(struct req *r, struct res *res, int64_t id, const char *notice)
{
	return page_redirectf(r, res, "/consultations/%lld?notice=%s", (long long)id, notice);
}

static enum mm_err refuse(struct req *r, struct res *res, int status)
{
	page_error(r, res, status);
	return MM_OK;
}

/* A change of status (and maybe of responder) in a transaction. */
struct change {
	struct req *r;
	struct consultation before, after;
	const char *action, *detail;
	struct str body; /* a message to add, when body.n */
	struct str side;
	const struct consult_file *files; /* and its files */
	size_t nfiles;
	int64_t notify_user; /* a responder to tell, 0: none */
	const char *notify_user_kind;
	bool notify_firm;
};

static enum mm_err change_tx(struct req *r, struct store *s, void *arg)
{
	struct change *ch = arg;
	int64_t message_id = 0;
	enum mm_err e =
	    store_consult_update(s, &ch->after, ch->before.status, ch->before.responder_user_id);
	if (e)
		return e; /* NOT_FOUND: it changed meanwhile */
	if (ch->body.n && (e = store_consult_message_insert(s, ch->after.id, r->user->id, ch->side,
	                                                    ch->body, r->now, &message_id)))
		return e;
	if (ch->nfiles &&
	    (e = consult_files_store(r, ch->after.id, message_id, ch->files, ch->nfiles)))
		return e;
	if (ch->notify_firm &&
	    (e = consult_notify_firm(s, r->arena, &ch->after, "consult_news", r->user->id, r->now)))
		return e;
	if (ch->notify_user && ch->notify_user != r->user->id &&
	    (e = consult_notify_user(
	         s, r->arena, ch->notify_user, ch->notify_user_kind,
	         arena_printf(r->arena, "/consultations/%lld", (long long)ch->after.id), r->now)))
		return e;
	return audit_log(r, ch->action, 0, ch->after.organisation_id,
	                 consult_target(r, ch->after.id), AUDIT_OK, ch->detail ? ch->detail : "");
}

/* Runs the change: MM_OK with *taken set when the consultation changed
 * under it. */
static enum mm_err run_change(struct change *ch, bool *taken)
{
	ch->after.updated_at = ch->r->now;
	enum mm_err e = page_tx(ch->r, change_tx, ch);
	*taken = e == MM_ERR_NOT_FOUND;
	return *taken ? MM_OK : e;
}

/* Runs the change and answers: 409 when the consultation changed under
 * it, else back to the thread with notice. */
static enum mm_err change_and_answer(struct change *ch, struct res *res, const char *notice)
{
	bool taken;
	enum mm_err e = run_change(ch, &taken);
	if (e)
		return e;
	return taken ? refuse(ch->r, res, 409) : back(ch->r, res, ch->before.id, notice);
}

/* The event applied to ch->after; false when the machine refuses it. */
static bool apply(struct change *ch, enum consult_event ev)
{
	enum consult_status to;
	if (!consult_transition(ch->before.status, ev, ch->before.responder_user_id != 0, &to))
		return false;
	ch->after.status = to;
	return true;
}

/* ---- a message ---- */

static enum mm_err page_consult_message_post(struct req *r, struct res *res)
{
	struct consult_view v;
	struct webform f;
	struct change ch = {.r = r};
	const char *file_error;
	struct consult_file *files;
	int64_t have;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	bool firm = consult_viewer_is_firm(v.who);
	if (!firm && v.who != CONSULT_VIEWER_RESPONDER)
		return refuse(r, res, 403);
	ch.before = ch.after = v.c;
	if ((e = consult_thread_form(&f, r, res)))
		return e;
	ch.body = webform_take(&f, "body", CONSULT_MESSAGE_MAX_CHARS);
	struct str kind = webform_take(&f, "kind", 10);
	if (ch.body.n == 0)
		webform_error(&f, "body", "consult.error.body");
	if ((e = store_consult_attachment_count(r->store, v.c.id, &have)) ||
	    (e = consult_files_read(
	         r, have >= CONSULT_ATTACHMENTS_MAX ? 0 : (size_t)(CONSULT_ATTACHMENTS_MAX - have),
	         &files, &ch.nfiles, &file_error)))
		return e;
	if (file_error)
		webform_error(&f, "attachments", file_error);
	enum consult_event ev = firm                           ? CONSULT_EV_FIRM_MESSAGE
	                        : str_eq_lit(kind, "question") ? CONSULT_EV_ASK
	                                                       : CONSULT_EV_ANSWER;
	if (!apply(&ch, ev))
		return refuse(r, res, 409);
	if (!webform_ok(&f))
		return consult_render_thread(r, res, &f, &v);
	ch.files = files;
	ch.side = firm ? STR("firm") : STR("responder");
	ch.action = "consultation.message";
	ch.detail = consult_status_names[ch.after.status];
	if (firm) {
		ch.notify_user = v.c.responder_user_id;
		ch.notify_user_kind = "consult_news";
	} else {
		ch.notify_firm = true;
		if (!ch.after.first_answer_at)
			ch.after.first_answer_at = r->now;
		if (ev == CONSULT_EV_ANSWER) {
			ch.after.answered_at = r->now;
			ch.after.reminder_sent_at = 0;
		}
	}
	return change_and_answer(&ch, res, "sent");
}

/* ---- closing, reopening, rating ---- */

/* The consultation of the URL, for a change only its firm may make: false
 * when the answer (404, 403) was sent or *e failed. */
static bool firm_change_start(struct req *r, struct res *res, struct consult_view *v,
                              struct change *ch, enum mm_err *e)
{
	if (!consult_load(r, res, v, e))
		return false;
	if (!consult_viewer_is_firm(v->who)) {
		*e = refuse(r, res, 403);
		return false;
	}
	ch->before = ch->after = v->c;
	return true;
}

/* The thread as it is, when a firm's change was made already (pressed
 * twice, or by another member). */
static enum mm_err unchanged(struct req *r, struct res *res, int64_t id)
{
	return page_redirectf(r, res, "/consultations/%lld", (long long)id);
}

static enum mm_err page_consult_close_post(struct req *r, struct res *res)
{
	struct consult_view v;
	struct change ch = {.r = r, .action = "consultation.close"};
	enum mm_err e;
	if (!firm_change_start(r, res, &v, &ch, &e))
		return e;
	if (v.c.status == CONSULT_CLOSED)
		return unchanged(r, res, v.c.id);
	if (!apply(&ch, CONSULT_EV_CLOSE))
		return refuse(r, res, 409);
	ch.after.closed_at = r->now;
	ch.notify_user = v.c.responder_user_id;
	ch.notify_user_kind = "consult_news";
	return change_and_answer(&ch, res, "closed");
}

static enum mm_err page_consult_reopen_post(struct req *r, struct res *res)
{
	struct consult_view v;
	struct change ch = {.r = r, .action = "consultation.reopen"};
	enum mm_err e;
	if (!firm_change_start(r, res, &v, &ch, &e))
		return e;
	if (v.c.status != CONSULT_CLOSED)
		return unchanged(r, res, v.c.id);
	if (!consult_may_reopen(v.c.closed_at, r->now) || !apply(&ch, CONSULT_EV_REOPEN))
		return refuse(r, res, 409);
	ch.after.closed_at = 0;
	ch.after.answered_at = 0;
	ch.after.reminder_sent_at = 0;
	ch.after.responder_user_id = ch.after.status == CONSULT_NEW ? 0 : v.c.responder_user_id;
	ch.notify_user = ch.after.responder_user_id;
	ch.notify_user_kind = "consult_news";
	return change_and_answer(&ch, res, "reopened");
}

struct rating {
	const struct consultation *c;
	int stars;
	struct str comment;
};

static enum mm_err rate_tx(struct req *r, struct store *s, void *arg)
{
	struct rating *g = arg;
	enum mm_err e = store_consult_rate(s, g->c->id, g->stars, g->comment, r->now);
	return e ? e
	         : audit_log(r, "consultation.rate", 0, g->c->organisation_id,
	                     consult_target(r, g->c->id), AUDIT_OK,
	                     arena_printf(r->arena, "%d", g->stars));
}

static enum mm_err page_consult_rating_post(struct req *r, struct res *res)
{
	struct consult_view v;
	struct webform f;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	if (!consult_viewer_is_firm(v.who))
		return refuse(r, res, 403);
	if (v.c.status != CONSULT_CLOSED || v.c.rating)
		return refuse(r, res, 409);
	if ((e = consult_thread_form(&f, r, res)))
		return e;
	struct rating g = {.c = &v.c};
	struct str stars = webform_take(&f, "rating", 1);
	g.comment = webform_take(&f, "comment", CONSULT_COMMENT_MAX_CHARS);
	if (stars.n != 1 || stars.p[0] < '1' || stars.p[0] > '5')
		webform_error(&f, "rating", "consult.error.rating");
	else
		g.stars = stars.p[0] - '0';
	if (!webform_ok(&f))
		return consult_render_thread(r, res, &f, &v);
	e = page_tx(r, rate_tx, &g);
	if (e == MM_ERR_NOT_FOUND)
		return refuse(r, res, 409);
	return e ? e : back(r, res, v.c.id, "rated");
}

/* ---- adding a supporter the firm has given consent to ---- */

struct adding {
	const struct consultation *c;
	int64_t user_id;
};

static enum mm_err add_tx(struct req *r, struct store *s, void *arg)
{
	struct adding *ad = arg;
	enum mm_err e;
	if ((e = store_consult_participant_add(s, ad->c->id, ad->user_id, r->user->id, r->now)) ||
	    (e = consult_notify_user(
	         s, r->arena, ad->user_id, "consult_news",
	         arena_printf(r->arena, "/consultations/%lld", (long long)ad->c->id), r->now)))
		return e;
	return audit_log(r, "consultation.participant_add", 0, ad->c->organisation_id,
	                 consult_target(r, ad->c->id), AUDIT_OK,
	                 arena_printf(r->arena, "user:%lld", (long long)ad->user_id));
}

static bool parse_id(struct str s, int64_t *out)
{
	int64_t v = 0;
	if (s.n == 0 || s.n > 18)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
	}
	*out = v;
	return v > 0;
}

static enum mm_err page_consult_participant_post(struct req *r, struct res *res)
{
	struct consult_view v;
	struct webform f;
	struct adding ad = {0};
	enum org_access access;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	if (v.who != CONSULT_VIEWER_FIRM || !v.c.organisation_id)
		return refuse(r, res, 403);
	if (v.c.status == CONSULT_CLOSED)
		return refuse(r, res, 409);
	if ((e = consult_thread_form(&f, r, res)))
		return e;
	ad.c = &v.c;
	bool known = parse_id(webform_take(&f, "supporter", 20), &ad.user_id);
	e = known ? store_org_grant_access(r->store, v.c.organisation_id, ad.user_id, &access)
	          : MM_ERR_NOT_FOUND;
	if (e == MM_ERR_NOT_FOUND)
		webform_error(&f, "supporter", "consult.error.supporter");
	else if (e)
		return e;
	if (!webform_ok(&f))
		return consult_render_thread(r, res, &f, &v);
	return (e = page_tx(r, add_tx, &ad)) ? e : back(r, res, v.c.id, "added");
}

/* ---- accepting, assigning, referring ---- */

static enum mm_err page_consult_accept_post(struct req *r, struct res *res)
{
	struct change ch = {.r = r, .action = "consultation.accept", .notify_firm = true};
	bool offered;
	enum mm_err e = store_consult_get(r->store, r->arena, req_param_int(r, "id"), &ch.before);
	if (e == MM_ERR_NOT_FOUND)
		return refuse(r, res, 404);
	if (e || (e = store_consult_offer_exists(r->store, ch.before.id, r->user->id, &offered)))
		return e;
	/* Only a responder it was offered to may take it: anyone else
	 * learns nothing of it. */
	if (!offered) {
		audit_note(r, "consultation.accept", 0, ch.before.organisation_id,
		           consult_target(r, ch.before.id), AUDIT_DENIED, "");
		return refuse(r, res, 404);
	}
	ch.after = ch.before;
	if (ch.before.status != CONSULT_NEW || !apply(&ch, CONSULT_EV_ASSIGN))
		return refuse(r, res, 409);
	/* an offer is taken only by someone who responds now: not by an
	 * expert whose profile was withdrawn, rejected or stopped taking
	 * consultations, nor by a supporter who paused */
	struct consult_responder me;
	e = store_consult_responder_active(r->store, r->arena, r->user->id, &me);
	if (e == MM_ERR_NOT_FOUND)
		return refuse(r, res, 409);
	if (e)
		return e;
	ch.after.responder_user_id = r->user->id;
	ch.after.assigned_at = r->now;
	return change_and_answer(&ch, res, "accepted");
}

/* Desk staff assign, the assigned responder refers: to another active
 * responder (a supporter or an expert), chosen from the list. */
static enum mm_err hand_over(struct req *r, struct res *res, bool by_desk)
{
	struct consult_view v;
	struct webform f;
	struct change ch = {.r = r, .notify_firm = true, .notify_user_kind = "consult_assigned"};
	struct consult_responder to;
	int64_t to_id = 0;
	bool taken;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	if (by_desk ? !v.desk : v.who != CONSULT_VIEWER_RESPONDER)
		return refuse(r, res, 403);
	ch.before = ch.after = v.c;
	if (!apply(&ch, CONSULT_EV_ASSIGN))
		return refuse(r, res, 409);
	if ((e = consult_thread_form(&f, r, res)))
		return e;
	e = parse_id(webform_take(&f, "responder", 20), &to_id)
	        ? store_consult_responder_active(r->store, r->arena, to_id, &to)
	        : MM_ERR_NOT_FOUND;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (e || to_id == v.c.responder_user_id || to_id == v.c.opened_by)
		webform_error(&f, "responder", "consult.error.responder");
	if (!webform_ok(&f))
		return consult_render_thread(r, res, &f, &v);
	ch.after.responder_user_id = to_id;
	ch.after.assigned_at = r->now;
	ch.notify_user = to_id;
	ch.action = by_desk ? "consultation.assign" : "consultation.refer";
	ch.detail = arena_printf(r->arena, "user:%lld", (long long)to_id);
	if ((e = run_change(&ch, &taken)))
		return e;
	if (taken)
		return refuse(r, res, 409);
	return by_desk ? back(r, res, v.c.id, "assigned")
	               : page_redirect(r, res, "/responder?notice=referred");
}

static enum mm_err page_consult_assign_post(struct req *r, struct res *res)
{
	return hand_over(r, res, true);
}

static enum mm_err page_consult_refer_post(struct req *r, struct res *res)
{
	return hand_over(r, res, false);
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_actions_routes = ROUTE_TABLE(
    {HTTP_POST, "/consultations/{id:int}/messages", page_consult_message_post, RIGHT_USER,
     CONSULT_UPLOAD_MAX_BODY},
    {HTTP_POST, "/consultations/{id:int}/close", page_consult_close_post, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/reopen", page_consult_reopen_post, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/rating", page_consult_rating_post, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/participants", page_consult_participant_post, RIGHT_USER,
     0},
    {HTTP_POST, "/consultations/{id:int}/accept", page_consult_accept_post, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/assign", page_consult_assign_post, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/refer", page_consult_refer_post, RIGHT_USER, 0});
