/*
 * ics.c — see ics.h. A line is built whole (name, ':', value) and then
 * cut: each physical line holds at most 75 octets, the continuation lines
 * starting with one space that counts among them, and a cut moves back
 * over UTF-8 continuation bytes so that no character is split.
 */
#include "core/ics.h"

#include <stdio.h>

#include "lib/civil.h"

static enum mm_err fold(struct buf *b, struct str line)
{
	size_t i = 0;
	bool first = true;
	while (i < line.n) {
		size_t room = first ? ICS_LINE_OCTETS : ICS_LINE_OCTETS - 1;
		size_t n = line.n - i > room ? room : line.n - i;
		while (n > 1 && i + n < line.n && ((unsigned char)line.p[i + n] & 0xc0) == 0x80)
			n--;
		enum mm_err e;
		if ((!first && (e = buf_append_char(b, ' '))) ||
		    (e = buf_append(b, line.p + i, n)) || (e = buf_append_cstr(b, "\r\n")))
			return e;
		i += n;
		first = false;
	}
	return MM_OK;
}

enum mm_err ics_line(struct buf *b, const char *name, struct str value)
{
	struct buf line;
	buf_init(&line, b->arena, b->max);
	enum mm_err e;
	if ((e = buf_append_cstr(&line, name)) || (e = buf_append_char(&line, ':')) ||
	    (e = buf_append_str(&line, value)))
		return e;
	return fold(b, buf_str(&line));
}

enum mm_err ics_escape(struct buf *b, struct str text)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; i < text.n && !e; i++) {
		char c = text.p[i];
		if (c == '\\' || c == ';' || c == ',') {
			if (!(e = buf_append_char(b, '\\')))
				e = buf_append_char(b, c);
		} else if (c == '\n') {
			e = buf_append_cstr(b, "\\n");
		} else if (c != '\r') {
			e = buf_append_char(b, c);
		}
	}
	return e;
}

/* A TEXT property: its value escaped, then folded. */
static enum mm_err text_line(struct buf *b, const char *name, struct str text)
{
	struct buf v;
	buf_init(&v, b->arena, b->max);
	enum mm_err e = ics_escape(&v, text);
	return e ? e : ics_line(b, name, buf_str(&v));
}

static struct str stamp(char out[17], int64_t t, bool utc)
{
	struct civil c = civil_utc(utc ? t : t + CIVIL_JAPAN_OFFSET_S);
	snprintf(out, 17, "%04u%02u%02uT%02u%02u%02u%s", (unsigned)c.year % 10000u,
	         (unsigned)c.month % 100u, (unsigned)c.day % 100u, (unsigned)c.hour % 100u,
	         (unsigned)c.minute % 100u, (unsigned)c.second % 100u, utc ? "Z" : "");
	return str_from(out);
}

enum mm_err ics_begin(struct buf *b, struct str name)
{
	enum mm_err e;
	if ((e = ics_line(b, "BEGIN", STR("VCALENDAR"))) ||
	    (e = ics_line(b, "VERSION", STR("2.0"))) ||
	    (e = ics_line(b, "PRODID", STR("-//mamori//events//JA"))) ||
	    (e = ics_line(b, "CALSCALE", STR("GREGORIAN"))) ||
	    (e = ics_line(b, "METHOD", STR("PUBLISH"))))
		return e;
	if (name.n && (e = text_line(b, "X-WR-CALNAME", name)))
		return e;
	/* Japan has kept +09:00 all year since 1951: one STANDARD part. */
	if ((e = ics_line(b, "BEGIN", STR("VTIMEZONE"))) ||
	    (e = ics_line(b, "TZID", STR("Asia/Tokyo"))) ||
	    (e = ics_line(b, "BEGIN", STR("STANDARD"))) ||
	    (e = ics_line(b, "DTSTART", STR("19700101T000000"))) ||
	    (e = ics_line(b, "TZOFFSETFROM", STR("+0900"))) ||
	    (e = ics_line(b, "TZOFFSETTO", STR("+0900"))) ||
	    (e = ics_line(b, "TZNAME", STR("JST"))) || (e = ics_line(b, "END", STR("STANDARD"))))
		return e;
	return ics_line(b, "END", STR("VTIMEZONE"));
}

enum mm_err ics_event(struct buf *b, const struct ics_event *ev, const char *host, int64_t now)
{
	char uid[128], t[17], seq[24];
	enum mm_err e;
	snprintf(uid, sizeof uid, "event-%lld@%s", (long long)ev->id, host);
	snprintf(seq, sizeof seq, "%lld", (long long)ev->sequence);
	if ((e = ics_line(b, "BEGIN", STR("VEVENT"))) || (e = ics_line(b, "UID", str_from(uid))) ||
	    (e = ics_line(b, "DTSTAMP", stamp(t, now, true))) ||
	    (e = ics_line(b, "DTSTART;TZID=Asia/Tokyo", stamp(t, ev->starts_at, false))) ||
	    (e = ics_line(b, "DTEND;TZID=Asia/Tokyo",
	                  stamp(t, ev->starts_at + ev->duration_s, false))) ||
	    (e = ics_line(b, "LAST-MODIFIED", stamp(t, ev->updated_at, true))) ||
	    (e = ics_line(b, "SEQUENCE", str_from(seq))) ||
	    (e = text_line(b, "SUMMARY", ev->summary)))
		return e;
	struct buf d;
	buf_init(&d, b->arena, b->max);
	if ((ev->organiser.n &&
	     ((e = buf_append_str(&d, ev->organiser)) || (e = buf_append_cstr(&d, "\n\n")))) ||
	    (e = buf_append_str(&d, ev->description)))
		return e;
	if ((e = text_line(b, "DESCRIPTION", buf_str(&d))))
		return e;
	if (ev->location.n && (e = text_line(b, "LOCATION", ev->location)))
		return e;
	/* URL is a URI, not TEXT: never escaped (it holds no , ; or \). */
	if (ev->url.n && (e = ics_line(b, "URL", ev->url)))
		return e;
	return ics_line(b, "END", STR("VEVENT"));
}

enum mm_err ics_end(struct buf *b)
{
	return ics_line(b, "END", STR("VCALENDAR"));
}
