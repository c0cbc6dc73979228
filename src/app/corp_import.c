/*
 * corp_import.c — `mamori corp import --db … FILE…`: loads the National
 * Tax Agency's corporate-number files (the bulk files and the daily
 * difference files, Unicode edition; core/corp_csv.h) into the store
 * (store/corp.h), keeping the latest state of each number.
 *
 * Streamed: a file is read one line at a time into a fixed buffer (a line
 * longer than it is an error, skipped to its end), parsed into a batch of
 * CORP_IMPORT_ROWS rows whose arena is emptied once the store has them
 * (store_corp_upsert_batch: one statement per batch on PostgreSQL), in
 * transactions of CORP_IMPORT_BATCH rows, so memory stays flat whatever
 * the file's size.
 * Idempotent: a state replaces the kept one only when it is not older, so
 * a file read again, or an older file read after a newer one, changes
 * nothing. A line that cannot be read is reported on stderr with its file
 * and line number and skipped; progress goes to stderr every
 * CORP_IMPORT_PROGRESS_S seconds, and a summary per file and for the whole
 * run at the end. Exit 0 when every file was read to its end (even with
 * lines refused: the summary counts them), 1 when a file could not be
 * read or the database failed (what was committed stays: running it
 * again completes it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/corp_csv.h"
#include "lib/arena.h"
#include "store/corp.h"
#include "store/store.h"

#define CORP_IMPORT_BATCH 5000 /* rows per transaction */
#define CORP_IMPORT_ROWS 500   /* rows handed to the store at once */
#define CORP_IMPORT_ARENA (4u * 1024 * 1024)
#define CORP_IMPORT_PROGRESS_S 2      /* seconds between progress lines */
#define CORP_IMPORT_ERRORS_SHOWN 1000 /* error lines printed per file; the rest only counted */

struct import_counts {
	int64_t lines, applied, kept, errors;
};

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The next line of f into buf (without its "\n"): 1 for a line, 0 at the
 * end, -1 for a line longer than the buffer (read to its end and
 * dropped), -2 for a read error. */
static int next_line(FILE *f, char *buf, size_t size, size_t *n)
{
	if (!fgets(buf, (int)size, f))
		return ferror(f) ? -2 : 0;
	*n = strlen(buf);
	if (*n && buf[*n - 1] == '\n') {
		buf[--*n] = '\0';
		return 1;
	}
	if (*n < size - 1 || feof(f))
		return 1; /* the last line, without "\n" (or a NUL inside: see parse) */
	int c;
	while ((c = fgetc(f)) != EOF && c != '\n')
		;
	return -1;
}

struct importer {
	struct store *s;
	struct arena a;        /* the rows of the batch */
	struct corp_row *rows; /* CORP_IMPORT_ROWS */
	size_t n;
	int64_t in_batch;
	double started, last_progress;
	struct import_counts all;
};

static enum mm_err batch_commit(struct importer *im, bool again)
{
	enum mm_err e = store_commit(im->s);
	if (e) {
		store_rollback(im->s);
		return e;
	}
	im->in_batch = 0;
	return again ? store_begin(im->s) : MM_OK;
}

static void progress(struct importer *im, const char *path, const struct import_counts *c)
{
	double now = seconds_now();
	if (now - im->last_progress < CORP_IMPORT_PROGRESS_S)
		return;
	im->last_progress = now;
	double spent = now - im->started;
	fprintf(stderr, "corp import: %s: %lld lines (%.0f rows/s)\n", path, (long long)c->lines,
	        spent > 0 ? (double)(im->all.lines + c->lines) / spent : 0.0);
}

/* The rows gathered so far to the store, and the transaction committed
 * every CORP_IMPORT_BATCH rows. */
static enum mm_err flush(struct importer *im, struct import_counts *c)
{
	int64_t applied;
	enum mm_err e = store_corp_upsert_batch(im->s, &im->a, im->rows, im->n, &applied);
	if (e)
		return e;
	c->applied += applied;
	c->kept += (int64_t)im->n - applied;
	im->in_batch += (int64_t)im->n;
	im->n = 0;
	arena_reset(&im->a);
	return im->in_batch >= CORP_IMPORT_BATCH ? batch_commit(im, true) : MM_OK;
}

static enum mm_err import_line(struct importer *im, const char *path, char *line, size_t n,
                               struct import_counts *c)
{
	char *copy = arena_strndup(&im->a, line, n);
	if (!copy)
		return MM_ERR_NOMEM;
	enum corp_csv_error pe = corp_csv_parse(&im->a, (struct str){copy, n}, &im->rows[im->n]);
	if (pe) {
		if (c->lines == 1 && corp_csv_is_header((struct str){line, n}))
			return MM_OK; /* a line naming the columns */
		if (++c->errors <= CORP_IMPORT_ERRORS_SHOWN)
			fprintf(stderr, "%s:%lld: %s: line skipped\n", path, (long long)c->lines,
			        corp_csv_error_name(pe));
		return MM_OK;
	}
	return ++im->n == CORP_IMPORT_ROWS ? flush(im, c) : MM_OK;
}

static int import_file(struct importer *im, const char *path)
{
	static char line[CORP_CSV_LINE_MAX + 2];
	FILE *f = fopen(path, "rb");
	if (!f)
		return app_fail(path, strerror(errno));
	struct import_counts c = {0};
	enum mm_err e = store_begin(im->s);
	int r;
	size_t n;
	while (!e && (r = next_line(f, line, sizeof line, &n)) != 0) {
		c.lines++;
		if (r == -2)
			break;
		if (r == -1) {
			if (++c.errors <= CORP_IMPORT_ERRORS_SHOWN)
				fprintf(stderr, "%s:%lld: %s: line skipped\n", path,
				        (long long)c.lines, corp_csv_error_name(CORP_CSV_TOO_LONG));
			continue;
		}
		if ((e = import_line(im, path, line, n, &c)))
			break;
		if ((c.lines & 1023) == 0)
			progress(im, path, &c);
	}
	bool read_failed = ferror(f);
	fclose(f);
	if (!e)
		e = flush(im, &c);
	if (e) {
		store_rollback(im->s);
		im->n = 0;
		arena_reset(&im->a);
		return app_fail(path, "the database failed (rows committed before stay)");
	}
	if ((e = batch_commit(im, false)))
		return app_fail(path, "the database failed (rows committed before stay)");
	if (c.errors > CORP_IMPORT_ERRORS_SHOWN)
		fprintf(stderr, "%s: %lld more lines skipped\n", path,
		        (long long)(c.errors - CORP_IMPORT_ERRORS_SHOWN));
	fprintf(stderr,
	        "%s: %lld lines, %lld new states, %lld older or the same as kept,"
	        " %lld skipped\n",
	        path, (long long)c.lines, (long long)c.applied, (long long)c.kept,
	        (long long)c.errors);
	im->all.lines += c.lines;
	im->all.applied += c.applied;
	im->all.kept += c.kept;
	im->all.errors += c.errors;
	if (read_failed)
		return app_fail(path, "read error");
	return EXIT_SUCCESS;
}

int app_corp_import(const struct app_options *o)
{
	struct importer im = {0};
	int rc = app_open_store(o, &im.s);
	if (rc || (rc = app_migrate_store(o, im.s, true))) {
		store_close(im.s);
		return rc;
	}
	arena_init(&im.a, CORP_IMPORT_ARENA);
	im.rows = malloc(sizeof *im.rows * CORP_IMPORT_ROWS);
	if (!im.rows) {
		store_close(im.s);
		return app_fail("corp import", "out of memory");
	}
	im.started = im.last_progress = seconds_now();
	for (int i = 0; i < o->files_n && !rc; i++)
		rc = import_file(&im, o->files[i]);
	double spent = seconds_now() - im.started;
	fprintf(stderr,
	        "corp import: %d file%s, %lld lines in %.1f s (%.0f rows/s): %lld new states,"
	        " %lld older or the same as kept, %lld skipped\n",
	        o->files_n, o->files_n == 1 ? "" : "s", (long long)im.all.lines, spent,
	        spent > 0 ? (double)im.all.lines / spent : 0.0, (long long)im.all.applied,
	        (long long)im.all.kept, (long long)im.all.errors);
	free(im.rows);
	arena_free(&im.a);
	store_close(im.s);
	return rc;
}
