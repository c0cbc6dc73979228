/*
 * admin.h — administrators. There is no way to become one from the web:
 * `mamori admin create` (admin_create) makes or promotes the account and
 * prints a single-use link that sets its password. The pages under /admin
 * (admin.c: overview, audit, the welcome link; admin_users.c;
 * admin_orgs.c) are RIGHT_ADMIN in the route table and share the helpers
 * below: paged lists, bounded query parameters, audit tables.
 */
#ifndef MM_WEB_ADMIN_H
#define MM_WEB_ADMIN_H

#include "store/admin.h"
#include "web/req.h"

#define ADMIN_PAGE_SIZE 50
#define ADMIN_PAGE_MAX 10000
#define ADMIN_QUERY_MAX_CHARS 254 /* search words */
#define ADMIN_REASON_MAX_CHARS 500
#define ADMIN_WELCOME_LINK_TTL (24 * 60 * 60)

/* Makes the account of email_in an administrator (creating it, with a
 * password no one knows, when there is none; enabling it when disabled),
 * audits that, and returns the absolute set-password link in *link.
 * MM_ERR_INVALID when email_in is not an e-mail address. */
enum mm_err admin_create(struct store *s, struct arena *a, struct str email_in, int64_t now,
                         char **link, bool *created);

/* ?page= as a number in 1..ADMIN_PAGE_MAX (1 when absent); false for
 * anything else. */
bool admin_page_number(struct req *r, int64_t *page);
/* A query parameter, trimmed ("" when absent); false when repeated or
 * longer than max_chars. */
bool admin_query_text(struct req *r, const char *name, size_t max_chars, struct str *out);
/* The {id} of the route as a positive number; false otherwise. */
bool admin_id_param(struct req *r, int64_t *id);

/* One query parameter that paging links must keep. */
struct admin_param {
	const char *name;
	struct str value;
};
/* Sets "pagination" in ctx: page, pages, total, has_prev/prev_url,
 * has_next/next_url (path with params and page=N). */
enum mm_err admin_pagination(struct req *r, struct val *ctx, int64_t page, int64_t total,
                             const char *path, const struct admin_param *params, size_t n_params);
/* Sets the list "entries" (and has_entries) in ctx from audit rows. */
enum mm_err admin_audit_entries(struct req *r, struct val *ctx, const struct admin_audit_row *rows,
                                size_t n);
/* Renders an admin page: crumbs Home > Administration (> parent) > title. */
enum mm_err admin_render(struct req *r, struct res *res, int status, const char *template_name,
                         struct val *ctx, struct str title, const char *parent_key,
                         const char *parent_url);

#endif
