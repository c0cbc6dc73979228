/*
 * app.h — the commands of `mamori` behind the command line: serve
 * (app/serve.c), migrate, seed-demo, seed, admin create, routes, backup
 * and restore (app/cli.c). main.c parses argv and the environment into struct
 * app_options and calls one of these; they print what the operator reads
 * and return the process's exit status: EXIT_SUCCESS, EXIT_FAILURE for a
 * failure (one line on stderr), APP_EXIT_USAGE for a mistake in the
 * command line. Nothing here parses argv.
 */
#ifndef MM_APP_H
#define MM_APP_H

#include <stdbool.h>

struct store;

#define APP_EXIT_USAGE 2
#define APP_DEFAULT_DB_DIR "data"
#define APP_DEFAULT_DB APP_DEFAULT_DB_DIR "/mamori.db"
#define APP_FILES_MAX 4096 /* files named on one command line (corp import) */

struct app_options {
	const char *listen;     /* HOST:PORT */
	const char *db;         /* SQLite file or postgres:// URL (may hold a password) */
	bool db_given;          /* named by --db or MAMORI_DB (else ./data is created) */
	const char *db_replica; /* serve: a read replica's postgres:// URL, or NULL */
	long threads;           /* serve */
	const char *email;      /* admin create */
	long orgs, seed;        /* seed */
	long declared;          /* seed: percent of the organisations that declare */
	const char *out;        /* backup: the file to write; export-open-data: the directory */
	const char *from;       /* restore: the backup to read */
	const char *files[APP_FILES_MAX]; /* corp import: the files to read, in order */
	int files_n;
	/* serve: listen and db_replica came from MAMORI_LISTEN and
	 * MAMORI_DB_REPLICA, not their flags; an error names what was set */
	bool listen_from_env, db_replica_from_env;
};

/* "mamori: BEFORE ARG AFTER (see mamori --help)" on stderr, ARG as
 * log_setting_shown shows it (cut, control characters escaped: it was
 * typed or set by someone, the line stays one line); APP_EXIT_USAGE. */
int app_usage_error(const char *before, const char *arg, const char *after);
/* "mamori: WHAT: DETAIL" on stderr; EXIT_FAILURE. */
int app_fail(const char *what, const char *detail);

int app_serve(const struct app_options *o);
int app_migrate(const struct app_options *o);
int app_seed_demo(const struct app_options *o);
int app_seed(const struct app_options *o);
int app_admin_create(const struct app_options *o);
int app_routes(void);
int app_backup(const struct app_options *o);
int app_restore(const struct app_options *o);
int app_aggregates_rebuild(const struct app_options *o); /* app/statistics_cli.c */
int app_services_reindex(const struct app_options *o);   /* app/services_cli.c */
int app_export_open_data(const struct app_options *o);   /* app/statistics_cli.c */
int app_corp_import(const struct app_options *o);        /* app/corp_import.c */

/* o->db as a log may show it: a URL's password replaced (never log o->db
 * itself). Into out; returns out. */
#define APP_DB_SHOWN_MAX 512
const char *app_db_for_log(const struct app_options *o, char out[APP_DB_SHOWN_MAX]);

/* Used by serve and the other commands: the store of o->db, opened, and
 * its schema brought up to date (logged unless quiet and nothing applied). */
int app_open_store(const struct app_options *o, struct store **s);
int app_migrate_store(const struct app_options *o, struct store *s, bool quiet);
/* The two together, the store closed again: what `mamori migrate` does
 * (quiet false) and serve does before it listens (quiet true). */
int app_migrate_db(const struct app_options *o, bool quiet);

#endif
