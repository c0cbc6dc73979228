/*
 * static.c — see static.h. At start every static file gets its hashed URL,
 * its ETag and, when it is text, a gzip copy; requests then only look up.
 */
#include "web/static.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/embedded.h"
#include "web/conditional.h"
#include "web/page.h"

#define STATIC_MAX_FILES 256

struct static_file {
	char name[128]; /* "style.css" */
	char url[192];  /* "/static/style.0123456789abcdef.css" */
	char etag[24];  /* "\"0123456789abcdef\"" */
	const char *type;
	struct str body;
	unsigned char *gzip;
	size_t gzip_n;
};

static struct static_file files[STATIC_MAX_FILES];
static size_t files_n;

static const struct {
	const char *ext, *type;
	bool text;
} types[] = {
    {".css", "text/css; charset=utf-8", true}, {".js", "text/javascript; charset=utf-8", true},
    {".svg", "image/svg+xml", true},           {".png", "image/png", false},
    {".ico", "image/x-icon", false},           {".txt", "text/plain; charset=utf-8", true},
    {".woff2", "font/woff2", false},
};

static bool gzip_compress(struct str in, unsigned char **out, size_t *out_n)
{
	z_stream z = {0};
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t cap = deflateBound(&z, in.n);
	unsigned char *buf = malloc(cap);
	if (!buf) {
		deflateEnd(&z);
		return false;
	}
	z.next_in = (unsigned char *)(uintptr_t)in.p;
	z.avail_in = (uInt)in.n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

enum mm_err static_init(char err[256])
{
	static const char prefix[] = "static/";
	if (sodium_init() < 0) {
		snprintf(err, 256, "libsodium failed to start");
		return MM_ERR_IO;
	}
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *e = &embedded_files[i];
		if (strncmp(e->name, prefix, sizeof prefix - 1) != 0)
			continue;
		const char *name = e->name + sizeof prefix - 1;
		const char *dot = strrchr(name, '.');
		if (files_n == STATIC_MAX_FILES || !dot || strlen(name) >= sizeof files[0].name) {
			snprintf(err, 256, "static file %s: bad name or too many files", e->name);
			return MM_ERR_INVALID;
		}
		struct static_file *f = &files[files_n];
		for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
			if (strcmp(dot, types[t].ext) == 0) {
				f->type = types[t].type;
				if (types[t].text && e->len > 256 &&
				    !gzip_compress(embedded_str(e), &f->gzip, &f->gzip_n)) {
					snprintf(err, 256, "static file %s: gzip failed", e->name);
					return MM_ERR_NOMEM;
				}
			}
		}
		if (!f->type) {
			snprintf(err, 256, "static file %s: unknown type", e->name);
			return MM_ERR_INVALID;
		}
		unsigned char hash[8];
		char hex[17];
		crypto_generichash(hash, sizeof hash, e->data, e->len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
		snprintf(f->name, sizeof f->name, "%s", name);
		snprintf(f->url, sizeof f->url, "/static/%.*s.%s%s", (int)(dot - name), name, hex,
		         dot);
		snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
		f->body = embedded_str(e);
		files_n++;
	}
	return MM_OK;
}

void static_free(void)
{
	for (size_t i = 0; i < files_n; i++)
		free(files[i].gzip);
	files_n = 0;
}

const char *static_url(const char *name)
{
	for (size_t i = 0; i < files_n; i++)
		if (strcmp(files[i].name, name) == 0)
			return files[i].url;
	return "/static/missing";
}

enum mm_err page_static(struct req *r, struct res *res)
{
	const struct static_file *f = NULL;
	for (size_t i = 0; i < files_n && !f; i++)
		if (str_eq_lit(r->path, files[i].url))
			f = &files[i];
	if (!f) {
		page_error(r, res, 404);
		return MM_OK;
	}
	enum mm_err e;
	if ((e = res_header(r, res, "Cache-Control", STR("public, max-age=31536000, immutable"))) ||
	    (e = res_header(r, res, "ETag", str_from(f->etag))))
		return e;
	if (f->gzip && (e = res_header(r, res, "Vary", STR("Accept-Encoding"))))
		return e;
	if (conditional_tag_listed(req_header(r, "If-None-Match"), str_from(f->etag))) {
		res->status = 304;
		res->body = STR("");
		return MM_OK;
	}
	res->status = 200;
	res->content_type = str_from(f->type);
	res->body = f->body;
	if (f->gzip)
		res->gzip_body = (struct str){(const char *)f->gzip, f->gzip_n};
	return MM_OK;
}
