/*
 * statistics_cli.c — `mamori aggregates rebuild`: recomputes the
 * statistics counters (store/statistics.h) from the declarations, their
 * events and the self-assessment results, in one transaction, while a
 * server may keep serving (its writes wait for the transaction; the
 * counters are never seen half made).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "lib/log.h"
#include "store/statistics.h"

static enum mm_err rebuild_tx(struct store *s, void *arg)
{
	(void)arg;
	return store_statistics_rebuild(s);
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
		log_info("%s: statistics rebuilt in %.1f s", app_db_for_log(o, db),
		         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	return rc;
}
