/*
 * confirm.h — the question asked before a step that cannot be taken back
 * (templates/confirm_page.html), for every area that has one: removing a
 * member or leaving an organisation or a community, withdrawing an
 * invitation, revoking a supporter's access, cancelling a registration,
 * deleting a material, a profile or a consultation, a supporter's new code
 * or end of access, an administrator's rejection.
 *
 * The page names what the step is about, says what it does, and holds one
 * form whose button POSTs, with the CSRF token, to the step's own route,
 * and a way back. Asking changes nothing: the renderer only renders, and
 * never decides who may see the question (the route's right and the
 * page's own checks do).
 */
#ifndef MM_PAGES_SHARED_CONFIRM_H
#define MM_PAGES_SHARED_CONFIRM_H

#include "web/req.h"
#include "web/webform.h"

/* The field that asks why (a rejection's reason), named "reason": its
 * label and hint from the catalogue. The form keeps what was typed and any
 * error on it (webform_blank(f, "reason", NULL) declares it for a GET). */
struct confirm_reason {
	const char *label_key;
	const char *hint_key;
};

struct confirm_page {
	const char *title_key;   /* the page's title, and its heading */
	const char *heading_key; /* a heading other than the title (NULL: the title) */
	struct str lead;         /* the lead paragraph: what the step is about, or what it does */
	const char *text_key;    /* a paragraph under the lead: what the step does (NULL: none) */
	struct str who;          /* in bold under that: the person, file or record it is about */
	const struct confirm_reason *reason; /* the field that asks why, or NULL */
	const char *action;                  /* where the form POSTs */
	const char *submit_key;              /* the button */
	const char *back_url;                /* the link for "no", and its text */
	const char *back_key;
	const char *parent_key; /* for confirm_render: the crumb above the page, and its address */
	const char *parent_url;
};

/* Sets the question's fields in f->ctx, for a page that renders
 * templates/confirm_page.html under crumbs of its own (admin_render).
 * MM_ERR_NOMEM when c->action or c->back_url is NULL (a path that could
 * not be made). */
MM_MUST_USE enum mm_err confirm_page_set(struct webform *f, const struct confirm_page *c);

/* The page of the question with no reason field: 200, titled by
 * c->title_key under Home › c->parent_key (titled_render). */
MM_MUST_USE enum mm_err confirm_render(struct req *r, struct res *res,
                                       const struct confirm_page *c);

#endif
