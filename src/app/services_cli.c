/*
 * services_cli.c — `mamori services reindex`: writes the search index of
 * the service catalogue (store/service_index.h) afresh from the live
 * listings, in one transaction, while a server may keep serving (the
 * index is never seen half made). The server keeps the index up to date
 * by itself; this is for listings changed by hand and for checking it.
 */
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "lib/log.h"
#include "store/service_index.h"

int app_services_reindex(const struct app_options *o)
{
	struct store *s = NULL;
	char db[APP_DB_SHOWN_MAX];
	struct timespec t0, t1;
	int64_t listings = 0;
	int rc = app_open_store(o, &s);
	if (rc == EXIT_SUCCESS)
		rc = app_migrate_store(o, s, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == EXIT_SUCCESS) {
		enum mm_err e = store_service_index_rebuild(s, &listings);
		if (e)
			rc = app_fail("services reindex failed, index unchanged", mm_err_name(e));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_SUCCESS)
		log_info("%s: %lld listings indexed in %.1f s", app_db_for_log(o, db),
		         (long long)listings,
		         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	return rc;
}
