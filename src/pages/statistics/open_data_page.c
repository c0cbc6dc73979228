/*
 * open_data_page.c — the open data (/data): the files the daily export
 * wrote (app/open_data.h) listed from their SHA256SUMS with size,
 * checksum and what each holds, the licence (CC BY 4.0), and each file at
 * /data/FILE, sent from the disk as it is read.
 *
 * Only a name that SHA256SUMS lists (or SHA256SUMS itself) is served, and
 * only a name the export could have written (open_data_name_ok): no path,
 * no dot file, no link followed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages/shared/titled.h"
#include "pages/statistics/open_data_page.h"
#include "pages/statistics/open_data_rows.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"

#define OPEN_DATA_SUMS_MAX (64 * 1024) /* bytes of SHA256SUMS read */
#define SHA256_HEX 64

static char open_data_dir[4096];

void open_data_page_set_dir(const char *dir)
{
	snprintf(open_data_dir, sizeof open_data_dir, "%s", dir ? dir : "");
}

/* SHA256SUMS, NUL-terminated in the arena; "" when there is none yet. */
static enum mm_err read_sums(struct req *r, struct str *out)
{
	char path[4200];
	*out = STR("");
	snprintf(path, sizeof path, "%s/%s", open_data_dir, OPEN_DATA_SUMS);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? MM_OK : MM_ERR_IO;
	char *p = arena_alloc(r->arena, OPEN_DATA_SUMS_MAX + 1);
	ssize_t n = p ? read(fd, p, OPEN_DATA_SUMS_MAX) : -1;
	close(fd);
	if (n < 0)
		return p ? MM_ERR_IO : MM_ERR_NOMEM;
	p[n] = '\0';
	*out = (struct str){p, (size_t)n};
	return MM_OK;
}

/* The next "HASH  NAME" line of sums: false at the end. */
static bool next_sum(struct str *sums, struct str *hash, struct str *name)
{
	struct str line;
	while (str_next_item(sums, '\n', &line)) {
		if (line.n > SHA256_HEX + 2 && line.p[SHA256_HEX] == ' ' &&
		    line.p[SHA256_HEX + 1] == ' ') {
			*hash = (struct str){line.p, SHA256_HEX};
			*name = (struct str){line.p + SHA256_HEX + 2, line.n - SHA256_HEX - 2};
			return true;
		}
	}
	return false;
}

/* What a file holds, from its name. */
static struct str describe(struct req *r, struct str name)
{
	static const char *const tables[] = {"levels",     "monthly", "prefectures",
	                                     "industries", "sizes",   "scores"};
	if (str_eq(name, STR(OPEN_DATA_SCHEMA)))
		return page_t(r, "opendata.file.schema");
	if (str_starts_with(name, "mamori-declarants-"))
		return page_t(r, str_ends_with(name, ".jsonl") ? "opendata.file.declarants_jsonl"
		                                               : "opendata.file.declarants_csv");
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char prefix[64], key[64];
		snprintf(prefix, sizeof prefix, "mamori-statistics-%s-", tables[i]);
		snprintf(key, sizeof key, "statistics.%s.title", tables[i]);
		if (str_starts_with(name, prefix))
			return page_t(r, key);
	}
	return STR("");
}

static enum mm_err page_open_data(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct str sums, hash, name;
	struct val *ctx = val_obj(a), *files = ctx ? val_set_list(a, ctx, "files") : NULL;
	enum mm_err e;
	if (!files)
		return MM_ERR_NOMEM;
	if ((e = read_sums(r, &sums)))
		return e;
	size_t n = 0;
	while (next_sum(&sums, &hash, &name)) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof path, "%s/%.*s", open_data_dir, (int)name.n, name.p);
		if (!open_data_name_ok(name) || lstat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		struct val *f = val_list_push_obj(a, files);
		char *url = arena_printf(a, "/data/%.*s", (int)name.n, name.p),
		     *size = labels_format_count(a, (int64_t)st.st_size);
		if (!f || !url || !size || !val_set_str(a, f, "name", name) ||
		    !val_set_cstr(a, f, "url", url) || !val_set_cstr(a, f, "size", size) ||
		    !val_set_str(a, f, "sha256", hash) ||
		    !val_set_str(a, f, "what", describe(r, name)))
			return MM_ERR_NOMEM;
		n++;
	}
	if (!val_set_bool(a, ctx, "has_files", n > 0))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "open_data", ctx, "opendata.title", NULL, NULL);
}

static const char *content_type_of(struct str name)
{
	if (str_ends_with(name, ".csv"))
		return "text/csv; charset=utf-8";
	if (str_ends_with(name, ".jsonl"))
		return "application/jsonl; charset=utf-8";
	if (str_ends_with(name, ".json"))
		return "application/json";
	return "text/plain; charset=utf-8";
}

static enum mm_err page_open_data_file(struct req *r, struct res *res)
{
	struct str file = req_param(r, "file"), sums, hash, name;
	bool listed = str_eq(file, STR(OPEN_DATA_SUMS));
	enum mm_err e;
	if (!open_data_name_ok(file)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if ((e = read_sums(r, &sums)))
		return e;
	while (!listed && next_sum(&sums, &hash, &name))
		listed = str_eq(name, file);
	char path[4200];
	snprintf(path, sizeof path, "%s/%.*s", open_data_dir, (int)file.n, file.p);
	int fd = listed ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		page_error(r, res, 404);
		return MM_OK;
	}
	char *filename = str_dup(r->arena, file);
	if (!filename || (e = page_send_file(r, res, content_type_of(file), filename, fd,
	                                     (uint64_t)st.st_size))) {
		close(fd);
		return filename ? e : MM_ERR_NOMEM;
	}
	return MM_OK;
}

const struct route_table open_data_routes =
    ROUTE_TABLE(ROUTE_GET("/data", page_open_data, RIGHT_PUBLIC),
                ROUTE_GET("/data/{file}", page_open_data_file, RIGHT_PUBLIC));
