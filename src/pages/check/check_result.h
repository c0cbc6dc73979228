/*
 * check_result.h — what the result and history pages of every
 * questionnaire check do alike (pages/assessment/assessment_result.c and
 * assessment_history.c, pages/management/management_result.c and
 * management_history.c): who may see a result, serving BASE/results/{id}
 * and its downloads ({id}.EXT), the result page's trail, a JSON
 * download's first fields and its text, the organisation's prefecture for
 * the services of a result's weak points, and a history's rows (their
 * link, date and version) and whose history a page shows. A check keeps what shows its own figures:
 * its result view, its page and its downloads' contents.
 *
 * Who may see a result (decided by check_result_serve between a check's
 * load and prepare: the one check of these pages that no route right can
 * express, so their routes are RIGHT_PUBLIC): members of its
 * organisation, supporters the organisation granted access to (read-only;
 * their views are audited as NAME.supporter_view), and — until it joins
 * an organisation — the anonymous visitor whose cookie took it. Anyone
 * else gets the same 404 as for a result that does not exist. Whoever may
 * see it, nobody else may: a result is never kept by a shared cache, even
 * when an anonymous visitor's cookie is what shows it.
 */
#ifndef MM_PAGES_CHECK_RESULT_H
#define MM_PAGES_CHECK_RESULT_H

#include <jansson.h>

#include "lib/str.h"
#include "pages/check/check_flow.h"
#include "pages/shared/json_export.h"

/* True for a supporter's role (read or edit consent). */
bool check_role_is_supporter(enum scope_role role);

/* A download of BASE/results/{id}.EXT, named mamori-NAME-ID.EXT, of the
 * type its extension says (UTF-8 text for "csv" and "json", or "pdf"). */
struct check_download {
	const char *ext; /* "csv", "json" or "pdf" */
	enum mm_err (*make)(struct req *r, const void *view, struct str *out);
};

/* What BASE/results/{id} shows of a check's result. */
struct check_result_pages {
	size_t view_size; /* the check's view of one result, given zeroed to load */
	/* Reads result id's row into view, *head pointing to its head;
	 * NOT_FOUND when there is none. */
	enum mm_err (*load)(struct req *r, int64_t id, void *view,
	                    const struct check_result_head **head);
	/* Once the request may see it, as role (a supporter's, or
	 * SCOPE_MEMBER): the rest of what the page needs (the answers may be
	 * left to complete). */
	enum mm_err (*prepare)(struct req *r, void *view, enum scope_role role);
	/* Reads what prepare may leave to the page (the answers), before a
	 * download; NULL when prepare reads everything. */
	enum mm_err (*complete)(struct req *r, void *view);
	enum mm_err (*page)(struct req *r, struct res *res, void *view);
	const struct check_download *downloads; /* the extensions {id} may end in */
	size_t download_count;
};

/* GET BASE/results/{id}: the page, or the download its extension names
 * (audited for a supporter with the format's name: "page" or the
 * extension); 404 for an id that is not one, or a result this request
 * may not see. */
MM_MUST_USE enum mm_err check_result_serve(struct req *r, struct res *res, const struct check *c,
                                           const struct check_result_pages *p);

/* The result page's trail: the check's start page, its history (for a
 * member of the result's organisation: a supporter reaches it from the
 * client's page, an anonymous visitor has none) and the result; NULL when
 * out of memory. */
struct val *check_result_crumbs(struct req *r, const struct check *c, int64_t organisation_id,
                                bool as_supporter);
/* A JSON download's object, begun with what every check's has first:
 * format ("mamori.NAME_result"), id, version, language and taken_at of
 * result h; NULL when it cannot be made. The caller json_decref()s it. */
json_t *check_result_json_begin(struct req *r, const struct check *c,
                                const struct check_result_head *h);

/* A JSON download's text: root, begun by check_result_json_begin and
 * built by b, with its reals written with at most precision significant
 * digits (0: as jansson writes them); root is released. MM_ERR_NOMEM when
 * b failed or root is NULL. */
MM_MUST_USE enum mm_err check_result_json_text(struct req *r, json_t *root,
                                               const struct json_builder *b, int precision,
                                               struct str *out);

/* The prefecture of organisation org_id, for the services of a result's
 * weak points: 0 (every prefecture) for a result of no organisation
 * (org_id 0) or one that is gone. */
MM_MUST_USE enum mm_err check_result_prefecture(struct req *r, struct store *s, int64_t org_id,
                                                int *prefecture);

/* A new row at the end of a history's list rows, for result id: its link
 * (url: BASE/results/ID), date as pages show it (and in *date when date
 * is not NULL) and version; NULL when out of memory. */
struct val *check_history_row(struct req *r, const struct check *c, struct val *rows, int64_t id,
                              int64_t taken_at, struct str version, char **date);

/* Whose history a page shows, and to whom. */
struct check_history_view {
	const struct org_profile *org; /* NULL: a signed-in user without one */
	enum scope_role role;          /* SCOPE_MEMBER, or a supporter's */
};
typedef enum mm_err (*check_history_render)(struct req *r, struct res *res,
                                            const struct check_history_view *v);
/* The values every check's history page has: has_org, org_name (""
 * without one), has_results (count of them > 0) and as_supporter. */
MM_MUST_USE enum mm_err check_history_fields(struct req *r, struct val *ctx,
                                             const struct check_history_view *v, size_t count);
/* BASE/history and BASE/history/{org} alike: for {org} (RIGHT_ORG_READ)
 * the organisation dispatch set in r->org, seen by a member or by a
 * supporter, whose view is then audited; otherwise (RIGHT_USER) the
 * user's own organisation, as a member, or none. */
MM_MUST_USE enum mm_err check_history_serve(struct req *r, struct res *res, const struct check *c,
                                            check_history_render render);

#endif
