/*
 * open_data.h — the open data files: the declarant list (CSV in UTF-8
 * with a BOM, and JSON Lines), the public statistics tables (CSV, small
 * figures hidden as on /statistics), a schema.json describing every
 * column (a Frictionless Data Package whose resources carry Table
 * Schemas, licence CC BY 4.0) and SHA256SUMS, written into one directory
 * with the day in their names (mamori-declarants-2026-12-04.csv).
 *
 * The declarant list is streamed: read from the store a page of ids at a
 * time and written at once, so memory stays flat whatever the number of
 * declarants. Each file is written under a temporary name, synced and
 * renamed, and SHA256SUMS last, so a reader sees the files of one day
 * complete or the day before's. The files of other days are then removed.
 *
 * `mamori export-open-data --out DIR` writes them once; `mamori serve`
 * writes them every day (open_data_job_start), one instance at a time
 * through the lease of store/statistics.h.
 */
#ifndef MM_APP_OPEN_DATA_H
#define MM_APP_OPEN_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/err.h"

struct store;

#define OPEN_DATA_ERR_MAX 256
#define OPEN_DATA_LEASE_S 3600 /* an export must end within this */
#define OPEN_DATA_POLL_S 60    /* how often serve looks whether today's is done */

MM_MUST_USE enum mm_err open_data_export(struct store *s, const char *dir, int64_t now,
                                         char err[OPEN_DATA_ERR_MAX]);

/* The daily jobs of serve (the open data, the reminders of app/nudges.h,
 * the weekly news digest of app/news_digest.h):
 * a thread with its own connection to db. */
MM_MUST_USE enum mm_err open_data_job_start(const char *db, const char *dir);
void open_data_job_stop(void);

/* Runs the job once at now: exports when this process takes today's
 * lease (MM_OK, *ran true), nothing when another has it or today's is
 * done (MM_OK, *ran false). For the tests and the thread. */
MM_MUST_USE enum mm_err open_data_job_run(struct store *s, const char *dir, const char *owner,
                                          int64_t now, bool *ran);

#endif
