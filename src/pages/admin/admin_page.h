/*
 * admin_page.h — how a page under /admin is shown: inside the layout with
 * the crumbs Home > Administration (> parent) > title, the audit table
 * that the overview, the audit log and an account's page share, and the
 * question asked before a rejection.
 * Rendering only: it must never decide who may see a page (the route
 * table's RIGHT_ADMIN does) nor write anything.
 */
#ifndef MM_PAGES_ADMIN_PAGE_H
#define MM_PAGES_ADMIN_PAGE_H

#include "store/admin.h"
#include "view/value.h"
#include "web/req.h"
#include "web/webform.h"

/* Sets the list "entries" (and has_entries) in ctx from audit rows. */
MM_MUST_USE enum mm_err admin_audit_entries(struct req *r, struct val *ctx,
                                            const struct admin_audit_row *rows, size_t n);
/* Renders an admin page: crumbs Home > Administration (> parent) > title. */
/* The audit outcome in the page's language ("success", "denied", "failed"). */
struct str admin_outcome_label(struct req *r, enum audit_outcome outcome);
MM_MUST_USE enum mm_err admin_render(struct req *r, struct res *res, int status,
                                     const char *template_name, struct val *ctx, struct str title,
                                     const char *parent_key, const char *parent_url);
/* ?page= and ?q= of a searchable list (admin_search_params); false after
 * answering 400 when either is out of bounds. */
bool admin_search_params_or_400(struct req *r, struct res *res, int64_t *page, struct str *q);
/* Renders a searchable list (users, organisations) whose rows ctx holds:
 * the search words q, its pagination for total rows, whose links
 * (path?q=…&page=N) keep q, and the page titled title_key. */
MM_MUST_USE enum mm_err admin_search_render(struct req *r, struct res *res,
                                            const char *template_name, struct val *ctx,
                                            const char *title_key, const char *path, struct str q,
                                            int64_t page, int64_t total);
/* The catalogue text of an organisation role ("owner" or "member"). */
struct str admin_role_label(struct req *r, struct str role);

/* One row of a membership table (an organisation's members, an account's
 * organisations): the other end's admin page and name, its address when
 * email is not NULL, the role's label and since when. */
struct admin_membership_row {
	const char *url;
	const struct str *email;
	struct str name, role;
	int64_t since;
};

/* Appends row to list. */
MM_MUST_USE enum mm_err admin_membership_row_push(struct req *r, struct val *list,
                                                  const struct admin_membership_row *row);

/* The question asked before a rejection (pages/shared/confirm.h, under
 * the administration's crumbs): what is rejected (name) and what follows,
 * the reason field of the form (its label and hint from the catalogue),
 * one button that POSTs to the record's page followed by /reject, and a
 * way back to that page. A GET of it changes nothing. */
struct admin_reject {
	const char *title_key;  /* the page's title and heading */
	const char *text_key;   /* what a rejection does */
	const char *reason_key; /* the reason field's label, and its hint */
	const char *hint_key;
	const char *submit_key; /* the button */
	struct str name;        /* what is rejected */
	const char *record_url; /* the record's page ("/admin/experts/7") */
	const char *parent_key; /* the crumb above the page, and its address */
	const char *parent_url;
};

/* Renders the question with the form f (its reason as typed and any
 * error on it) and status (422 when the reason was refused). */
MM_MUST_USE enum mm_err admin_reject_render(struct webform *f, struct res *res, int status,
                                            const struct admin_reject *c);

#endif
