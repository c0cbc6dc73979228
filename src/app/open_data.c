/*
 * open_data.c — see open_data.h. Files are written with stdio through a
 * writer that hashes what it writes (libsodium's SHA-256), so no file is
 * read again for its checksum.
 */
#include "app/open_data.h"

#include "app/catalogue_jobs.h"
#include "app/event_reminders.h"
#include "app/job_lease.h"
#include "app/news_digest.h"
#include "app/nudges.h"
#include "app/policy_checks.h"
#include "app/worker.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/civil.h"
#include "lib/json.h"
#include "lib/log.h"
#include "pages/statistics/open_data_rows.h"
#include "pages/statistics/statistics_tables.h"
#include "store/statistics.h"

#define OPEN_DATA_FILES_MAX 16
#define OPEN_DATA_LANG LANG_JA /* labels in the files: the scheme's language */
#define OPEN_DATA_JOB "open_data"
#define LICENCE_NAME "CC-BY-4.0"
#define LICENCE_PATH "https://creativecommons.org/licenses/by/4.0/"

struct written {
	char name[OPEN_DATA_NAME_MAX + 1];
	char sha256[crypto_hash_sha256_BYTES * 2 + 1];
};

struct writer {
	FILE *f;
	char path[4096], tmp[4096];
	crypto_hash_sha256_state h;
	struct written *out;
	bool failed;
};

struct export
{
	const char *dir;
	char date[11];
	struct written files[OPEN_DATA_FILES_MAX];
	size_t n;
	char *err;
};

static bool fail(struct export *x, const char *what, const char *name)
{
	snprintf(x->err, OPEN_DATA_ERR_MAX, "%.40s %.150s: %.50s", what, name, strerror(errno));
	return false;
}

static bool writer_open(struct export *x, struct writer *w, const char *name)
{
	if (x->n >= OPEN_DATA_FILES_MAX || strlen(name) > OPEN_DATA_NAME_MAX)
		return fail(x, "too many files at", name);
	*w = (struct writer){.out = &x->files[x->n++]};
	snprintf(w->out->name, sizeof w->out->name, "%s", name);
	snprintf(w->path, sizeof w->path, "%s/%s", x->dir, name);
	snprintf(w->tmp, sizeof w->tmp, "%s/.%s.tmp", x->dir, name);
	crypto_hash_sha256_init(&w->h);
	w->f = fopen(w->tmp, "wb");
	return w->f ? true : fail(x, "cannot write", w->tmp);
}

static void writer_put(struct writer *w, const void *p, size_t n)
{
	if (n == 0 || w->failed)
		return;
	crypto_hash_sha256_update(&w->h, p, n);
	w->failed = fwrite(p, 1, n, w->f) != n;
}

static void writer_put_buf(struct writer *w, const struct buf *b)
{
	struct str s = buf_str(b);
	writer_put(w, s.p, s.n);
}

/* Synced, then renamed to its name: complete or absent. */
static bool writer_close(struct export *x, struct writer *w)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	bool ok = !w->failed && fflush(w->f) == 0 && fsync(fileno(w->f)) == 0;
	ok = fclose(w->f) == 0 && ok;
	if (!ok || rename(w->tmp, w->path)) {
		unlink(w->tmp);
		return fail(x, "cannot write", w->path);
	}
	crypto_hash_sha256_final(&w->h, digest);
	sodium_bin2hex(w->out->sha256, sizeof w->out->sha256, digest, sizeof digest);
	return true;
}

/* A file whose whole text is b, written as the writer does: complete or
 * absent, with its checksum kept for the list of sums. */
static bool write_file(struct export *x, const char *name, const struct buf *b)
{
	struct writer w;
	if (!writer_open(x, &w, name))
		return false;
	writer_put_buf(&w, b);
	return writer_close(x, &w);
}

static const char bom[] = "\xEF\xBB\xBF";

/* The declarant list, both files in one pass over the declarations. */
static bool write_declarants(struct export *x, struct store *s)
{
	char csv_name[OPEN_DATA_NAME_MAX], jsonl_name[OPEN_DATA_NAME_MAX];
	struct writer csv, jsonl;
	struct arena a;
	struct buf b;
	int64_t after = 0;
	bool ok = true;
	snprintf(csv_name, sizeof csv_name, "mamori-declarants-%s.csv", x->date);
	snprintf(jsonl_name, sizeof jsonl_name, "mamori-declarants-%s.jsonl", x->date);
	if (!writer_open(x, &csv, csv_name))
		return false;
	if (!writer_open(x, &jsonl, jsonl_name)) {
		fclose(csv.f);
		unlink(csv.tmp);
		return false;
	}
	arena_init(&a, ARENA_REQUEST_MAX);
	writer_put(&csv, bom, 3);
	buf_init(&b, &a, 4096);
	if (open_data_declarant_csv_header(&b))
		ok = false;
	writer_put_buf(&csv, &b);
	for (size_t n = STATISTICS_DECLARANT_PAGE; ok && n == STATISTICS_DECLARANT_PAGE;) {
		struct statistics_declarant *page;
		struct buf c, j;
		arena_reset(&a);
		if (store_statistics_declarants(s, &a, after, &page, &n)) {
			snprintf(x->err, OPEN_DATA_ERR_MAX, "cannot read the declarations");
			ok = false;
			break;
		}
		buf_init(&c, &a, ARENA_REQUEST_MAX / 4);
		buf_init(&j, &a, ARENA_REQUEST_MAX / 4);
		for (size_t i = 0; i < n && ok; i++)
			ok = !open_data_declarant_csv(&c, OPEN_DATA_LANG, &page[i]) &&
			     !open_data_declarant_jsonl(&j, OPEN_DATA_LANG, &page[i]);
		writer_put_buf(&csv, &c);
		writer_put_buf(&jsonl, &j);
		if (n)
			after = page[n - 1].id;
	}
	arena_free(&a);
	if (!ok) {
		if (!x->err[0])
			snprintf(x->err, OPEN_DATA_ERR_MAX, "a declarant does not fit its row");
		fclose(csv.f);
		fclose(jsonl.f);
		unlink(csv.tmp);
		unlink(jsonl.tmp);
		return false;
	}
	return writer_close(x, &csv) && writer_close(x, &jsonl);
}

static bool write_tables(struct export *x, struct store *s, int64_t now, struct stat_tables *tables,
                         struct arena *a)
{
	if (stat_tables_load(s, a, OPEN_DATA_LANG, now, true, tables)) {
		snprintf(x->err, OPEN_DATA_ERR_MAX, "cannot read the statistics");
		return false;
	}
	for (size_t i = 0; i < STAT_TABLE_COUNT; i++) {
		char name[OPEN_DATA_NAME_MAX];
		struct buf b;
		snprintf(name, sizeof name, "mamori-statistics-%s-%s.csv", tables->t[i].name,
		         x->date);
		buf_init(&b, a, ARENA_REQUEST_MAX / 4);
		if (buf_append(&b, bom, 3) ||
		    stat_table_csv(&b, a, OPEN_DATA_LANG, &tables->t[i])) {
			snprintf(x->err, OPEN_DATA_ERR_MAX, "the table %s does not fit", name);
			return false;
		}
		if (!write_file(x, name, &b))
			return false;
	}
	return true;
}

static struct str en(const char *key)
{
	return i18n_get(LANG_EN, str_from(key));
}

static void field(struct json *j, const char *name, const char *type, struct str description)
{
	json_object_begin(j);
	json_member_cstring(j, "name", name);
	json_member_cstring(j, "type", type);
	json_member_string(j, "description", description);
	json_object_end(j);
}

static void resource_head(struct json *j, const char *name, const char *path, const char *format,
                          const char *mediatype, struct str title)
{
	json_object_begin(j);
	json_member_cstring(j, "name", name);
	json_member_cstring(j, "path", path);
	json_member_string(j, "title", title);
	json_member_cstring(j, "format", format);
	json_member_cstring(j, "mediatype", mediatype);
	json_member_cstring(j, "encoding", "utf-8");
}

static void declarant_resource(struct json *j, const struct written *f, bool csv)
{
	char key[64];
	resource_head(j, csv ? "declarants-csv" : "declarants-jsonl", f->name,
	              csv ? "csv" : "jsonl", csv ? "text/csv" : "application/jsonl",
	              en("opendata.declarants.title"));
	json_key(j, "schema");
	json_object_begin(j);
	json_key(j, "fields");
	json_array_begin(j);
	for (size_t i = 0; i < OPEN_DATA_DECLARANT_COLUMNS; i++) {
		const char *name = open_data_declarant_columns[i];
		snprintf(key, sizeof key, "opendata.field.%s", name);
		field(j, name,
		      i == 1                             ? "integer"
		      : strcmp(name, "declared_on") == 0 ? "date"
		                                         : "string",
		      en(key));
	}
	json_array_end(j);
	json_member_cstring(j, "primaryKey", "declaration_id");
	json_object_end(j);
	json_object_end(j);
}

static void table_resource(struct json *j, const struct written *f, const struct stat_table *tb)
{
	char name[64];
	snprintf(name, sizeof name, "statistics-%s", tb->name);
	resource_head(j, name, f->name, "csv", "text/csv", tb->title);
	json_member_string(j, "description", tb->desc);
	json_key(j, "schema");
	json_object_begin(j);
	json_key(j, "missingValues");
	json_array_begin(j);
	json_write_cstring(j, "");
	json_write_string(j, i18n_get(OPEN_DATA_LANG, STR("statistics.hidden")));
	json_array_end(j);
	json_key(j, "fields");
	json_array_begin(j);
	field(j, "code", "string", en("opendata.field.code"));
	field(j, "label", "string", en("opendata.field.label"));
	for (size_t c = 0; c < stat_table_width(tb); c++) {
		char key[64];
		snprintf(key, sizeof key, "statistics.col.%s", tb->col_codes[c]);
		field(j, tb->col_codes[c], "integer", en(key));
	}
	if (tb->extra_code)
		field(j, tb->extra_code, "number", en("opendata.field.mean"));
	json_array_end(j);
	json_object_end(j);
	json_object_end(j);
}

static bool write_schema(struct export *x, const struct stat_tables *tables, int64_t now,
                         struct arena *a)
{
	struct buf b;
	struct json j;
	char created[CIVIL_ISO_BYTES];
	civil_iso_utc(now, created);
	buf_init(&b, a, ARENA_REQUEST_MAX / 4);
	json_init(&j, &b);
	json_object_begin(&j);
	json_key(&j, "profile");
	json_write_cstring(&j, "data-package");
	json_key(&j, "name");
	json_write_cstring(&j, "mamori-open-data");
	json_key(&j, "title");
	json_write_string(&j, en("opendata.package.title"));
	json_key(&j, "description");
	json_write_string(&j, en("opendata.package.description"));
	json_key(&j, "created");
	json_write_cstring(&j, created);
	json_key(&j, "licenses");
	json_array_begin(&j);
	json_object_begin(&j);
	json_key(&j, "name");
	json_write_cstring(&j, LICENCE_NAME);
	json_key(&j, "path");
	json_write_cstring(&j, LICENCE_PATH);
	json_key(&j, "title");
	json_write_cstring(&j, "Creative Commons Attribution 4.0 International");
	json_object_end(&j);
	json_array_end(&j);
	json_key(&j, "resources");
	json_array_begin(&j);
	declarant_resource(&j, &x->files[0], true);
	declarant_resource(&j, &x->files[1], false);
	for (size_t i = 0; i < STAT_TABLE_COUNT; i++)
		table_resource(&j, &x->files[2 + i], &tables->t[i]);
	json_array_end(&j);
	json_object_end(&j);
	if (json_finish(&j) || buf_append_char(&b, '\n')) {
		snprintf(x->err, OPEN_DATA_ERR_MAX, "the schema does not fit");
		return false;
	}
	return write_file(x, OPEN_DATA_SCHEMA, &b);
}

/* "HASH  NAME" per file, as sha256sum writes and checks it. */
static bool write_sums(struct export *x, struct arena *a)
{
	struct buf b;
	size_t files = x->n;
	buf_init(&b, a, 64 * 1024);
	for (size_t i = 0; i < files; i++)
		if (buf_printf(&b, "%s  %s\n", x->files[i].sha256, x->files[i].name)) {
			snprintf(x->err, OPEN_DATA_ERR_MAX, "the checksums do not fit");
			return false;
		}
	return write_file(x, OPEN_DATA_SUMS, &b);
}

/* Files of other days (and temporary files left by a crash) go. */
static void remove_old(struct export *x)
{
	DIR *d = opendir(x->dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct str name = str_from(e->d_name);
		bool ours = str_starts_with(name, "mamori-") ||
		            (str_starts_with(name, ".mamori-") && str_ends_with(name, ".tmp"));
		bool today = false;
		for (size_t i = 0; i < x->n; i++)
			today = today || strcmp(x->files[i].name, e->d_name) == 0;
		if (ours && !today) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", x->dir, e->d_name);
			if (unlink(path))
				log_error("open data: cannot remove %s: %s", path, strerror(errno));
		}
	}
	closedir(d);
}

enum mm_err open_data_export(struct store *s, const char *dir, int64_t now,
                             char err[OPEN_DATA_ERR_MAX])
{
	struct export *x = calloc(1, sizeof *x);
	struct stat_tables tables;
	struct arena a;
	if (!x)
		return MM_ERR_NOMEM;
	err[0] = '\0';
	x->dir = dir;
	x->err = err;
	open_data_date(now, x->date);
	arena_init(&a, ARENA_REQUEST_MAX);
	bool ok = sodium_init() >= 0 && write_declarants(x, s) &&
	          write_tables(x, s, now, &tables, &a) && write_schema(x, &tables, now, &a) &&
	          write_sums(x, &a);
	if (ok)
		remove_old(x);
	arena_free(&a);
	free(x);
	if (!ok && !err[0])
		snprintf(err, OPEN_DATA_ERR_MAX, "cannot start libsodium");
	return ok ? MM_OK : MM_ERR_IO;
}

/* ---- the daily jobs ------------------------------------------------------- */
/* One thread runs the daily jobs of serve: the open data, the
 * reminders (app/nudges.h), the check of policies published at firms' own
 * addresses (app/policy_checks.h), the catalogue's expiry notices
 * (app/catalogue_jobs.h), the events' reminders of the day before
 * (app/event_reminders.h, hourly) and the weekly news digest
 * (app/news_digest.h), each under its own lease. */

static struct {
	char db[4096], dir[4096], owner[128];
	struct worker worker;
} job;

struct export_run {
	const char *dir;
	bool *ran;
};

static enum mm_err export_work(struct store *s, int64_t now, void *arg)
{
	struct export_run *x = arg;
	char err[OPEN_DATA_ERR_MAX];
	enum mm_err e = open_data_export(s, x->dir, now, err);
	if (e) {
		log_error("open data: %s (tried again when the lease runs out)", err);
		return e;
	}
	*x->ran = true;
	log_info("open data: written to %s", x->dir);
	return MM_OK;
}

enum mm_err open_data_job_run(struct store *s, const char *dir, const char *owner, int64_t now,
                              bool *ran)
{
	struct export_run x = {.dir = dir, .ran = ran};
	*ran = false;
	return job_lease_run(s, OPEN_DATA_JOB, owner, job_day_in_japan(now), now, OPEN_DATA_LEASE_S,
	                     export_work, &x);
}

static void *job_main(void *arg)
{
	(void)arg;
	struct store *s = NULL;
	while (worker_running(&job.worker)) {
		char err[STORE_ERR_MAX];
		bool ran;
		if (!s && store_open(job.db, &s, err)) {
			log_error("open data: %s", err);
			s = NULL;
		}
		/* A failure is logged where it happens; the next round tries
		 * again once the lease has run out. */
		if (s) {
			int64_t mails;
			MM_IGNORE(
			    open_data_job_run(s, job.dir, job.owner, (int64_t)time(NULL), &ran));
			struct policy_checks_run checks;
			MM_IGNORE(nudges_job_run(s, job.owner, (int64_t)time(NULL), &mails));
			MM_IGNORE(
			    policy_checks_job_run(s, job.owner, (int64_t)time(NULL), &checks));
			MM_IGNORE(
			    catalogue_expiry_job_run(s, job.owner, (int64_t)time(NULL), &mails));
			MM_IGNORE(news_digest_job_run(s, job.owner, (int64_t)time(NULL), &mails));
			MM_IGNORE(
			    event_reminders_job_run(s, job.owner, (int64_t)time(NULL), &mails));
		}
		worker_pause_ms(&job.worker, OPEN_DATA_POLL_S * 1000);
	}
	store_close(s);
	return NULL;
}

enum mm_err open_data_job_start(const char *db, const char *dir)
{
	if (strlen(db) >= sizeof job.db || strlen(dir) >= sizeof job.dir)
		return MM_ERR_TOO_LONG;
	snprintf(job.db, sizeof job.db, "%s", db);
	snprintf(job.dir, sizeof job.dir, "%s", dir);
	worker_owner_name(job.owner, sizeof job.owner);
	return worker_start(&job.worker, job_main);
}

void open_data_job_stop(void)
{
	worker_stop(&job.worker);
}
