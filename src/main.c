/*
 * main.c — the mamori command line: the help texts, flags and environment
 * read into struct app_options, then one of serve, migrate, seed-demo,
 * seed, admin create, routes, backup, restore, aggregates rebuild, corp import,
 * services reindex, export-open-data, run by src/app (app.h). Nothing here opens a
 * database or a socket. Errors are one line on stderr and a non-zero exit:
 * 2 for a mistake in the command line, 1 for a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/seed.h"
#include "lib/str.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define DEFAULT_DB APP_DEFAULT_DB
#define MAX_THREADS 256

/* The flags as typed; app_options takes them once checked. */
struct options {
	struct app_options app;
	const char *orgs, *seed, *declared; /* seed, checked by the command */
};

static const char usage_main[] =
    "usage: mamori COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  serve      serve the web site and API\n"
    "  migrate    create or upgrade the database schema\n"
    "  seed-demo  load a small demo data set (idempotent)\n"
    "  seed       load N synthetic organisations for benchmarks: mamori seed --orgs N --seed S\n"
    "             [--declared PERCENT]\n"
    "  admin      administrators: mamori admin create --email E\n"
    "  routes     list every route: method, pattern, right (one per line, tab-separated)\n"
    "  backup     copy the database while it is served: mamori backup --out FILE\n"
    "  restore    replace the database by a backup: mamori restore --from FILE\n"
    "  aggregates recompute the statistics counters and benchmarks: mamori aggregates rebuild\n"
    "  services   rewrite the service search index: mamori services reindex\n"
    "  export-open-data  write the open data files: mamori export-open-data --out DIR\n"
    "  corp       load the corporate-number data: mamori corp import FILE...\n"
    "\n"
    "Options:\n"
    "  --help     show help (also: mamori COMMAND --help)\n"
    "  --version  show the version\n";

static const char usage_aggregates[] =
    "usage: mamori aggregates rebuild [--db PATH|URL]\n"
    "\n"
    "Recomputes the counters behind /statistics (declarations in force,\n"
    "declaration events per day and month, self-assessment scores per year)\n"
    "from the declarations, their history and the results, and the\n"
    "benchmarks (\"firms like yours\") from the latest result of each\n"
    "organisation and check, in one transaction. The server keeps them\n"
    "up to date by itself; this is for checking them and after data was\n"
    "changed by hand.\n";

static const char usage_services[] =
    "usage: mamori services reindex [--db PATH|URL]\n"
    "\n"
    "Writes the search index of the service catalogue (/services) afresh\n"
    "from the live listings, in one transaction. The server keeps it up to\n"
    "date by itself; this is for listings changed by hand.\n";

static const char usage_export[] =
    "usage: mamori export-open-data --out DIR [--db PATH|URL]\n"
    "\n"
    "  --out DIR  an existing directory to write the files into\n"
    "\n"
    "Writes the open data of today (Japan time): the declarant list as CSV and\n"
    "JSON Lines, the statistics tables as CSV, schema.json and SHA256SUMS,\n"
    "each with the date in its name, and removes the files of other days.\n"
    "`mamori serve` does the same every day by itself.\n";

static const char usage_corp[] =
    "usage: mamori corp import [--db PATH|URL] FILE...\n"
    "\n"
    "Loads the National Tax Agency's corporate-number files (the bulk files and\n"
    "the daily difference files, CSV, Unicode edition) in the order given,\n"
    "keeping the latest state of each number (closed firms and successors\n"
    "too). Reading a file again changes nothing. Progress, lines skipped\n"
    "(with their file and line number) and a summary go to stderr.\n";

static const char usage_routes[] =
    "usage: mamori routes\n"
    "\n"
    "Prints every route the server answers, in dispatch order, one per line:\n"
    "METHOD<TAB>PATTERN<TAB>RIGHT (public, user, member, owner, org_read, org_edit,\n"
    "org_owner, admin, link). The authorisation tests read it.\n";

static const char usage_serve[] =
    "usage: mamori serve [--listen HOST:PORT] [--db PATH|URL] [--db-replica URL] [--threads N]\n"
    "\n"
    "  --listen HOST:PORT  address to listen on (env MAMORI_LISTEN; default " DEFAULT_LISTEN ")\n"
    "  --db PATH|URL       SQLite database file, or PostgreSQL as\n"
    "                      postgres://user:password@host:port/dbname (also postgresql://;\n"
    "                      env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "  --db-replica URL    a streaming replica of the PostgreSQL of --db that serves the\n"
    "                      public read-only pages (verification, badge, declarant search;\n"
    "                      env MAMORI_DB_REPLICA); they fall back to --db while it is down\n"
    "  --threads N         serving threads, 1-256 (env MAMORI_THREADS; default: number of cores)\n"
    "\n"
    "Set MAMORI_PIN_THREADS=1 on a host mamori has to itself to keep each\n"
    "serving thread on a core of its own.\n"
    "Migrates the database at start and refuses to serve if that fails.\n"
    "Stops on SIGTERM or SIGINT after finishing requests in flight.\n";

static const char usage_migrate[] =
    "usage: mamori migrate [--db PATH|URL]\n"
    "\n"
    "  --db PATH|URL  SQLite database file, or PostgreSQL as\n"
    "                 postgres://user:password@host:port/dbname (also postgresql://;\n"
    "                 env MAMORI_DB; default ./" DEFAULT_DB ")\n";

static const char usage_seed[] =
    "usage: mamori seed-demo [--db PATH|URL]\n"
    "\n"
    "Loads a small bilingual demo data set; running it again changes nothing.\n"
    "  --db PATH|URL  SQLite database file, or PostgreSQL as\n"
    "                 postgres://user:password@host:port/dbname (also postgresql://;\n"
    "                 env MAMORI_DB; default ./" DEFAULT_DB ")\n";

static const char usage_seed_bench[] =
    "usage: mamori seed --orgs N --seed S [--declared PERCENT] [--db PATH|URL]\n"
    "\n"
    "  --orgs N   how many synthetic organisations to create (1-10000000)\n"
    "  --seed S   a number; the same N, S and PERCENT always give the same data\n"
    "  --declared PERCENT  the share of them that declare (0-100, default 10;\n"
    "             100: every organisation)\n"
    "  --db PATH|URL  SQLite database file, or PostgreSQL as\n"
    "                 postgres://user:password@host:port/dbname (also postgresql://;\n"
    "                 env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Creates organisations spread over prefectures (by population), industries\n"
    "and sizes, with valid unique corporate numbers. PERCENT of them declare\n"
    "(about nine one-star to one two-star; a few withdrawn), with submitted\n"
    "self-assessments and, for two stars, a published policy; one in three of the\n"
    "others has a self-assessment only. Meant for an empty database; progress\n"
    "goes to stderr.\n";

static const char usage_admin[] =
    "usage: mamori admin create --email E [--db PATH|URL]\n"
    "\n"
    "  --email E  the administrator's e-mail address\n"
    "  --db PATH|URL  SQLite database file, or PostgreSQL as\n"
    "                 postgres://user:password@host:port/dbname (also postgresql://;\n"
    "                 env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Makes the account of E an administrator: creates it when there is none,\n"
    "promotes (and re-enables) it when there is. Prints a link, valid once for\n"
    "24 hours, that sets the account's password. Links start with MAMORI_BASE_URL\n"
    "(default http://MAMORI_LISTEN). The web site offers no way to become one.\n";

static const char usage_backup[] =
    "usage: mamori backup --out FILE [--db PATH]\n"
    "\n"
    "  --out FILE  where to write the copy (replaced if it exists)\n"
    "  --db PATH   SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Copies the database with SQLite's online backup API: one consistent\n"
    "snapshot, taken while a server keeps serving and writing. The copy is\n"
    "checked (integrity_check) and synced under a temporary name, then renamed\n"
    "to FILE, so FILE is complete or untouched. For PostgreSQL use pg_dump.\n";

static const char usage_restore[] =
    "usage: mamori restore --from FILE [--db PATH]\n"
    "\n"
    "  --from FILE  a copy made by mamori backup\n"
    "  --db PATH    SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Replaces the database's content by FILE's, in one transaction, after\n"
    "checking FILE (integrity_check, a mamori schema). Refuses while a server\n"
    "uses the database: stop it, restore, start it (it applies migrations the\n"
    "copy lacks). For PostgreSQL use pg_restore.\n";

static bool parse_threads(const char *s, long *out)
{
	enum mm_err e = str_to_long(str_from(s), 1, MAX_THREADS, out);
	return e == MM_OK;
}

/* Flags of a command from argv[first]; allowed is a list like "listen db
 * threads". */
static int parse_options(int argc, char **argv, int first, const char *allowed, const char *usage,
                         struct options *o)
{
	struct app_options *ao = &o->app;
	memset(o, 0, sizeof *o);
	ao->listen = getenv("MAMORI_LISTEN") ? getenv("MAMORI_LISTEN") : DEFAULT_LISTEN;
	ao->listen_from_env = getenv("MAMORI_LISTEN") != NULL;
	ao->db = getenv("MAMORI_DB") ? getenv("MAMORI_DB") : DEFAULT_DB;
	ao->db_given = getenv("MAMORI_DB") != NULL;
	ao->db_replica = getenv("MAMORI_DB_REPLICA");
	ao->db_replica_from_env = ao->db_replica != NULL;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	ao->threads = cores > 0 ? (cores < MAX_THREADS ? cores : MAX_THREADS) : 1;
	const char *env_threads = getenv("MAMORI_THREADS");
	if (env_threads && !parse_threads(env_threads, &ao->threads))
		return app_usage_error("MAMORI_THREADS=", env_threads,
		                       ": expected a number from 1 to 256");

	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage, stdout);
			exit(EXIT_SUCCESS);
		}
		if (strncmp(arg, "--", 2) != 0) {
			if (!strstr(allowed, "FILE") || ao->files_n == APP_FILES_MAX)
				return app_usage_error("unexpected argument ", arg, "");
			ao->files[ao->files_n++] = arg;
			continue;
		}
		const char *name = arg + 2, *value = strchr(name, '=');
		size_t name_n = value ? (size_t)(value - name) : strlen(name);
		char flag[32];
		if (name_n == 0 || name_n >= sizeof flag)
			return app_usage_error("unknown option ", arg, "");
		memcpy(flag, name, name_n);
		flag[name_n] = '\0';
		const char *found = strstr(allowed, flag);
		if (!found || (found != allowed && found[-1] != ' ') ||
		    (found[name_n] && found[name_n] != ' '))
			return app_usage_error("unknown option ", arg, "");
		if (value)
			value++;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return app_usage_error("option ", arg, " needs a value");
		if (strcmp(flag, "listen") == 0) {
			ao->listen = value;
			ao->listen_from_env = false;
		} else if (strcmp(flag, "db") == 0) {
			if (!*value)
				return app_usage_error("--db ", value, ": expected a file path");
			ao->db = value;
			ao->db_given = true;
		} else if (strcmp(flag, "db-replica") == 0) {
			ao->db_replica = value;
			ao->db_replica_from_env = false;
		} else if (strcmp(flag, "threads") == 0 && !parse_threads(value, &ao->threads)) {
			return app_usage_error("--threads ", value,
			                       ": expected a number from 1 to 256");
		} else if (strcmp(flag, "email") == 0) {
			ao->email = value;
		} else if (strcmp(flag, "orgs") == 0) {
			o->orgs = value;
		} else if (strcmp(flag, "seed") == 0) {
			o->seed = value;
		} else if (strcmp(flag, "declared") == 0) {
			o->declared = value;
		} else if (strcmp(flag, "out") == 0) {
			ao->out = value;
		} else if (strcmp(flag, "from") == 0) {
			ao->from = value;
		}
	}
	return EXIT_SUCCESS;
}

/* `seed` checks its numbers before anything is opened. */
static int check_seed(struct options *o)
{
	if (!o->orgs || str_to_long(str_from(o->orgs), 1, SEED_ORGS_MAX, &o->app.orgs))
		return app_usage_error("seed needs --orgs ", o->orgs ? o->orgs : "N",
		                       ": a number from 1 to 10000000");
	if (!o->seed || str_to_long(str_from(o->seed), 0, INT64_MAX, &o->app.seed))
		return app_usage_error("seed needs --seed ", o->seed ? o->seed : "S",
		                       ": a number from 0");
	o->app.declared = SEED_DECLARED_DEFAULT;
	if (o->declared && str_to_long(str_from(o->declared), 0, 100, &o->app.declared))
		return app_usage_error("--declared ", o->declared, ": a percentage from 0 to 100");
	return EXIT_SUCCESS;
}

/* EXIT_SUCCESS when the option a command needs was given; otherwise the
 * usage error "COMMAND needs OPTION". */
static int require_option(bool given, const char *command_needs, const char *option)
{
	return given ? EXIT_SUCCESS : app_usage_error(command_needs, option, "");
}

static int check_backup(struct options *o)
{
	return require_option(o->app.out && *o->app.out, "backup needs ", "--out FILE");
}

static int check_restore(struct options *o)
{
	return require_option(o->app.from && *o->app.from, "restore needs ", "--from FILE");
}

static int check_admin(struct options *o)
{
	return require_option(o->app.email != NULL, "admin create needs ", "--email");
}

static int check_export(struct options *o)
{
	return require_option(o->app.out && *o->app.out, "export-open-data needs ", "--out DIR");
}

static int check_corp(struct options *o)
{
	return require_option(o->app.files_n > 0, "corp import needs ", "FILE...");
}

/* The commands that take options: the subcommand that must follow the
 * name (admin create, aggregates rebuild; NULL for none), the flags each
 * accepts (parse_options), its usage, what it checks of them before it
 * runs (when it does), and what it runs. */
static const struct command {
	const char *name, *sub, *flags, *usage;
	int (*check)(struct options *o);
	int (*run)(const struct app_options *o);
} commands[] = {
    {"serve", NULL, "listen db db-replica threads", usage_serve, NULL, app_serve},
    {"migrate", NULL, "db", usage_migrate, NULL, app_migrate},
    {"seed-demo", NULL, "db", usage_seed, NULL, app_seed_demo},
    {"seed", NULL, "orgs seed declared db", usage_seed_bench, check_seed, app_seed},
    {"admin", "create", "email db", usage_admin, check_admin, app_admin_create},
    {"backup", NULL, "out db", usage_backup, check_backup, app_backup},
    {"restore", NULL, "from db", usage_restore, check_restore, app_restore},
    {"aggregates", "rebuild", "db", usage_aggregates, NULL, app_aggregates_rebuild},
    {"services", "reindex", "db", usage_services, NULL, app_services_reindex},
    {"export-open-data", NULL, "out db", usage_export, check_export, app_export_open_data},
    {"corp", "import", "db FILE", usage_corp, check_corp, app_corp_import},
};

static int run_command(const struct command *c, int argc, char **argv)
{
	struct options o;
	int rc, first = 2;
	if (c->sub) {
		const char *sub = argc > 2 ? argv[2] : NULL;
		if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
			fputs(c->usage, sub ? stdout : stderr);
			return sub ? EXIT_SUCCESS : APP_EXIT_USAGE;
		}
		if (strcmp(sub, c->sub) != 0) {
			char what[64];
			snprintf(what, sizeof what, "unknown %s command ", c->name);
			return app_usage_error(what, sub, "");
		}
		first = 3;
	}
	if ((rc = parse_options(argc, argv, first, c->flags, c->usage, &o)) ||
	    (c->check && (rc = c->check(&o))))
		return rc;
	return c->run(&o.app);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_main, cmd ? stdout : stderr);
		return cmd ? EXIT_SUCCESS : APP_EXIT_USAGE;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("mamori %s\n", MAMORI_VERSION);
		return EXIT_SUCCESS;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return run_command(&commands[i], argc, argv);
	if (strcmp(cmd, "routes") == 0) {
		if (argc > 2) {
			fputs(usage_routes, strcmp(argv[2], "--help") == 0 ? stdout : stderr);
			return strcmp(argv[2], "--help") == 0 ? EXIT_SUCCESS : APP_EXIT_USAGE;
		}
		return app_routes();
	}
	return app_usage_error("unknown command ", cmd, "");
}
