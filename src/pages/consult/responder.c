/*
 * responder.c — "/responder": a registered supporter opts in as a
 * responder (the categories they answer, the prefectures they cover, and
 * whether they take new consultations now), and sees the consultations
 * offered to them (category, urgency, region and age: never the question,
 * which only the one who accepts reads) and those assigned to them.
 * An expert of the directory responds through their profile (approved and
 * taking consultations: store/consult.h) and sees the same lists here,
 * without the supporter's settings. Offers are listed only while the
 * person responds (store_consult_responder_active), as only then may they
 * take one. Someone who is neither is sent to register as a supporter.
 */
#include <stdio.h>

#include "core/org_fields.h"
#include "pages/consult/consult_access.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "store/experts.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"
#include "store/org_support.h"

static const char *const notices[] = {"saved", "referred"};

static enum mm_err set_choices(struct req *r, struct val *ctx, const struct consult_responder *me)
{
	struct arena *a = r->arena;
	struct val *skills = val_set_list(a, ctx, "skills");
	struct val *prefs = val_set_list(a, ctx, "prefectures");
	if (!skills || !prefs)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < consult_category_count; i++) {
		struct val *v = val_list_push_obj(a, skills);
		if (!v || !val_set_cstr(a, v, "value", consult_categories[i]) ||
		    !val_set_str(a, v, "label",
		                 labels_keyed(r->lang, "consult.category",
		                              str_from(consult_categories[i]))) ||
		    !val_set_bool(a, v, "checked", me->skills & (1u << i)))
			return MM_ERR_NOMEM;
	}
	for (int p = 1; p <= 47; p++) {
		struct val *v = val_list_push_obj(a, prefs);
		if (!v || !val_set_long(a, v, "value", p) ||
		    !val_set_str(a, v, "label", labels_prefecture(r->lang, p)) ||
		    !val_set_bool(a, v, "checked", me->prefectures & ((uint64_t)1 << p)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "active", me->active) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err set_list(struct req *r, struct val *ctx, const char *name,
                            const struct consultation *c, size_t n)
{
	/* the context keeps the name it is given: it must outlive this call */
	char *has = arena_printf(r->arena, "has_%s", name);
	enum mm_err e = consult_set_rows(r, ctx, name, c, n);
	if (e)
		return e;
	return has && val_set_bool(r->arena, ctx, has, n > 0) ? MM_OK : MM_ERR_NOMEM;
}

/* Who the page is for: a supporter (and whether they opted in), an
 * expert of the directory, and whether they respond now. */
struct me {
	struct consult_responder profile; /* the supporter's responder profile */
	bool supporter, registered, expert, expert_takes, active;
};

static enum mm_err render(struct req *r, struct res *res, struct webform *f, const struct me *me)
{
	struct consultation *offered = NULL, *mine = NULL;
	size_t no = 0, nm = 0;
	bool lists = me->registered || me->expert;
	enum mm_err e;
	if (lists && me->active &&
	    (e = store_consult_list_offered(r->store, r->arena, r->user->id, &offered, &no)))
		return e;
	if (lists && (e = store_consult_list_assigned(r->store, r->arena, r->user->id, &mine, &nm)))
		return e;
	if ((e = set_choices(r, f->ctx, &me->profile)) ||
	    (e = set_list(r, f->ctx, "offers", offered, no)) ||
	    (e = set_list(r, f->ctx, "assigned", mine, nm)) ||
	    (e = notice_set(r, f->ctx, "consult.responder.notice", notices, 2)))
		return e;
	if (!val_set_bool(r->arena, f->ctx, "registered", lists) ||
	    !val_set_bool(r->arena, f->ctx, "supporter", me->supporter) ||
	    !val_set_bool(r->arena, f->ctx, "expert", me->expert) ||
	    !val_set_bool(r->arena, f->ctx, "expert_takes", me->expert_takes) ||
	    !val_set_bool(r->arena, f->ctx, "active_now", me->active))
		return MM_ERR_NOMEM;
	res->personal = true;
	return titled_render(r, res, webform_ok(f) ? 200 : 422, "consult_responder", f->ctx,
	                     "consult.responder.title", NULL, NULL);
}

static enum mm_err load_me(struct req *r, struct me *me)
{
	struct org_supporter sup;
	struct expert x;
	struct consult_responder any;
	*me = (struct me){.profile = {.user_id = r->user->id, .active = true}};
	enum mm_err e = store_org_supporter_by_user(r->store, r->arena, r->user->id, &sup);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	me->supporter = e == MM_OK;
	if (me->supporter) {
		e = store_consult_responder_get(r->store, r->arena, r->user->id, &me->profile);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		me->registered = e == MM_OK;
	}
	e = store_expert_by_user(r->store, r->arena, r->user->id, &x);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	me->expert = e == MM_OK;
	me->expert_takes = me->expert && x.status == EXPERT_APPROVED && x.takes_consultations;
	e = store_consult_responder_active(r->store, r->arena, r->user->id, &any);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	me->active = e == MM_OK;
	return MM_OK;
}

static enum mm_err page_responder(struct req *r, struct res *res)
{
	struct me me;
	struct webform f;
	enum mm_err e;
	if ((e = load_me(r, &me)))
		return e;
	if (!me.supporter && !me.expert)
		return page_redirect(r, res, "/supporter");
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "skills", "prefectures", NULL)))
		return e;
	return render(r, res, &f, &me);
}

struct saving {
	struct consult_responder *me;
};

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	int64_t offered = 0;
	enum mm_err e = store_consult_responder_save(s, sv->me, r->now);
	/* what already waits in the area is theirs to take too */
	if (!e && sv->me->active)
		e = store_consult_offer_waiting(s, sv->me->user_id, r->now, CONSULT_LIST_MAX,
		                                &offered);
	return e ? e
	         : audit_log(r, "responder.save", 0, 0, r->user->email, AUDIT_OK,
	                     arena_printf(r->arena,
	                                  "skills=%x prefectures=%llx active=%d offered=%lld",
	                                  sv->me->skills, (unsigned long long)sv->me->prefectures,
	                                  sv->me->active, (long long)offered));
}

static enum mm_err page_responder_post(struct req *r, struct res *res)
{
	struct me who;
	struct webform f;
	enum mm_err e;
	if ((e = load_me(r, &who)))
		return e;
	if (!who.supporter) {
		page_error(r, res, 403);
		return MM_OK;
	}
	struct consult_responder me = who.profile;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "skills", "prefectures", NULL)))
		return e;
	me.skills = 0;
	me.prefectures = 0;
	bool bad = false;
	for (size_t i = 0; i < r->form.n; i++) {
		struct str k = r->form.items[i].key, v = r->form.items[i].value;
		int p;
		bool known = false;
		if (str_eq_lit(k, "skills")) {
			for (size_t j = 0; j < consult_category_count; j++)
				if (str_eq_lit(v, consult_categories[j])) {
					me.skills |= 1u << j;
					known = true;
				}
			bad |= !known;
		} else if (str_eq_lit(k, "prefectures")) {
			if (org_prefecture_parse(v, &p))
				me.prefectures |= (uint64_t)1 << p;
			else
				bad = true;
		}
	}
	struct str active;
	me.active =
	    kvlist_get_one(&r->form, "active", &active) == MM_OK && str_eq_lit(active, "yes");
	if (bad)
		webform_error(&f, "skills", "form.invalid");
	if (!me.skills)
		webform_error(&f, "skills", "consult.error.skills");
	if (!me.prefectures)
		webform_error(&f, "prefectures", "consult.error.prefectures");
	if (!webform_ok(&f)) {
		who.profile = me;
		return render(r, res, &f, &who);
	}
	struct saving sv = {.me = &me};
	if ((e = page_tx(r, save_tx, &sv)))
		return e;
	return page_redirect(r, res, "/responder?notice=saved");
}

/* This file's routes (see consult_routes.c). */
const struct route_table responder_routes =
    ROUTE_TABLE({HTTP_GET, "/responder", page_responder, RIGHT_USER, 0},
                {HTTP_POST, "/responder", page_responder_post, RIGHT_USER, 0});
