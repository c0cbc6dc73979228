/*
 * statistics_cli.c — `mamori aggregates rebuild`: recomputes the
 * statistics counters (store/statistics.h) from the declarations, their
 * events and the self-assessment results, and the benchmark aggregates
 * (store/benchmark.h) from the latest result of each organisation and
 * check, in one transaction, while a
 * server may keep serving (its writes wait for the transaction; the
 * counters are never seen half made); and `mamori export-open-data`,
 * which writes the open data files once (app/open_data.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/open_data.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "view/i18n.h"
#include "store/benchmark.h"
#include "store/statistics.h"

static enum mm_err rebuild_tx(struct store *s, void *arg)
{
	(void)arg;
	enum mm_err e = store_statistics_rebuild(s);
	return e ? e : store_benchmark_rebuild(s);
}

int app_aggregates_rebuild(const struct app_options *o)
{
	struct store *s = NULL;
	char db[APP_DB_SHOWN_MAX];
	struct timespec t0, t1;
	int rc = app_open_store(o, &s);
	if (rc == EXIT_SUCCESS)
		rc = app_migrate_store(o, s, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == EXIT_SUCCESS) {
		enum mm_err e = store_tx(s, rebuild_tx, NULL);
		if (e)
			rc = app_fail("aggregates rebuild failed, counters unchanged",
			              mm_err_name(e));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_SUCCESS)
		log_info("%s: statistics and benchmarks rebuilt in %.1f s", app_db_for_log(o, db),
		         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	return rc;
}

int app_export_open_data(const struct app_options *o)
{
	struct store *s = NULL;
	struct arena catalogues; /* the labels of the files */
	char err[OPEN_DATA_ERR_MAX], tpl_err[TPL_ERR_MAX];
	struct timespec t0, t1;
	arena_init(&catalogues, ARENA_REQUEST_MAX);
	if (i18n_load(&catalogues, tpl_err)) {
		arena_free(&catalogues);
		return app_fail("cannot load the catalogues", tpl_err);
	}
	int rc = app_open_store(o, &s);
	if (rc == EXIT_SUCCESS)
		rc = app_migrate_store(o, s, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == EXIT_SUCCESS && open_data_export(s, o->out, time(NULL), err))
		rc = app_fail("export-open-data failed", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_SUCCESS)
		log_info("open data written to %s in %.1f s", o->out,
		         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	arena_free(&catalogues);
	return rc;
}
