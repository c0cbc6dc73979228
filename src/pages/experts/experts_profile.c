/*
 * experts_profile.c — "/experts/profile": a signed-in user's own profile
 * in the experts directory. Anyone may apply; an administrator's approval
 * decides whether it is published (experts_admin.c). Saving needs the
 * consent to publish, and any change sends the profile back to review, so
 * nothing is public that an administrator has not seen.
 * "/experts/profile/delete" asks, then removes it.
 *
 * Only r->user's own profile is ever read or written here.
 */
#include "core/experts.h"
#include "core/org_fields.h"
#include "lib/form.h"
#include "pages/experts/experts_view.h"
#include "pages/shared/confirm.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"submitted", "deleted"};

/* The fields that are groups of check boxes, declared so that the
 * template can ask each for its error. */
static enum mm_err declare_groups(struct webform *f)
{
	return webform_blank(f, "prefectures", "skills", "languages", "consent", NULL);
}

/* The form, with the values of x (stored, or as submitted), under the
 * state of the stored profile when there is one. */
static enum mm_err render_form(struct webform *f, struct res *res, const struct expert *x,
                               const struct expert *stored, int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e;
	if ((e = labels_options_fixed(a, r->lang, f->ctx, "kinds", expert_kinds, EXPERT_KIND_COUNT,
	                              "experts.kind", x->kind)) ||
	    (e = experts_view_checkboxes(r, f->ctx, "prefecture_boxes", EXPERT_LIST_PREFECTURES,
	                                 x->prefectures)) ||
	    (e = experts_view_checkboxes(r, f->ctx, "skill_boxes", EXPERT_LIST_SKILLS,
	                                 x->skills)) ||
	    (e = experts_view_checkboxes(r, f->ctx, "language_boxes", EXPERT_LIST_LANGUAGES,
	                                 x->languages)) ||
	    (e = notice_set(r, f->ctx, "experts.notice", notices, 2)))
		return e;
	if (!val_set_bool(a, f->ctx, "takes_consultations", x->takes_consultations) ||
	    !val_set_bool(a, f->ctx, "stored", stored != NULL))
		return MM_ERR_NOMEM;
	if (stored) {
		struct val *obj = val_set_obj(a, f->ctx, "expert");
		if (!obj || (e = experts_view_set(r, obj, stored)))
			return e ? e : MM_ERR_NOMEM;
	}
	return titled_render(r, res, status, "experts_profile", f->ctx, "experts.profile.title",
	                     "experts.title", "/experts");
}

static enum mm_err page_experts_profile(struct req *r, struct res *res)
{
	struct expert x = {.kind = STR(""), .languages = 1 /* ja */};
	enum mm_err e = store_expert_by_user(r->store, r->arena, r->user->id, &x);
	bool stored = !e;
	struct webform f;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = declare_groups(&f)) ||
	    (e = webform_set(&f, "name", stored ? x.name : STR(""))) ||
	    (e = webform_set(&f, "kind", x.kind)) ||
	    (e = webform_set(&f, "qualifications", stored ? x.qualifications : STR(""))) ||
	    (e = webform_set(&f, "introduction", stored ? x.introduction : STR(""))))
		return e;
	return render_form(&f, res, &x, stored ? &x : NULL, 200);
}

/* Saving, in one transaction with its audit line. */
struct saving {
	struct expert x;
	int64_t id;
};

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	enum mm_err e = store_expert_save(s, &sv->x, r->now, &sv->id);
	if (e)
		return e;
	return audit_log(r, "expert.submit", 0, 0, r->user->email, AUDIT_OK,
	                 arena_printf(r->arena, "expert %lld", (long long)sv->id));
}

static void check_list(struct webform *f, int64_t mask, const char *field, const char *key)
{
	if (!mask)
		webform_error(f, field, key);
}

static enum mm_err page_experts_profile_post(struct req *r, struct res *res)
{
	struct saving sv = {.x = {.user_id = r->user->id}};
	struct expert *x = &sv.x;
	struct webform f;
	struct str v;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = declare_groups(&f)))
		return e;
	x->name = webform_take_checked(&f, "name", EXPERT_NAME_MAX_CHARS, org_single_line);
	if (x->name.n == 0)
		webform_error(&f, "name", "experts.error.name");
	x->kind = webform_take(&f, "kind", 32);
	if (expert_name_index(expert_kinds, EXPERT_KIND_COUNT, x->kind) < 0)
		webform_error(&f, "kind", "experts.error.kind");
	x->qualifications = webform_take_checked(&f, "qualifications",
	                                         EXPERT_QUALIFICATIONS_MAX_CHARS, expert_text_ok);
	if (x->qualifications.n == 0)
		webform_error(&f, "qualifications", "experts.error.qualifications");
	x->introduction =
	    webform_take_checked(&f, "introduction", EXPERT_INTRODUCTION_MAX_CHARS, expert_text_ok);
	x->prefectures = experts_view_checked(r, EXPERT_LIST_PREFECTURES);
	x->skills = experts_view_checked(r, EXPERT_LIST_SKILLS);
	x->languages = experts_view_checked(r, EXPERT_LIST_LANGUAGES);
	check_list(&f, x->prefectures, "prefectures", "experts.error.prefectures");
	check_list(&f, x->skills, "skills", "experts.error.skills");
	check_list(&f, x->languages, "languages", "experts.error.languages");
	x->takes_consultations =
	    kvlist_get_one(&r->form, "takes_consultations", &v) == MM_OK && str_eq_lit(v, "1");
	if (kvlist_get_one(&r->form, "consent", &v) != MM_OK || !str_eq_lit(v, "1"))
		webform_error(&f, "consent", "experts.error.consent");
	if (!webform_ok(&f)) {
		struct expert stored;
		e = store_expert_by_user(r->store, r->arena, r->user->id, &stored);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		return render_form(&f, res, x, e ? NULL : &stored, 422);
	}
	if ((e = page_tx(r, save_tx, &sv)))
		return e;
	return page_redirect(r, res, "/experts/profile?notice=submitted");
}

static enum mm_err page_experts_profile_delete(struct req *r, struct res *res)
{
	struct expert x;
	enum mm_err e = store_expert_by_user(r->store, r->arena, r->user->id, &x);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, "/experts/profile");
	if (e)
		return e;
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = "experts.profile.delete.title",
	                          .heading_key = "experts.profile.delete.heading",
	                          .lead = page_t(r, "experts.profile.delete.text"),
	                          .who = x.name,
	                          .action = "/experts/profile/delete",
	                          .submit_key = "experts.profile.delete.submit",
	                          .back_url = "/experts/profile",
	                          .back_key = "experts.profile.delete.cancel",
	                          .parent_key = "experts.profile.title",
	                          .parent_url = "/experts/profile",
	                      });
}

static enum mm_err delete_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	enum mm_err e = store_expert_delete_by_user(s, r->user->id);
	if (e)
		return e;
	return audit_log(r, "expert.delete", 0, 0, r->user->email, AUDIT_OK, NULL);
}

static enum mm_err page_experts_profile_delete_post(struct req *r, struct res *res)
{
	enum mm_err e = page_tx(r, delete_tx, NULL);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	return page_redirect(r, res, "/experts/profile?notice=deleted");
}

/* This file's routes, in dispatch order (see experts_routes.c). */
const struct route_table experts_profile_routes = ROUTE_TABLE(
    {HTTP_GET, "/experts/profile", page_experts_profile, RIGHT_USER, 0},
    {HTTP_POST, "/experts/profile", page_experts_profile_post, RIGHT_USER, 0},
    {HTTP_GET, "/experts/profile/delete", page_experts_profile_delete, RIGHT_USER, 0},
    {HTTP_POST, "/experts/profile/delete", page_experts_profile_delete_post, RIGHT_USER, 0});
