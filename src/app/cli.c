/*
 * cli.c — the commands that run once and exit: migrate, seed-demo, seed,
 * admin create, routes, backup and restore (see app.h). Each opens the store itself and
 * closes it before returning; none of them serves a request.
 */
#include "app/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/admin_create.h"
#include "app/demo.h"
#include "app/consult_demo.h"
#include "app/catalogue_seed.h"
#include "app/events_demo.h"
#include "app/news_demo.h"
#include "app/experts_seed.h"
#include "app/management_seed.h"
#include "app/seed.h"
#include "lib/log.h"
#include "pages/routes.h"
#include "store/benchmark.h"
#include "store/backup.h"
#include "store/declarant_index.h"
#include "store/store.h"
#include "web/mail.h"
#include "web/router.h"
#include "web/web.h"

int app_usage_error(const char *before, const char *arg, const char *after)
{
	char shown[LOG_SETTING_SHOWN_BYTES];
	fprintf(stderr, "mamori: %s%s%s (see mamori --help)\n", before,
	        log_setting_shown(shown, arg), after);
	return APP_EXIT_USAGE;
}

int app_fail(const char *what, const char *detail)
{
	fprintf(stderr, "mamori: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	return EXIT_FAILURE;
}

const char *app_db_for_log(const struct app_options *o, char out[APP_DB_SHOWN_MAX])
{
	return store_address_for_log(o->db, out, APP_DB_SHOWN_MAX);
}

/* The default database lives in ./data, created on first use; a path the
 * operator names must already have its directory. */
int app_open_store(const struct app_options *o, struct store **s)
{
	char err[STORE_ERR_MAX];
	*s = NULL; /* what store_close() takes when the store cannot be opened */
	if (!o->db_given && mkdir(APP_DEFAULT_DB_DIR, 0750) && errno != EEXIST)
		return app_fail("cannot create ./" APP_DEFAULT_DB_DIR, strerror(errno));
	if (store_open(o->db, s, err))
		return app_fail(err, NULL);
	return EXIT_SUCCESS;
}

int app_migrate_store(const struct app_options *o, struct store *s, bool quiet)
{
	char err[STORE_ERR_MAX], db[APP_DB_SHOWN_MAX];
	int applied, version;
	bool rebuilt;
	if (store_migrate(s, &applied, err))
		return app_fail("migration failed, database unchanged", err);
	if (store_schema_version(s, &version))
		return app_fail("cannot read the schema version of", app_db_for_log(o, db));
	if (!quiet || applied)
		log_info("%s: schema version %d (%d migration%s applied)", app_db_for_log(o, db),
		         version, applied, applied == 1 ? "" : "s");
	/* A database migrated to declarant_search with declarations, or a seed cut
	 * short, has an incomplete search index: built again here. */
	if (store_declarant_index_ensure(s, &rebuilt))
		return app_fail("cannot build the declarant search index of",
		                app_db_for_log(o, db));
	if (rebuilt)
		log_info("%s: declarant search index built", app_db_for_log(o, db));
	return EXIT_SUCCESS;
}

int app_migrate_db(const struct app_options *o, bool quiet)
{
	struct store *s;
	int rc = app_open_store(o, &s);
	if (rc)
		return rc;
	rc = app_migrate_store(o, s, quiet);
	store_close(s);
	return rc;
}

int app_migrate(const struct app_options *o)
{
	return app_migrate_db(o, false);
}

/* The demo's loaders in the order they run: the communities before the
 * news, one demo article being the first community's. Each counts the
 * records it inserted. */
static enum mm_err (*const demo_loaders[])(struct store *s, int *inserted, char err[256]) = {
    demo_seed,           experts_seed_demo, consult_demo_seed, management_seed_demo,
    catalogue_seed_demo, events_demo_seed,  news_demo_seed,
};

int app_seed_demo(const struct app_options *o)
{
	struct store *s = NULL;
	char err[256], db[APP_DB_SHOWN_MAX];
	int inserted = 0;
	int rc = app_open_store(o, &s);
	if (rc == EXIT_SUCCESS)
		rc = app_migrate_store(o, s, true);
	for (size_t i = 0; rc == EXIT_SUCCESS && i < sizeof demo_loaders / sizeof *demo_loaders;
	     i++) {
		int added = 0;
		if (demo_loaders[i](s, &added, err))
			rc = app_fail("seed-demo failed", err);
		inserted += added;
	}
	if (rc == EXIT_SUCCESS)
		log_info("%s: demo data loaded (%d new record%s)", app_db_for_log(o, db), inserted,
		         inserted == 1 ? "" : "s");
	store_close(s);
	return rc;
}

static enum mm_err benchmarks_tx(struct store *s, void *arg)
{
	(void)arg;
	return store_benchmark_rebuild(s);
}

int app_seed(const struct app_options *o)
{
	struct store *s = NULL;
	struct seed_report report;
	char err[256], db[APP_DB_SHOWN_MAX];
	struct timespec t0, t1;
	int rc = app_open_store(o, &s);
	if (rc)
		return rc;
	rc = app_migrate_store(o, s, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int64_t experts = o->orgs / 10 < 1 ? 1 : o->orgs / 10;
	if (experts > SEED_EXPERTS_MAX)
		experts = SEED_EXPERTS_MAX;
	if (rc == EXIT_SUCCESS &&
	    seed_run(s, o->orgs, (uint64_t)o->seed, (int)o->declared, &report, err))
		rc = app_fail("seed failed", err);
	if (rc == EXIT_SUCCESS && experts_seed_run(s, experts, (uint64_t)o->seed, err))
		rc = app_fail("seed failed", err);
	int64_t management = 0, listings = 0;
	if (rc == EXIT_SUCCESS && management_seed_run(s, (uint64_t)o->seed, &management, err))
		rc = app_fail("seed failed", err);
	if (rc == EXIT_SUCCESS && catalogue_seed_run(s, (uint64_t)o->seed, &listings, err))
		rc = app_fail("seed failed", err);
	if (rc == EXIT_SUCCESS && seed_events(s, &report.events, err))
		rc = app_fail("seed failed", err);
	if (rc == EXIT_SUCCESS && seed_news(s, &report, err))
		rc = app_fail("seed failed", err);
	/* the benchmarks of both checks, counted once from the results
	 * (which gives the seeded results their organisation's cell, with
	 * the size class of its declaration, as declaring computed it) */
	struct timespec b0, b1;
	clock_gettime(CLOCK_MONOTONIC, &b0);
	if (rc == EXIT_SUCCESS && store_tx(s, benchmarks_tx, NULL))
		rc = app_fail("seed failed", "benchmarks rebuild");
	clock_gettime(CLOCK_MONOTONIC, &b1);
	if (rc == EXIT_SUCCESS)
		log_info("benchmarks counted in %.1f s",
		         (double)(b1.tv_sec - b0.tv_sec) + (double)(b1.tv_nsec - b0.tv_nsec) / 1e9);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_SUCCESS)
		log_info(
		    "%s: %lld organisations, %lld declarations (%ld %%: %lld one-star, %lld "
		    "two-star, %lld withdrawn), %lld assessments, %lld management results, %lld "
		    "consultations, %lld corporate-number records, %lld experts, %lld listings, "
		    "%lld communities with %lld events and %lld registrations, %lld news articles "
		    "with %lld digest subscribers in %.1f s",
		    app_db_for_log(o, db), (long long)report.organisations,
		    (long long)report.declarations, o->declared, (long long)report.level_one,
		    (long long)report.level_two, (long long)report.withdrawn,
		    (long long)report.assessments, (long long)management,
		    (long long)report.consultations, (long long)report.corporate_records,
		    (long long)experts, (long long)listings, (long long)report.events.communities,
		    (long long)report.events.events, (long long)report.events.registrations,
		    (long long)report.articles, (long long)report.subscribers,
		    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	return rc;
}

/* Administrators are made here and nowhere else. The link goes to stdout
 * alone (one line, for scripts); what happened goes to the log. A
 * malformed MAMORI_BASE_URL stops it before the database is opened. */
int app_admin_create(const struct app_options *o)
{
	struct store *s;
	struct arena a;
	char err[256], db[APP_DB_SHOWN_MAX], *link = NULL;
	bool created = false;
	if (!mail_base_url_configure(getenv("MAMORI_BASE_URL"), o->listen, err))
		return app_fail(err, NULL);
	int rc = app_open_store(o, &s);
	if (rc)
		return rc;
	rc = app_migrate_store(o, s, true);
	arena_init(&a, 1024 * 1024);
	if (rc == EXIT_SUCCESS) {
		enum mm_err e =
		    admin_create(s, &a, str_from(o->email), time(NULL), &link, &created);
		if (e == MM_ERR_INVALID)
			rc = app_usage_error("--email ", o->email, ": expected an e-mail address");
		else if (e)
			rc = app_fail("admin create failed", mm_err_name(e));
	}
	if (rc == EXIT_SUCCESS) {
		log_info("%s: %s is an administrator (%s); the link below works once, for 24 hours",
		         app_db_for_log(o, db), o->email,
		         created ? "new account" : "existing account");
		printf("%s\n", link);
	}
	arena_free(&a);
	store_close(s);
	return rc;
}

/* `mamori routes`: the table dispatch uses, in its order, the
 * framework's own routes included, without starting anything. */
int app_routes(void)
{
	char err[256] = "";
	size_t n;
	if (web_routes_build(page_route_groups, page_route_group_count, err)) {
		fprintf(stderr, "mamori routes: %s\n", err[0] ? err : "out of memory");
		web_free();
		return EXIT_FAILURE;
	}
	const struct route *table = web_route_table(&n);
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", http_method_name(table[i].method), table[i].pattern,
		       router_right_name(table[i].right));
	web_free();
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* `mamori backup`: a consistent copy while a server may be writing. */
int app_backup(const struct app_options *o)
{
	char err[STORE_ERR_MAX];
	if (store_backup(o->db, o->out, err))
		return app_fail("backup failed, nothing written", err);
	log_info("%s: backed up to %s", o->db, o->out);
	return EXIT_SUCCESS;
}

/* `mamori restore`: refused while a server uses the database. */
int app_restore(const struct app_options *o)
{
	char err[STORE_ERR_MAX];
	if (store_restore(o->db, o->from, err))
		return app_fail("restore failed, database unchanged", err);
	log_info("%s: restored from %s", o->db, o->from);
	return EXIT_SUCCESS;
}
