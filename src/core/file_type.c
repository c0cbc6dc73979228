/*
 * file_type.c — see file_type.h. Binary kinds by their signature; text
 * must be valid UTF-8 without control characters other than tab, line
 * ends and form feed, and must not begin like markup (a browser told to
 * sniff would run it); an e-mail is text whose first line is a header of
 * a message and whose header block names a sender.
 */
#include "core/file_type.h"

#include <string.h>

#include "lib/utf8.h"

static bool starts(struct str d, const char *sig, size_t n)
{
	return d.n >= n && memcmp(d.p, sig, n) == 0;
}

static bool plain_text(struct str d)
{
	if (!d.n || !utf8_valid(d))
		return false;
	for (size_t i = 0; i < d.n; i++) {
		unsigned char c = (unsigned char)d.p[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
			return false;
	}
	size_t i = 0;
	if (starts(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < d.n && (d.p[i] == ' ' || d.p[i] == '\t' || d.p[i] == '\r' || d.p[i] == '\n'))
		i++;
	return i == d.n || d.p[i] != '<';
}

/* "Name:" at the start of a line: letters, digits and '-'. */
static bool header_line(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
	                 (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
		i++;
	return i > 0 && i < n && p[i] == ':';
}

static bool has_prefix_ci(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] + 32) : p[i];
		if (c != lit[i])
			return false;
	}
	return true;
}

static bool email_message(struct str d)
{
	bool from = false;
	size_t i = 0, lines = 0;
	while (i < d.n) {
		const char *line = d.p + i;
		const char *nl = memchr(line, '\n', d.n - i);
		size_t n = nl ? (size_t)(nl - line) : d.n - i;
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0)
			break; /* the end of the header block */
		if (line[0] != ' ' && line[0] != '\t') {
			if (!header_line(line, n))
				return false;
			if (has_prefix_ci(line, n, "from:"))
				from = true;
		} else if (lines == 0) {
			return false;
		}
		lines++;
		i += (nl ? (size_t)(nl - line) + 1 : d.n - i);
	}
	return from;
}

enum file_type file_type_of(struct str d)
{
	if (starts(d, "%PDF-", 5))
		return FILE_PDF;
	if (starts(d, "\x89PNG\r\n\x1a\n", 8))
		return FILE_PNG;
	if (starts(d, "\xFF\xD8\xFF", 3))
		return FILE_JPEG;
	if (!plain_text(d))
		return FILE_TYPE_NONE;
	return email_message(d) ? FILE_EML : FILE_TEXT;
}

static const char *const mimes[] = {"",           "application/pdf",           "image/png",
                                    "image/jpeg", "text/plain; charset=utf-8", "message/rfc822"};
static const char *const extensions[] = {"", "pdf", "png", "jpg", "txt", "eml"};

const char *file_type_mime(enum file_type t)
{
	return mimes[t];
}

const char *file_type_extension(enum file_type t)
{
	return extensions[t];
}

enum file_type file_type_from_mime(struct str mime)
{
	for (int t = FILE_PDF; t <= FILE_EML; t++)
		if (str_eq_lit(mime, mimes[t]))
			return (enum file_type)t;
	return FILE_TYPE_NONE;
}
