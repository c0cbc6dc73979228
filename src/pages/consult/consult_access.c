/*
 * consult_access.c — see consult_access.h.
 */
#include "pages/consult/consult_access.h"

#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"

enum mm_err consult_viewer_of(struct req *r, const struct consultation *c, bool desk,
                              enum consult_viewer *out)
{
	int64_t uid = r->user->id;
	enum mm_err e;
	*out = CONSULT_VIEWER_NONE;
	if (c->organisation_id) {
		struct org_membership m;
		e = store_org_membership_of(r->store, uid, &m);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		if (!e && m.organisation_id == c->organisation_id) {
			*out = CONSULT_VIEWER_FIRM;
			return MM_OK;
		}
	} else if (c->opened_by == uid) {
		*out = CONSULT_VIEWER_FIRM;
		return MM_OK;
	}
	if (c->responder_user_id == uid) {
		*out = CONSULT_VIEWER_RESPONDER;
		return MM_OK;
	}
	bool added;
	if ((e = store_consult_participant_is(r->store, c->id, uid, &added)))
		return e;
	if (added)
		*out = CONSULT_VIEWER_PARTICIPANT;
	else if (desk)
		*out = CONSULT_VIEWER_DESK;
	return MM_OK;
}

struct str consult_target(struct req *r, int64_t id)
{
	char *t = arena_printf(r->arena, "consultation:%lld", (long long)id);
	return t ? str_from(t) : STR("consultation");
}

bool consult_viewer_is_firm(enum consult_viewer w)
{
	return w == CONSULT_VIEWER_FIRM || w == CONSULT_VIEWER_PARTICIPANT;
}

bool consult_load(struct req *r, struct res *res, struct consult_view *v, enum mm_err *e)
{
	int64_t id = req_param_int(r, "id");
	bool found;
	*e = page_found_or_404(r, res, store_consult_get(r->store, r->arena, id, &v->c), &found);
	if (!found || (*e = store_consult_desk_is(r->store, r->user->id, &v->desk)) ||
	    (*e = consult_viewer_of(r, &v->c, v->desk, &v->who)))
		return false;
	if (v->who == CONSULT_VIEWER_NONE) {
		audit_note(r, "consultation.view", 0, v->c.organisation_id, consult_target(r, id),
		           AUDIT_DENIED, "");
		page_error(r, res, 404);
		return false;
	}
	return true;
}

enum mm_err consult_set_row(struct req *r, struct val *obj, const struct consultation *c)
{
	struct arena *a = r->arena;
	bool late = c->status == CONSULT_NEW && r->now - c->created_at > CONSULT_UNASSIGNED_LATE_S;
	if (!val_set_long(a, obj, "id", (long)c->id) ||
	    !val_set_cstr(a, obj, "url",
	                  arena_printf(a, "/consultations/%lld", (long long)c->id)) ||
	    !val_set_str(a, obj, "category",
	                 labels_keyed(r->lang, "consult.category", c->category)) ||
	    !val_set_str(a, obj, "urgency", labels_keyed(r->lang, "consult.urgency", c->urgency)) ||
	    !val_set_str(a, obj, "status",
	                 labels_keyed(r->lang, "consult.status",
	                              str_from(consult_status_names[c->status]))) ||
	    !val_set_str(a, obj, "region", labels_prefecture(r->lang, c->prefecture)) ||
	    !val_set_str(a, obj, "responder", c->responder_name) ||
	    !val_set_str(a, obj, "organisation", c->organisation_name) ||
	    !val_set_bool(a, obj, "has_responder", c->responder_user_id != 0) ||
	    !val_set_cstr(a, obj, "opened", page_format_time(r, c->created_at)) ||
	    !val_set_bool(a, obj, "late", late) ||
	    !val_set_bool(a, obj, "urgent", str_eq_lit(c->urgency, "now")))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err consult_set_rows(struct req *r, struct val *ctx, const char *name,
                             const struct consultation *c, size_t n)
{
	struct val *list = val_set_list(r->arena, ctx, name);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(r->arena, list);
		enum mm_err e = v ? consult_set_row(r, v, &c[i]) : MM_ERR_NOMEM;
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err consult_notify_firm(struct store *s, struct arena *a, const struct consultation *c,
                                const char *kind, int64_t except_user, int64_t now)
{
	struct consult_recipient *to;
	size_t n;
	enum mm_err e = store_consult_firm_recipients(s, a, c, &to, &n);
	char *link = mail_link(a, arena_printf(a, "/consultations/%lld", (long long)c->id));
	if (!e && !link)
		e = MM_ERR_NOMEM;
	for (size_t i = 0; !e && i < n; i++)
		if (to[i].user_id != except_user)
			e = mail_queue(s, a, mail_lang_from_code(to[i].lang), kind, to[i].email,
			               link, now);
	return e;
}

enum mm_err consult_notify_user(struct store *s, struct arena *a, int64_t user_id, const char *kind,
                                const char *path, int64_t now)
{
	struct user u;
	enum mm_err e = store_user_by_id(s, a, user_id, &u);
	if (e == MM_ERR_NOT_FOUND || (!e && u.disabled_at))
		return MM_OK; /* gone: nobody to tell */
	char *link = e ? NULL : mail_link(a, path);
	if (!e && !link)
		e = MM_ERR_NOMEM;
	return e ? e : mail_queue(s, a, mail_lang_of(&u), kind, u.email, link, now);
}

enum mm_err consult_offer(struct store *s, struct arena *a, const struct consultation *c,
                          int64_t now, size_t *offered)
{
	struct consult_recipient *to;
	size_t n;
	enum mm_err e =
	    store_consult_responders_matching(s, a, c->category, c->prefecture, &to, &n);
	char *link = mail_link(a, "/responder");
	if (!e && !link)
		e = MM_ERR_NOMEM;
	*offered = 0;
	for (size_t i = 0; !e && i < n; i++) {
		if (to[i].user_id == c->opened_by || to[i].user_id == c->expert_user_id)
			continue;
		if (!(e = store_consult_offer_insert(s, c->id, to[i].user_id, now)) &&
		    !(e = mail_queue(s, a, mail_lang_from_code(to[i].lang), "consult_offer",
		                     to[i].email, link, now)))
			(*offered)++;
	}
	return e;
}

enum mm_err consult_offer_expert(struct store *s, struct arena *a, const struct consultation *c,
                                 int64_t now)
{
	enum mm_err e = store_consult_offer_insert(s, c->id, c->expert_user_id, now);
	return e ? e
	         : consult_notify_user(s, a, c->expert_user_id, "consult_offer", "/responder", now);
}
