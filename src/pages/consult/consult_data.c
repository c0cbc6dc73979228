/*
 * consult_data.c — what a firm keeps and removes: GET
 * /consultations/export.json (every consultation of the user's firm, or
 * of the user without one, with its messages and the list of its
 * attachments — each file itself is downloaded from its page) and
 * /consultations/{id}/delete (a confirmation, then the consultation with
 * its messages, offers and attachments is gone). The firm's members (or
 * the person who opened it without a firm) export; deleting a firm's
 * record is its owners' act, as deleting the firm is. Both are in the
 * audit log.
 */
#include <jansson.h>

#include "pages/consult/consult_access.h"
#include "pages/shared/json_export.h"
#include "pages/shared/confirm.h"
#include "pages/shared/words.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"

#define CONSULT_EXPORT_VERSION 1
#define CONSULT_EXPORT_MAX 1000

static json_t *export_one(struct req *r, const struct consultation *c, struct json_builder *b)
{
	struct consult_message *m;
	struct consult_attachment *at;
	size_t nm, na;
	json_t *o = json_object(), *msgs = json_array(), *files = json_array();
	if (!o || !msgs || !files || store_consult_messages(r->store, r->arena, c->id, &m, &nm) ||
	    store_consult_attachments(r->store, r->arena, c->id, &at, &na)) {
		b->failed = true;
		json_decref(msgs);
		json_decref(files);
		return o;
	}
	json_builder_set(b, o, "id", json_integer(c->id));
	json_builder_set(b, o, "category", json_export_str(c->category));
	json_builder_set(b, o, "urgency", json_export_str(c->urgency));
	json_builder_set(b, o, "prefecture", json_integer(c->prefecture));
	json_builder_set(b, o, "status", json_string(consult_status_names[c->status]));
	json_builder_set(b, o, "question", json_export_str(c->question));
	json_builder_set(b, o, "responder", json_export_str(c->responder_name));
	json_builder_set(b, o, "opened_at", json_export_time(c->created_at));
	json_builder_set(b, o, "first_answer_at", json_export_time(c->first_answer_at));
	json_builder_set(b, o, "closed_at", json_export_time(c->closed_at));
	json_builder_set(b, o, "rating", c->rating ? json_integer(c->rating) : json_null());
	json_builder_set(b, o, "rating_comment", json_export_str(c->rating_comment));
	for (size_t i = 0; i < nm; i++) {
		json_t *x = json_object();
		json_builder_set(b, x, "side", json_export_str(m[i].side));
		json_builder_set(b, x, "author", json_export_str(m[i].author_email));
		json_builder_set(b, x, "body", json_export_str(m[i].body));
		json_builder_set(b, x, "at", json_export_time(m[i].created_at));
		json_builder_push(b, msgs, x);
	}
	for (size_t i = 0; i < na; i++) {
		json_t *x = json_object();
		json_builder_set(b, x, "filename", json_export_str(at[i].filename));
		json_builder_set(b, x, "type", json_export_str(at[i].content_type));
		json_builder_set(b, x, "bytes", json_integer(at[i].size));
		json_builder_set(
		    b, x, "url",
		    json_string(arena_printf(r->arena, "/consultations/%lld/attachments/%.*s",
		                             (long long)c->id, (int)at[i].name.n, at[i].name.p)));
		json_builder_push(b, files, x);
	}
	json_builder_set(b, o, "messages", msgs);
	json_builder_set(b, o, "attachments", files);
	return o;
}

static enum mm_err page_consult_export(struct req *r, struct res *res)
{
	struct org_membership mem;
	struct consultation *c;
	size_t n;
	int64_t total;
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &mem);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	int64_t org_id = e ? 0 : mem.organisation_id;
	if ((e = store_consult_list_own(r->store, r->arena, org_id, r->user->id,
	                                (struct org_page){0, CONSULT_EXPORT_MAX}, &c, &n, &total)))
		return e;
	struct json_builder b = {0};
	json_t *root = json_object(), *list = json_array();
	json_builder_set(&b, root, "format", json_string("mamori.consultations"));
	json_builder_set(&b, root, "version", json_integer(CONSULT_EXPORT_VERSION));
	json_builder_set(&b, root, "exported_at", json_export_time(r->now));
	for (size_t i = 0; list && i < n; i++)
		json_builder_push(&b, list, export_one(r, &c[i], &b));
	json_builder_set(&b, root, "consultations", list);
	json_builder_set(&b, root, "complete", json_boolean(total <= (int64_t)n));
	struct str body;
	e = b.failed ? MM_ERR_NOMEM : json_export_text(r->arena, root, &body);
	json_decref(root);
	if (e)
		return e;
	audit_note(r, "consultation.export", 0, org_id, STR("consultations"), AUDIT_OK, "json");
	return page_download(r, res, "application/json; charset=utf-8", "mamori-consultations.json",
	                     body);
}

/* The consultation of the route for an owner of its firm (or the person
 * who opened it without one); false after answering. */
static bool load_own(struct req *r, struct res *res, struct consult_view *v, enum mm_err *e)
{
	struct org_membership m = {0};
	if (!consult_load(r, res, v, e))
		return false;
	if (v->c.organisation_id && v->who == CONSULT_VIEWER_FIRM &&
	    (*e = store_org_membership_of(r->store, r->user->id, &m)))
		return false;
	if (v->who != CONSULT_VIEWER_FIRM || (v->c.organisation_id && m.role != ORG_ROLE_OWNER)) {
		page_error(r, res, 403);
		return false;
	}
	return true;
}

/* "Consultation 12 (Malware), opened 6 Dec 2026 10:00": which one the
 * owner is about to delete. */
static struct str which_consultation(struct req *r, const struct consultation *c)
{
	static const char *const names[] = {"number", "category", "opened"};
	const struct str values[] = {
	    words_int(r, (long)c->id),
	    labels_keyed(r->lang, "consult.category", c->category),
	    str_from(page_format_time(r, c->created_at)),
	};
	return words_fill(r, "consult.delete.which", names, values, 3);
}

static enum mm_err page_consult_delete(struct req *r, struct res *res)
{
	struct consult_view v;
	enum mm_err e;
	if (!load_own(r, res, &v, &e))
		return e;
	return confirm_render(
	    r, res,
	    &(struct confirm_page){
	        .title_key = "consult.delete.title",
	        .lead = page_t(r, "consult.delete.text"),
	        .who = which_consultation(r, &v.c),
	        .action = arena_printf(r->arena, "/consultations/%lld/delete", (long long)v.c.id),
	        .submit_key = "consult.delete.submit",
	        .back_url = arena_printf(r->arena, "/consultations/%lld", (long long)v.c.id),
	        .back_key = "consult.delete.back",
	        .parent_key = "consult.list.title",
	        .parent_url = "/consultations",
	    });
}

struct deletion {
	const struct consultation *c;
};

static enum mm_err delete_tx(struct req *r, struct store *s, void *arg)
{
	struct deletion *d = arg;
	enum mm_err e = store_consult_delete(s, d->c->id);
	return e ? e
	         : audit_log(r, "consultation.delete", 0, d->c->organisation_id,
	                     consult_target(r, d->c->id), AUDIT_OK, "");
}

static enum mm_err page_consult_delete_post(struct req *r, struct res *res)
{
	struct consult_view v;
	enum mm_err e;
	if (!load_own(r, res, &v, &e))
		return e;
	struct deletion d = {.c = &v.c};
	if ((e = page_tx(r, delete_tx, &d)))
		return e;
	return page_redirect(r, res, "/consultations?notice=deleted");
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_data_routes = ROUTE_TABLE(
    {HTTP_GET, "/consultations/export.json", page_consult_export, RIGHT_USER, 0},
    {HTTP_GET, "/consultations/{id:int}/delete", page_consult_delete, RIGHT_USER, 0},
    {HTTP_POST, "/consultations/{id:int}/delete", page_consult_delete_post, RIGHT_USER, 0});
