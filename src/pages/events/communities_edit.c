/*
 * communities_edit.c — making and changing communities. An administrator
 * creates one at "/communities/new" and names its first organisers (by
 * the e-mail of their accounts; anyone else signed in is told so there); its organisers change it
 * at
 * "/communities/{id}/edit", add co-organisers at
 * "/communities/{id}/organisers" and start study programmes at
 * "/communities/{id}/programmes/new". The region is one of the nine
 * regional bureaus' areas or any set of prefectures; a community without
 * prefectures names its industry focus instead.
 */
#include <stdio.h>

#include "core/email.h"
#include "core/event.h"
#include "core/org_fields.h"
#include "pages/events/events_view.h"
#include "pages/shared/titled.h"
#include "pages/shared/prefectures.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define COMMUNITY_NAME_MAX_CHARS 100
#define COMMUNITY_INDUSTRY_MAX_CHARS 100
#define COMMUNITY_DESCRIPTION_MAX_CHARS 3000
#define ORGANISERS_MAX_CHARS 2000
#define FIRST_ORGANISERS_MAX 10
#define PROGRAMME_TITLE_MAX_CHARS 200

static enum mm_err set_choices(struct webform *f, const struct community *c)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	const char *region_names[EVENT_REGION_COUNT];
	for (int i = 0; i < EVENT_REGION_COUNT; i++)
		region_names[i] = event_regions[i].name;
	int region = c->prefectures ? event_region_of(c->prefectures) : -1;
	enum mm_err e = labels_options_fixed(
	    a, r->lang, f->ctx, "regions", region_names, EVENT_REGION_COUNT, "events.region",
	    region >= 0 ? str_from(region_names[region]) : STR(""));
	/* a region chosen whole is shown as the region, its boxes left empty */
	if (e || (e = prefecture_boxes_set(r, f->ctx, region < 0 ? c->prefectures : 0)))
		return e;
	return val_set_bool(a, f->ctx, "join_request", c->join == COMMUNITY_JOIN_REQUEST)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err render_form(struct webform *f, struct res *res, const struct community *c,
                               bool creating, int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e = set_choices(f, c);
	if (e)
		return e;
	if (!val_set_bool(a, f->ctx, "creating", creating) ||
	    !val_set_cstr(a, f->ctx, "organisers_action",
	                  arena_printf(a, "/communities/%lld/organisers", (long long)c->id)) ||
	    !val_set_cstr(a, f->ctx, "action",
	                  creating ? "/communities/new"
	                           : arena_printf(a, "/communities/%lld/edit", (long long)c->id)))
		return MM_ERR_NOMEM;
	/* editing leads back through the community itself */
	if (!creating)
		return events_render_in_community(r, res, status, "community_form", f->ctx, c,
		                                  "events.community_edit.title");
	return titled_render(r, res, status, "community_form", f->ctx, "events.community_new.title",
	                     "events.communities.title", "/communities");
}

static enum mm_err form_init(struct webform *f, struct req *r, struct res *res,
                             const struct community *c)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(f, "name", c->name)) ||
	    (e = webform_set(f, "industry", c->industry)) ||
	    (e = webform_set(f, "description", c->description)) ||
	    (e = webform_blank(f, "organisers", "area", "email", NULL)))
		return e;
	return MM_OK;
}

/* The fields of the form into c; errors noted on f. */
static void read_form(struct webform *f, struct community *c)
{
	struct req *r = f->r;
	c->name = webform_take_required(f, "name", COMMUNITY_NAME_MAX_CHARS, org_single_line,
	                                "events.error.name");
	c->industry =
	    webform_take_checked(f, "industry", COMMUNITY_INDUSTRY_MAX_CHARS, org_single_line);
	c->description =
	    webform_take_checked(f, "description", COMMUNITY_DESCRIPTION_MAX_CHARS, event_text_ok);
	c->join = str_eq_lit(events_field(r, "join"), "request") ? COMMUNITY_JOIN_REQUEST
	                                                         : COMMUNITY_JOIN_OPEN;
	c->prefectures = 0;
	struct str region = events_field(r, "region");
	for (int i = 0; i < EVENT_REGION_COUNT; i++)
		if (str_eq_lit(region, event_regions[i].name))
			c->prefectures = event_regions[i].prefectures;
	for (int code = 1; code <= 47; code++) {
		char name[16];
		snprintf(name, sizeof name, "pref_%d", code);
		if (str_eq_lit(events_field(r, name), "1"))
			c->prefectures |= (uint64_t)1 << (code - 1);
	}
	if (!c->prefectures && !c->industry.n)
		webform_error(f, "area", "events.error.area");
}

static enum mm_err page_community_new(struct req *r, struct res *res)
{
	struct community c = {.name = STR(""), .industry = STR(""), .description = STR("")};
	struct webform f;
	enum mm_err e = form_init(&f, r, res, &c);
	return e ? e : render_form(&f, res, &c, true, 200);
}

struct creating {
	struct community c;
	struct user *organisers;
	size_t n;
	int64_t id;
};

/* Makes user_id an organiser of the community. One already (an address
 * typed twice, the form sent again) is no error: *added says whether a
 * row was written. */
static enum mm_err organiser_add(struct req *r, struct store *s, int64_t community_id,
                                 int64_t user_id, bool *added)
{
	enum mm_err e =
	    store_community_organiser_add(s, community_id, user_id, r->user->id, r->now);
	*added = e == MM_OK;
	return e == MM_ERR_CONFLICT ? MM_OK : e;
}

static enum mm_err create_tx(struct req *r, struct store *s, void *arg)
{
	struct creating *cr = arg;
	bool added;
	enum mm_err e = store_community_insert(s, &cr->c, r->user->id, r->now, &cr->id);
	for (size_t i = 0; !e && i < cr->n; i++)
		e = organiser_add(r, s, cr->id, cr->organisers[i].id, &added);
	if (e)
		return e;
	return events_audit_community(r, "community.create", cr->c.name, cr->id);
}

/* The accounts of the e-mail addresses typed, one a line (or separated by
 * commas); an address without an account is an error on the field. */
static enum mm_err read_organisers(struct webform *f, struct user **out, size_t *n)
{
	struct req *r = f->r;
	struct str text = webform_take(f, "organisers", ORGANISERS_MAX_CHARS), item;
	*out = arena_alloc(r->arena, FIRST_ORGANISERS_MAX * sizeof **out);
	*n = 0;
	if (!*out)
		return MM_ERR_NOMEM;
	char *copy = str_dup(r->arena, text);
	if (!copy)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < text.n; i++)
		if (copy[i] == '\n' || copy[i] == '\r')
			copy[i] = ',';
	text.p = copy;
	while (str_next_item(&text, ',', &item)) {
		struct str email;
		item = str_trim(item);
		if (!item.n)
			continue;
		if (*n >= FIRST_ORGANISERS_MAX ||
		    core_email_normalise(r->arena, item, &email) != EMAIL_OK) {
			webform_error(f, "organisers", "events.error.organisers");
			return MM_OK;
		}
		enum mm_err e = store_user_by_email(r->store, r->arena, email, &(*out)[*n]);
		if (e == MM_ERR_NOT_FOUND) {
			webform_error(f, "organisers", "events.error.organiser_unknown");
			return MM_OK;
		}
		if (e)
			return e;
		(*n)++;
	}
	if (!*n)
		webform_error(f, "organisers", "events.error.organisers");
	return MM_OK;
}

static enum mm_err page_community_new_post(struct req *r, struct res *res)
{
	struct creating cr = {0};
	struct webform f;
	enum mm_err e = form_init(&f, r, res, &cr.c);
	if (e)
		return e;
	read_form(&f, &cr.c);
	if ((e = read_organisers(&f, &cr.organisers, &cr.n)))
		return e;
	if (!webform_ok(&f))
		return render_form(&f, res, &cr.c, true, 422);
	if ((e = page_tx(r, create_tx, &cr)))
		return e;
	return page_redirectf(r, res, "/communities/%lld?notice=created", (long long)cr.id);
}

static enum mm_err set_organisers(struct req *r, struct val *ctx, int64_t id)
{
	struct community_person *p;
	size_t n;
	enum mm_err e = store_community_organisers(r->store, r->arena, id, &p, &n);
	struct val *list = e ? NULL : val_set_list(r->arena, ctx, "organiser_list");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(r->arena, list);
		if (!v || !val_set_str(r->arena, v, "email", p[i].email))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* The community of the URL's {id} when r->user organises it, and its edit
 * form filled from it; otherwise the answer (404, 403) is sent and c->id
 * is 0. */
static enum mm_err open_edit_form(struct req *r, struct res *res, struct community *c,
                                  struct webform *f)
{
	enum mm_err e = events_organised_community(r, res, c);
	if (e || !c->id)
		return e;
	return form_init(f, r, res, c);
}

/* The edit form of c, with the list of its organisers beside it. */
static enum mm_err render_edit(struct webform *f, struct res *res, const struct community *c,
                               int status)
{
	enum mm_err e = set_organisers(f->r, f->ctx, c->id);
	return e ? e : render_form(f, res, c, false, status);
}

static enum mm_err page_community_edit(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = open_edit_form(r, res, &c, &f);
	if (e || !c.id)
		return e;
	return render_edit(&f, res, &c, 200);
}

struct saving {
	const struct community *c;
};

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	enum mm_err e = store_community_update(s, sv->c, r->now);
	if (e)
		return e;
	return events_audit_community(r, "community.edit", sv->c->name, sv->c->id);
}

static enum mm_err page_community_edit_post(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = open_edit_form(r, res, &c, &f);
	if (e || !c.id)
		return e;
	read_form(&f, &c);
	if (!webform_ok(&f))
		return render_edit(&f, res, &c, 422);
	struct saving sv = {.c = &c};
	if ((e = page_tx(r, save_tx, &sv)))
		return e;
	return page_redirectf(r, res, "/communities/%lld?notice=saved", (long long)c.id);
}

struct adding {
	int64_t community_id;
	struct user u;
};

static enum mm_err add_tx(struct req *r, struct store *s, void *arg)
{
	struct adding *ad = arg;
	bool added;
	enum mm_err e = organiser_add(r, s, ad->community_id, ad->u.id, &added);
	if (e || !added)
		return e;
	return events_audit_community(r, "community.organiser_add", ad->u.email, ad->community_id);
}

/* A co-organiser, by the e-mail of their account. */
static enum mm_err page_community_organiser_post(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = open_edit_form(r, res, &c, &f);
	if (e || !c.id)
		return e;
	struct adding ad = {.community_id = c.id};
	struct str email;
	struct str typed = webform_take(&f, "email", EMAIL_MAX_CHARS);
	if (core_email_normalise(r->arena, typed, &email) != EMAIL_OK)
		webform_error(&f, "email", "events.error.organisers");
	else if ((e = store_user_by_email(r->store, r->arena, email, &ad.u)) == MM_ERR_NOT_FOUND)
		webform_error(&f, "email", "events.error.organiser_unknown");
	else if (e)
		return e;
	if (!webform_ok(&f))
		return render_edit(&f, res, &c, 422);
	if ((e = page_tx(r, add_tx, &ad)))
		return e;
	return page_redirectf(r, res, "/communities/%lld?notice=organiser_added", (long long)c.id);
}

static enum mm_err render_programme(struct webform *f, struct res *res, const struct community *c,
                                    int status)
{
	struct req *r = f->r;
	if (!val_set_cstr(
	        r->arena, f->ctx, "action",
	        arena_printf(r->arena, "/communities/%lld/programmes/new", (long long)c->id)) ||
	    !val_set_str(r->arena, f->ctx, "community", c->name) ||
	    !val_set_cstr(r->arena, f->ctx, "community_url",
	                  arena_printf(r->arena, "/communities/%lld", (long long)c->id)))
		return MM_ERR_NOMEM;
	return events_render_in_community(r, res, status, "programme_form", f->ctx, c,
	                                  "events.programme.title");
}

static enum mm_err page_programme_new(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "title", NULL)) || (e = webform_set(&f, "required", STR("0"))))
		return e;
	return render_programme(&f, res, &c, 200);
}

struct programming {
	int64_t community_id, required;
	struct str title;
	int64_t id;
};

static enum mm_err programme_tx(struct req *r, struct store *s, void *arg)
{
	struct programming *p = arg;
	enum mm_err e =
	    store_programme_insert(s, p->community_id, p->title, p->required, r->now, &p->id);
	if (e)
		return e;
	return audit_log(r, "programme.create", 0, 0, p->title, AUDIT_OK,
	                 arena_printf(r->arena, "programme %lld", (long long)p->id));
}

static enum mm_err page_programme_new_post(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	struct programming p = {.community_id = c.id};
	long required = 0;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	p.title = webform_take_required(&f, "title", PROGRAMME_TITLE_MAX_CHARS, org_single_line,
	                                "events.error.title");
	struct str n = str_trim(webform_take(&f, "required", 3));
	if (n.n && str_to_long(n, 0, 100, &required))
		webform_error(&f, "required", "events.error.required");
	p.required = required;
	if (!webform_ok(&f))
		return render_programme(&f, res, &c, 422);
	if ((e = page_tx(r, programme_tx, &p)))
		return e;
	return page_redirectf(r, res, "/communities/%lld?notice=saved", (long long)c.id);
}

/* What "/communities/new" answers a signed-in user who is not an
 * administrator (403): the address is no secret (the README names it), so
 * rather than "not found" the page says who creates communities and how
 * to ask for one, and where to write when the site has a contact address. */
static enum mm_err page_community_new_refused(struct req *r, struct res *res)
{
	page_error_with(r, res, 403,
	                (struct page_error_text){"events.community_new.refused.title",
	                                         "events.community_new.refused.message",
	                                         "/communities",
	                                         "events.community_new.refused.button",
	                                         "events.community_new.refused.contact"});
	return MM_OK;
}
const struct route_refusal community_new_refusal = {"/communities/new", page_community_new_refused};

/* This file's routes, in dispatch order (see events_routes.c): the literal
 * "/communities/new" before "/communities/{id}". */
const struct route_table communities_edit_routes = ROUTE_TABLE(
    ROUTE_FORM("/communities/new", page_community_new, page_community_new_post, RIGHT_ADMIN),
    ROUTE_FORM("/communities/{id:int}/edit", page_community_edit, page_community_edit_post,
               RIGHT_USER),
    ROUTE_POST("/communities/{id:int}/organisers", page_community_organiser_post, RIGHT_USER),
    ROUTE_FORM("/communities/{id:int}/programmes/new", page_programme_new, page_programme_new_post,
               RIGHT_USER));
