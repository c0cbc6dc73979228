/*
 * atom.c — see atom.h.
 */
#include "view/atom.h"

#include "lib/civil.h"
#include "lib/utf8.h"

/* A character XML 1.0 allows: no C0 control but tab, LF and CR; no DEL
 * (allowed, but never meant); and valid UTF-8. */
static bool xml_text_ok(struct str s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return false;
	}
	if (!utf8_valid(s))
		return false;
	/* U+FFFE and U+FFFF are not XML characters either. */
	for (size_t i = 0; i < s.n;) {
		uint32_t cp = utf8_next(s, &i);
		if (cp == 0xfffe || cp == 0xffff)
			return false;
	}
	return true;
}

/* <name>text</name> on a line, text escaped. */
static enum mm_err element(struct buf *b, const char *name, struct str text)
{
	if (!xml_text_ok(text))
		return MM_ERR_INVALID;
	if (buf_printf(b, "<%s>", name) || buf_append_html(b, text) ||
	    buf_printf(b, "</%s>\n", name))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* <link rel="REL" type="TYPE" href="URL"/>, the URL escaped. */
static enum mm_err link(struct buf *b, const char *rel, const char *type, struct str url)
{
	if (!xml_text_ok(url))
		return MM_ERR_INVALID;
	if (buf_printf(b, "<link rel=\"%s\" type=\"%s\" href=\"", rel, type) ||
	    buf_append_html(b, url) || buf_append_cstr(b, "\"/>\n"))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err time_element(struct buf *b, const char *name, int64_t t)
{
	char iso[CIVIL_ISO_BYTES];
	civil_iso_utc(t, iso);
	return buf_printf(b, "<%s>%s</%s>\n", name, iso, name) ? MM_ERR_NOMEM : MM_OK;
}

static enum mm_err categories(struct buf *b, struct str list)
{
	struct str item;
	while (str_next_item(&list, ',', &item)) {
		if (item.n == 0)
			continue;
		if (!xml_text_ok(item))
			return MM_ERR_INVALID;
		if (buf_append_cstr(b, "<category term=\"") || buf_append_html(b, item) ||
		    buf_append_cstr(b, "\"/>\n"))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err entry(struct buf *b, const struct atom_entry *x)
{
	enum mm_err e = MM_OK;
	if (!x->id.n || !x->title.n || !x->url.n || !x->author.n)
		return MM_ERR_INVALID;
	if (buf_append_cstr(b, "<entry>\n") || (e = element(b, "id", x->id)) ||
	    (e = element(b, "title", x->title)) ||
	    (e = link(b, "alternate", "text/html", x->url)) ||
	    (e = time_element(b, "published", x->published)) ||
	    (e = time_element(b, "updated", x->updated)) || buf_append_cstr(b, "<author>") ||
	    (e = element(b, "name", x->author)) || buf_append_cstr(b, "</author>\n") ||
	    (e = categories(b, x->categories)))
		return e ? e : MM_ERR_NOMEM;
	if (x->summary.n && (e = element(b, "summary", x->summary)))
		return e;
	if (x->content_html.n) {
		if (!xml_text_ok(x->content_html))
			return MM_ERR_INVALID;
		if (buf_append_cstr(b, "<content type=\"html\">") ||
		    buf_append_html(b, x->content_html) || buf_append_cstr(b, "</content>\n"))
			return MM_ERR_NOMEM;
	}
	return buf_append_cstr(b, "</entry>\n") ? MM_ERR_NOMEM : MM_OK;
}

enum mm_err atom_write(struct buf *b, const struct atom_feed *f, const struct atom_entry *entries,
                       size_t n)
{
	enum mm_err e = MM_OK;
	if (!f->id.n || !f->title.n || !f->self_url.n || !f->html_url.n || !xml_text_ok(f->lang))
		return MM_ERR_INVALID;
	if (buf_append_cstr(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                       "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"") ||
	    buf_append_html(b, f->lang.n ? f->lang : STR("ja")) || buf_append_cstr(b, "\">\n") ||
	    (e = element(b, "id", f->id)) || (e = element(b, "title", f->title)) ||
	    (e = link(b, "self", "application/atom+xml", f->self_url)) ||
	    (e = link(b, "alternate", "text/html", f->html_url)) ||
	    (e = time_element(b, "updated", f->updated)))
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if ((e = entry(b, &entries[i])))
			return e;
	return buf_append_cstr(b, "</feed>\n") ? MM_ERR_NOMEM : MM_OK;
}
