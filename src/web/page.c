/*
 * page.c — see page.h. Every HTML page goes through page_render, so every
 * page gets the same layout, language switch and escaping.
 */
#include "web/page.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/civil.h"
#include "lib/log.h"
#include "store/store.h"
#include "view/template.h"
#include "web/site_contact.h"
#include "web/static.h"
#include "view/views.h"

static page_nav_fn nav_fn;

void page_set_nav(page_nav_fn fn)
{
	nav_fn = fn;
}

/* ctx.nav from the pages' hook; on its failure the list it had begun is
 * dropped and the header keeps the account links. */
static bool set_nav(struct req *r, struct val *ctx)
{
	struct val *nav = val_list(r->arena);
	if (nav && nav_fn && nav_fn(r, nav) != MM_OK)
		nav = val_list(r->arena);
	return nav && val_set(r->arena, ctx, "nav", nav);
}

struct str page_t(struct req *r, const char *key)
{
	return i18n_get(r->lang, str_from(key));
}

struct val *page_crumbs(struct req *r)
{
	struct val *list = val_list(r->arena);
	if (list && page_crumb(r, list, page_t(r, "nav.home"), "/"))
		return NULL;
	return list;
}

enum mm_err page_crumb(struct req *r, struct val *crumbs, struct str label, const char *url)
{
	struct val *c = val_list_push_obj(r->arena, crumbs);
	if (!c || !val_set_str(r->arena, c, "label", label) ||
	    !val_set_cstr(r->arena, c, "url", url ? url : "") ||
	    !val_set_bool(r->arena, c, "current", url == NULL))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The decoded path as a link's path: every byte but '/' and the
 * unreserved ones percent-encoded (a '?' or '#' it holds stays in the
 * path), and a '/' right after another
 * as %2F, so the link never starts with "//" (another host) whatever
 * the visitor asked for. The web layer decodes the path before routing,
 * so the link names the same page. */
static enum mm_err append_link_path(struct buf *b, struct str path)
{
	for (size_t i = 0; i < path.n; i++) {
		bool kept_slash = path.p[i] == '/' && (i == 0 || path.p[i - 1] != '/');
		enum mm_err e = kept_slash ? buf_append_char(b, '/')
		                           : buf_append_urlenc(b, (struct str){path.p + i, 1});
		if (e)
			return e;
	}
	return MM_OK;
}

/* The same page in the other language: the query without lang, plus it. */
static char *switch_url(struct req *r, enum lang other)
{
	struct buf b;
	/* every byte of the target encoded, at most, and "&lang=xx" */
	buf_init(&b, r->arena, REQ_MAX_URL * 3 + 16);
	if (append_link_path(&b, r->path.n ? r->path : STR("/")))
		return NULL;
	char sep = '?';
	for (size_t i = 0; i < r->query_fields.n; i++) {
		const struct kv *f = &r->query_fields.items[i];
		if (str_eq_lit(f->key, "lang"))
			continue;
		if (buf_append_char(&b, sep) || buf_append_urlenc(&b, f->key) ||
		    buf_append_char(&b, '=') || buf_append_urlenc(&b, f->value))
			return NULL;
		sep = '&';
	}
	if (buf_append_char(&b, sep) || buf_append_cstr(&b, "lang=") ||
	    buf_append_cstr(&b, lang_code(other)))
		return NULL;
	return buf_cstr(&b);
}

static enum mm_err render(struct req *r, const char *name, const struct val *ctx, struct buf *out)
{
	const struct template *t = views_template(name);
	char err[TPL_ERR_MAX];
	if (!t) {
		log_error("req=%s template %s is missing", r->id, name);
		return MM_ERR_TEMPLATE;
	}
	enum mm_err e = tpl_render(t, ctx, i18n_for(r->lang), out, err);
	if (e)
		log_error("req=%s template: %s", r->id, err);
	return e;
}

/* What the layout adds to a body, at most: the room its buffer starts with. */
#define LAYOUT_BYTES (16u * 1024)

/* The layout around the body, given as n pieces written one after the
 * other into the page (a cached body and the sections that go into it,
 * copied once, here). */
static enum mm_err layout(struct req *r, struct res *res, int status, const struct str *body,
                          size_t n, struct str title, struct val *crumbs)
{
	struct arena *a = r->arena;
	enum lang other = r->lang == LANG_JA ? LANG_EN : LANG_JA;
	struct val *ctx = val_obj(a), *pieces = val_list(a);
	struct buf out;
	size_t size = LAYOUT_BYTES;
	if (!crumbs)
		crumbs = val_list(a);
	for (size_t i = 0; i < n && pieces; i++) {
		struct val *v = val_html(a, body[i]);
		if (!v || !val_list_push(a, pieces, v))
			return MM_ERR_NOMEM;
		size += body[i].n;
	}
	if (!ctx || !crumbs || !val_set_cstr(a, ctx, "lang", lang_code(r->lang)) ||
	    !val_set_str(a, ctx, "title", title) ||
	    !val_set_cstr(a, ctx, "css_url", static_url("style.css")) ||
	    !val_set_cstr(a, ctx, "icon_url", static_url("favicon.svg")) ||
	    !val_set_cstr(a, ctx, "switch_url", switch_url(r, other)) ||
	    !val_set_cstr(a, ctx, "switch_lang", lang_code(other)) ||
	    !val_set(a, ctx, "breadcrumbs", crumbs) ||
	    !val_set_bool(a, ctx, "has_breadcrumbs", crumbs->n > 0) || !pieces ||
	    !val_set(a, ctx, "body", pieces) ||
	    !val_set_bool(a, ctx, "signed_in", r->user != NULL) || !set_nav(r, ctx) ||
	    !site_contact_set(a, ctx) ||
	    !val_set_bool(a, ctx, "is_admin", r->user && r->user->is_admin) ||
	    !val_set_cstr(a, ctx, "logout_csrf", r->user && r->csrf ? r->csrf : ""))
		return MM_ERR_NOMEM;
	buf_init(&out, a, RES_MAX_BODY);
	/* room for it all at once, not by doubling */
	enum mm_err e = buf_expect(&out, size < RES_MAX_BODY ? size : RES_MAX_BODY);
	if (e || (e = render(r, "layout", ctx, &out)))
		return e;
	/* The same URL answers in the language of the cookie or of
	 * Accept-Language; signed-in pages, and an anonymous visitor's own
	 * (res->personal), must not be kept by any cache. */
	if ((e = res_header(r, res, "Vary", STR("Accept-Encoding, Accept-Language, Cookie"))) ||
	    (e = res_header(r, res, "Cache-Control",
	                    r->user || res->personal ? STR("private, no-store") : STR("no-cache"))))
		return e;
	res->status = status;
	res->content_type = STR("text/html; charset=utf-8");
	res->body = buf_str(&out);
	res->compressible = true;
	return MM_OK;
}

enum mm_err page_render_body(struct req *r, const char *name, struct val *ctx, struct str *body)
{
	struct buf b;
	buf_init(&b, r->arena, RES_MAX_BODY);
	enum mm_err e = render(r, name, ctx, &b);
	if (!e)
		*body = buf_str(&b);
	return e;
}

enum mm_err page_layout(struct req *r, struct res *res, int status, struct str body,
                        struct str title, struct val *crumbs)
{
	return layout(r, res, status, &body, 1, title, crumbs);
}

enum mm_err page_layout_pieces(struct req *r, struct res *res, int status, const struct str *pieces,
                               size_t n, struct str title, struct val *crumbs)
{
	return layout(r, res, status, pieces, n, title, crumbs);
}

enum mm_err page_render(struct req *r, struct res *res, int status, const char *name,
                        struct val *ctx, struct str title, struct val *crumbs)
{
	struct buf body;
	buf_init(&body, r->arena, RES_MAX_BODY);
	enum mm_err e = render(r, name, ctx, &body);
	if (e)
		return e;
	struct str whole = buf_str(&body);
	return layout(r, res, status, &whole, 1, title, crumbs);
}

enum mm_err page_text(struct req *r, struct res *res, int status, const char *content_type,
                      struct str body)
{
	(void)r;
	res->status = status;
	res->content_type = str_from(content_type);
	res->body = body;
	return MM_OK;
}

/* The headers of a file offered for saving under filename (the
 * program's own name, never the visitor's), kept by caches as
 * cache_control says. */
static enum mm_err attachment_headers(struct req *r, struct res *res, const char *filename,
                                      struct str cache_control)
{
	char *disposition = arena_printf(r->arena, "attachment; filename=\"%s\"", filename);
	enum mm_err e;
	if (!disposition)
		return MM_ERR_NOMEM;
	if ((e = res_header(r, res, "Content-Disposition", str_from(disposition))))
		return e;
	return res_header(r, res, "Cache-Control", cache_control);
}

enum mm_err page_download(struct req *r, struct res *res, const char *content_type,
                          const char *filename, struct str body)
{
	enum mm_err e = attachment_headers(r, res, filename, STR("private, no-store"));
	if (e)
		return e;
	return page_text(r, res, 200, content_type, body);
}

enum mm_err page_send_file(struct req *r, struct res *res, const char *content_type,
                           const char *filename, int fd, uint64_t size)
{
	enum mm_err e = attachment_headers(r, res, filename, STR("public, max-age=3600"));
	if (e)
		return e;
	res->status = 200;
	res->content_type = str_from(content_type);
	res->body = STR("");
	res->has_file = true;
	res->file_fd = fd;
	res->file_size = size;
	return MM_OK;
}

/* ctx.contact_text and ctx.site_contact, for a page whose words lead to
 * the site's contact address; contact_key NULL: none to show. */
static bool set_error_contact(struct req *r, struct val *ctx, const char *contact_key)
{
	if (!contact_key)
		return val_set_bool(r->arena, ctx, "site_contact", false);
	return val_set_str(r->arena, ctx, "contact_text", page_t(r, contact_key)) &&
	       site_contact_set(r->arena, ctx);
}

void page_error_with(struct req *r, struct res *res, int status, struct page_error_text t)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct str title = page_t(r, t.title_key);
	if (ctx && val_set_long(a, ctx, "status", status) &&
	    val_set_str(a, ctx, "heading", title) &&
	    val_set_str(a, ctx, "message", page_t(r, t.message_key)) &&
	    val_set_cstr(a, ctx, "reference", status == 500 ? r->id : "") &&
	    val_set_cstr(a, ctx, "button_url", t.button_url) &&
	    val_set_str(a, ctx, "button", page_t(r, t.button_key)) &&
	    set_error_contact(r, ctx, t.contact_key) &&
	    page_render(r, res, status, "error", ctx, title, NULL) == MM_OK)
		return;
	/* The error page itself failed (the arena is full, a template is
	 * broken): a minimal answer that cannot fail. */
	res->status = status;
	res->content_type = STR("text/plain; charset=utf-8");
	res->body = STR("mamori: error\n");
	res->compressible = false;
}

void page_error(struct req *r, struct res *res, int status)
{
	/* The keys go into the page with its texts: arena memory, not this
	 * frame's. A status without words of its own gets the general ones. */
	const char *title_key = arena_printf(r->arena, "error.%d.title", status);
	const char *message_key = arena_printf(r->arena, "error.%d.message", status);
	if (!title_key || !message_key || !i18n_has(r->lang, str_from(title_key))) {
		title_key = "error.other.title";
		message_key = "error.other.message";
	}
	page_error_with(r, res, status,
	                (struct page_error_text){title_key, message_key, "/", "error.back_home",
	                                         status == 500 ? "error.500.contact" : NULL});
}

enum mm_err page_found_or_404(struct req *r, struct res *res, enum mm_err e, bool *found)
{
	*found = !e;
	if (e != MM_ERR_NOT_FOUND)
		return e;
	page_error(r, res, 404);
	return MM_OK;
}

void page_error_writes_refused(struct req *r, struct res *res)
{
	page_error_with(r, res, 503,
	                (struct page_error_text){"error.writes_refused.title",
	                                         "error.writes_refused.message", "/",
	                                         "error.back_home", NULL});
	/* A hint that this is not an outage of seconds; the 503 page without
	 * it is still the right answer. */
	MM_IGNORE(res_header(r, res, "Retry-After", STR("300")));
}

bool page_path_is_local(struct str path)
{
	if (path.n == 0 || path.p[0] != '/' ||
	    (path.n > 1 && (path.p[1] == '/' || path.p[1] == '\\')))
		return false;
	for (size_t i = 0; i < path.n; i++)
		if ((unsigned char)path.p[i] < 0x20 || path.p[i] == 0x7f)
			return false;
	return true;
}

/* A byte a Location header carries only percent-encoded: a space, a
 * byte of a non-ASCII character (a ?next= typed in Japanese), quotes,
 * angle brackets and the backslash a browser would read as '/'. '%'
 * itself stays, so that what is encoded already is not encoded twice. */
static bool location_escapes(unsigned char c)
{
	return c == ' ' || c >= 0x80 || strchr("\"<>\\^`{|}", c);
}

/* path with the bytes of location_escapes() as %XX; NULL when the arena
 * is full. */
static char *location_encode(struct arena *a, const char *path)
{
	size_t n = 0;
	for (const char *p = path; *p; p++)
		n += location_escapes((unsigned char)*p) ? 3 : 1;
	char *out = arena_alloc(a, n + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (location_escapes(c)) {
			*o++ = '%';
			*o++ = "0123456789ABCDEF"[c >> 4];
			*o++ = "0123456789ABCDEF"[c & 15];
		} else {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	return out;
}

enum mm_err page_redirect(struct req *r, struct res *res, const char *path)
{
	const char *to = location_encode(r->arena, page_path_is_local(str_from(path)) ? path : "/");
	if (!to)
		return MM_ERR_NOMEM;
	enum mm_err e = res_header(r, res, "Location", str_from(to));
	if (e)
		return e;
	res->status = 303;
	res->content_type = STR("text/plain; charset=utf-8");
	res->body = STR("");
	return MM_OK;
}

enum mm_err page_redirectf(struct req *r, struct res *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *path = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	return path ? page_redirect(r, res, path) : MM_ERR_NOMEM;
}

char *page_format_date(struct req *r, int64_t unix_s)
{
	struct civil c = civil_utc(unix_s + CIVIL_JAPAN_OFFSET_S);
	return i18n_format_date(r->arena, r->lang, c.year, c.month, c.day);
}

struct str page_today(struct req *r)
{
	return str_from(civil_iso_date(r->arena, r->now + CIVIL_JAPAN_OFFSET_S));
}

char *page_format_time(struct req *r, int64_t unix_s)
{
	struct civil c = civil_utc(unix_s + CIVIL_JAPAN_OFFSET_S);
	char *date = i18n_format_date(r->arena, r->lang, c.year, c.month, c.day);
	char clock[8];
	snprintf(clock, sizeof clock, "%02d:%02d", c.hour, c.minute);
	const char *names[] = {"date", "time"};
	const struct str values[] = {str_from(date ? date : ""), str_from(clock)};
	return date ? i18n_fill(r->arena, r->lang, "time.japan", names, values, 2) : NULL;
}

struct page_tx_call {
	struct req *r;
	page_tx_fn fn;
	void *arg;
};

static enum mm_err page_tx_run(struct store *s, void *arg)
{
	struct page_tx_call *c = arg;
	return c->fn(c->r, s, c->arg);
}

enum mm_err page_tx(struct req *r, page_tx_fn fn, void *arg)
{
	struct page_tx_call c = {r, fn, arg};
	return store_tx(r->store, page_tx_run, &c);
}
