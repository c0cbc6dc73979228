/*
 * site_nav.c — see site_nav.h.
 */
#include "pages/shared/site_nav.h"

#include "store/account.h"
#include "web/page.h"

struct nav_item {
	const char *url, *label_key;
};

/* The page is at url or under it ("/org/edit" is under "/org"). */
static bool current(const struct req *r, const char *url)
{
	struct str u = str_from(url);
	return str_eq(r->path, u) ||
	       (str_starts_with(r->path, url) && r->path.n > u.n && r->path.p[u.n] == '/');
}

static enum mm_err push(struct req *r, struct val *nav, const char *url, const char *label_key)
{
	struct val *v = val_list_push_obj(r->arena, nav);
	if (!v || !val_set_cstr(r->arena, v, "url", url) ||
	    !val_set_str(r->arena, v, "label", page_t(r, label_key)) ||
	    !val_set_bool(r->arena, v, "current", current(r, url)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err push_all(struct req *r, struct val *nav, const struct nav_item *items, size_t n)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < n; i++)
		e = push(r, nav, items[i].url, items[i].label_key);
	return e;
}

static enum mm_err visitor_nav(struct req *r, struct val *nav)
{
	static const struct nav_item items[] = {
	    {"/verify", "nav.verify"},     {"/declarants", "nav.declarants"},
	    {"/rules", "nav.rules"},       {"/assessment", "nav.assessment"},
	    {"/services", "nav.services"}, {"/events", "nav.events"},
	};
	return push_all(r, nav, items, sizeof items / sizeof items[0]);
}

enum mm_err site_nav_fill(struct req *r, struct val *nav)
{
	static const struct nav_item everyone[] = {
	    {"/home", "nav.mypage"},           {"/org", "nav.org"},
	    {"/assessment", "nav.assessment"}, {"/consultations", "nav.consultations"},
	    {"/services", "nav.services"},     {"/events", "nav.events"},
	};
	static const struct nav_item member[] = {
	    {"/policy/edit", "nav.policy"},
	    {"/declaration", "nav.declaration"},
	};
	struct user_roles roles;
	enum mm_err e;
	if (!r->user)
		return visitor_nav(r, nav);
	if ((e = push_all(r, nav, everyone, sizeof everyone / sizeof everyone[0])) || !r->store ||
	    (e = store_user_roles(r->store, r->user->id, &roles)))
		return e;
	if (roles.member && (e = push_all(r, nav, member, sizeof member / sizeof member[0])))
		return e;
	/* a supporter, or an expert of the directory, responds to consultations */
	if (roles.supporter && (e = push(r, nav, "/supporter", "nav.supporter")))
		return e;
	if ((roles.supporter || roles.expert) && (e = push(r, nav, "/responder", "nav.responder")))
		return e;
	return roles.desk || r->user->is_admin ? push(r, nav, "/desk", "nav.desk") : MM_OK;
}
