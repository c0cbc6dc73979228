/*
 * page.h — what every page handler uses to answer: the shared layout,
 * breadcrumbs, error pages, plain responses.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "view/value.h"
#include "web/req.h"

/* A breadcrumb list that starts with the home page. */
struct val *page_crumbs(struct req *r);
/* Appends a crumb; url NULL marks the current page (last). */
MM_MUST_USE enum mm_err page_crumb(struct req *r, struct val *crumbs, struct str label,
                                   const char *url);

/* Renders templates/NAME.html with ctx inside the layout. */
MM_MUST_USE enum mm_err page_render(struct req *r, struct res *res, int status, const char *name,
                                    struct val *ctx, struct str title, struct val *crumbs);
/* Renders templates/NAME.html with ctx into body (no layout). */
MM_MUST_USE enum mm_err page_render_body(struct req *r, const char *name, struct val *ctx,
                                         struct str *body);
/* Puts a rendered body into the layout. */
MM_MUST_USE enum mm_err page_layout(struct req *r, struct res *res, int status, struct str body,
                                    struct str title, struct val *crumbs);
/* The same with the body in n pieces, written one after another (a cached
 * body and the sections that go into it, without joining them first). */
MM_MUST_USE enum mm_err page_layout_pieces(struct req *r, struct res *res, int status,
                                           const struct str *pieces, size_t n, struct str title,
                                           struct val *crumbs);
/* The error page for status (title and message from the catalogue); a
 * 500 also says whom to write to, when the site has a contact address. */
void page_error(struct req *r, struct res *res, int status);
/* The result e of looking up the record a page is about: MM_ERR_NOT_FOUND
 * sends the 404 page and becomes MM_OK with *found false; anything else is
 * returned as it is, *found telling whether it succeeded. */
MM_MUST_USE enum mm_err page_found_or_404(struct req *r, struct res *res, enum mm_err e,
                                          bool *found);
/* An error page in words of its own, whose one button may lead somewhere
 * other than home (a refusal that says who may do this and how to ask, a
 * route's refused page in router.h): the catalogue keys of its heading,
 * message and button, and the button's address. contact_key, when not
 * NULL, is the sentence that leads to the address of the people who run
 * the site (web/site_contact.h); the page shows both only when that
 * address is set. */
struct page_error_text {
	const char *title_key, *message_key;
	const char *button_url, *button_key;
	const char *contact_key;
};
void page_error_with(struct req *r, struct res *res, int status, struct page_error_text t);
/* 503: the database refuses writes (disk full, read-only); nothing of the
 * request was saved, and reading pages still works. */
void page_error_writes_refused(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_text(struct req *r, struct res *res, int status,
                                  const char *content_type, struct str body);
/* 200 with body as a file to save under filename (Content-Disposition:
 * attachment), kept by no cache (Cache-Control: private, no-store): the
 * data exports. filename is the program's own, never the visitor's. */
MM_MUST_USE enum mm_err page_download(struct req *r, struct res *res, const char *content_type,
                                      const char *filename, struct str body);

/* 200 with the open file fd (size bytes) as the body, sent as it is
 * read; the HTTP layer closes fd. filename: offered for saving. */
MM_MUST_USE enum mm_err page_send_file(struct req *r, struct res *res, const char *content_type,
                                       const char *filename, int fd, uint64_t size);

/* A path of this site: "/x", not "//host" or "/\\host" (which a browser
 * reads as another site) nor one with a control character, so a `next`
 * parameter can never send a visitor elsewhere. */
bool page_path_is_local(struct str path);
/* 303 See Other to a local path (anything else goes to "/"). */
MM_MUST_USE enum mm_err page_redirect(struct req *r, struct res *res, const char *path);
/* The same to the path fmt makes, as printf would ("/events/%lld?notice=
 * saved"); MM_ERR_NOMEM when it cannot be made. */
MM_MUST_USE enum mm_err page_redirectf(struct req *r, struct res *res, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A page's change: fn(r, r->store, arg) inside one write transaction
 * (store_tx): committed when fn returns MM_OK and rolled back otherwise,
 * so a change and its audit line are kept together or not at all. fn is
 * given the request, so what arg points to need not carry it. */
struct store;
typedef enum mm_err (*page_tx_fn)(struct req *r, struct store *s, void *arg);
MM_MUST_USE enum mm_err page_tx(struct req *r, page_tx_fn fn, void *arg);

/* The links of the site header that name the areas (web knows none):
 * fn fills ctx.nav, a list of {url, label, current}, for r (signed in or
 * not; r->store may be NULL). Set once before serving; without it the
 * header offers the account links only. A failure of fn costs the page
 * those links, never the page. */
typedef enum mm_err (*page_nav_fn)(struct req *r, struct val *nav);
void page_set_nav(page_nav_fn fn);

/* Catalogue text of the request's language. */
struct str page_t(struct req *r, const char *key);

/* A Unix time as people in Japan read it, in the request's language:
 * the calendar day ("2026年11月25日"), or the day and the time with the
 * zone named ("2026年11月25日 23:40（日本時間）"). In the arena; NULL when
 * out of memory. */
char *page_format_date(struct req *r, int64_t unix_s);
char *page_format_time(struct req *r, int64_t unix_s);
/* Today's date in Japan as data writes it, "2026-12-05" (the day the
 * service catalogue's listings are shown for, a policy's date); "" when
 * out of memory. */
struct str page_today(struct req *r);

#endif
