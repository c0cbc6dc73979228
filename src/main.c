/*
 * main.c — the mamori command: configuration from flags and environment,
 * then one of serve, migrate, seed-demo, seed, admin create. Errors are one line on stderr and
 * a non-zero exit: 2 for a mistake in the command line, 1 for a failure.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/server.h"
#include "lib/log.h"
#include "store/store.h"
#include "pages/admin/admin.h"
#include "app/demo.h"
#include "web/mail.h"
#include "pages/account/password.h"
#include "app/seed.h"
#include "pages/routes.h"
#include "web/router.h"
#include "web/web.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define DEFAULT_DB_DIR "data"
#define DEFAULT_DB DEFAULT_DB_DIR "/mamori.db"
#define MAX_THREADS 256

enum { EXIT_USAGE = 2 };

struct options {
	const char *listen;
	const char *db;
	const char *email;       /* admin create */
	const char *orgs, *seed; /* seed */
	long threads;
	bool db_given;
};

static const char usage_main[] =
    "usage: mamori COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  serve      serve the web site and API\n"
    "  migrate    create or upgrade the database schema\n"
    "  seed-demo  load a small demo data set (idempotent)\n"
    "  seed       load N synthetic organisations for benchmarks: mamori seed --orgs N --seed S\n"
    "  admin      administrators: mamori admin create --email E\n"
    "  routes     list every route: method, pattern, right (one per line, tab-separated)\n"
    "\n"
    "Options:\n"
    "  --help     show help (also: mamori COMMAND --help)\n"
    "  --version  show the version\n";

static const char usage_routes[] =
    "usage: mamori routes\n"
    "\n"
    "Prints every route the server answers, in dispatch order, one per line:\n"
    "METHOD<TAB>PATTERN<TAB>RIGHT (public, user, member, owner, org_read, org_edit,\n"
    "org_owner, admin). The authorisation tests read it.\n";

static const char usage_serve[] =
    "usage: mamori serve [--listen HOST:PORT] [--db PATH] [--threads N]\n"
    "\n"
    "  --listen HOST:PORT  address to listen on (env MAMORI_LISTEN; default " DEFAULT_LISTEN ")\n"
    "  --db PATH           SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "  --threads N         serving threads, 1-256 (env MAMORI_THREADS; default: number of cores)\n"
    "\n"
    "Set MAMORI_PIN_THREADS=1 on a host mamori has to itself to keep each\n"
    "serving thread on a core of its own.\n"
    "Migrates the database at start and refuses to serve if that fails.\n"
    "Stops on SIGTERM or SIGINT after finishing requests in flight.\n";

static const char usage_migrate[] =
    "usage: mamori migrate [--db PATH]\n"
    "\n"
    "  --db PATH  SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n";

static const char usage_seed[] =
    "usage: mamori seed-demo [--db PATH]\n"
    "\n"
    "Loads a small bilingual demo data set; running it again changes nothing.\n"
    "  --db PATH  SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n";

static const char usage_seed_bench[] =
    "usage: mamori seed --orgs N --seed S [--db PATH]\n"
    "\n"
    "  --orgs N   how many synthetic organisations to create (1-10000000)\n"
    "  --seed S   a number; the same N and S always give the same data\n"
    "  --db PATH  SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Creates organisations spread over prefectures (by population), industries\n"
    "and sizes, with valid unique corporate numbers, declarations (about nine\n"
    "one-star to one two-star; a few withdrawn), submitted self-assessments and,\n"
    "for two stars, a published policy. Meant for an empty database; progress\n"
    "goes to stderr.\n";

static const char usage_admin[] =
    "usage: mamori admin create --email E [--db PATH]\n"
    "\n"
    "  --email E  the administrator's e-mail address\n"
    "  --db PATH  SQLite database file (env MAMORI_DB; default ./" DEFAULT_DB ")\n"
    "\n"
    "Makes the account of E an administrator: creates it when there is none,\n"
    "promotes (and re-enables) it when there is. Prints a link, valid once for\n"
    "24 hours, that sets the account's password. Links start with MAMORI_BASE_URL\n"
    "(default http://MAMORI_LISTEN). The web site offers no way to become one.\n";

/* "mamori: BEFORE ARG AFTER (see mamori --help)" */
static int usage_error(const char *before, const char *arg, const char *after)
{
	fprintf(stderr, "mamori: %s%s%s (see mamori --help)\n", before, arg, after);
	return EXIT_USAGE;
}

static int fail(const char *what, const char *detail)
{
	fprintf(stderr, "mamori: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	return EXIT_FAILURE;
}

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
	o->listen = getenv("MAMORI_LISTEN") ? getenv("MAMORI_LISTEN") : DEFAULT_LISTEN;
	o->db = getenv("MAMORI_DB") ? getenv("MAMORI_DB") : DEFAULT_DB;
	o->db_given = getenv("MAMORI_DB") != NULL;
	o->email = NULL;
	o->orgs = NULL;
	o->seed = NULL;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = cores > 0 ? (cores < MAX_THREADS ? cores : MAX_THREADS) : 1;
	const char *env_threads = getenv("MAMORI_THREADS");
	if (env_threads && !parse_threads(env_threads, &o->threads))
		return usage_error("MAMORI_THREADS=", env_threads,
		                   ": expected a number from 1 to 256");

	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage, stdout);
			exit(EXIT_SUCCESS);
		}
		if (strncmp(arg, "--", 2) != 0)
			return usage_error("unexpected argument ", arg, "");
		const char *name = arg + 2, *value = strchr(name, '=');
		size_t name_n = value ? (size_t)(value - name) : strlen(name);
		char flag[32];
		if (name_n == 0 || name_n >= sizeof flag)
			return usage_error("unknown option ", arg, "");
		memcpy(flag, name, name_n);
		flag[name_n] = '\0';
		const char *found = strstr(allowed, flag);
		if (!found || (found != allowed && found[-1] != ' ') ||
		    (found[name_n] && found[name_n] != ' '))
			return usage_error("unknown option ", arg, "");
		if (value)
			value++;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return usage_error("option ", arg, " needs a value");
		if (strcmp(flag, "listen") == 0) {
			o->listen = value;
		} else if (strcmp(flag, "db") == 0) {
			if (!*value)
				return usage_error("--db ", value, ": expected a file path");
			o->db = value;
			o->db_given = true;
		} else if (strcmp(flag, "threads") == 0 && !parse_threads(value, &o->threads)) {
			return usage_error("--threads ", value,
			                   ": expected a number from 1 to 256");
		} else if (strcmp(flag, "email") == 0) {
			o->email = value;
		} else if (strcmp(flag, "orgs") == 0) {
			o->orgs = value;
		} else if (strcmp(flag, "seed") == 0) {
			o->seed = value;
		}
	}
	return EXIT_SUCCESS;
}

/* The default database lives in ./data, created on first use; a path the
 * operator names must already have its directory. */
static int open_store(const struct options *o, struct store **s)
{
	char err[STORE_ERR_MAX];
	if (!o->db_given && mkdir(DEFAULT_DB_DIR, 0750) && errno != EEXIST)
		return fail("cannot create ./" DEFAULT_DB_DIR, strerror(errno));
	if (store_open(o->db, s, err))
		return fail(err, NULL);
	return EXIT_SUCCESS;
}

static int migrate(const struct options *o, struct store *s, bool quiet)
{
	char err[STORE_ERR_MAX];
	int applied, version;
	if (store_migrate(s, &applied, err))
		return fail("migration failed, database unchanged", err);
	if (store_schema_version(s, &version))
		return fail("cannot read the schema version of", o->db);
	if (!quiet || applied)
		log_info("%s: schema version %d (%d migration%s applied)", o->db, version, applied,
		         applied == 1 ? "" : "s");
	return EXIT_SUCCESS;
}

static int cmd_migrate(const struct options *o)
{
	struct store *s;
	int rc = open_store(o, &s);
	if (rc)
		return rc;
	rc = migrate(o, s, false);
	store_close(s);
	return rc;
}

static int cmd_seed_demo(const struct options *o)
{
	struct store *s;
	char err[256];
	int inserted = 0;
	int rc = open_store(o, &s);
	if (rc == EXIT_SUCCESS)
		rc = migrate(o, s, true);
	if (rc == EXIT_SUCCESS && demo_seed(s, &inserted, err))
		rc = fail("seed-demo failed", err);
	if (rc == EXIT_SUCCESS)
		log_info("%s: demo data loaded (%d new record%s)", o->db, inserted,
		         inserted == 1 ? "" : "s");
	store_close(s);
	return rc;
}

static int cmd_seed(const struct options *o)
{
	struct store *s = NULL;
	struct seed_report report;
	char err[256];
	long orgs, seed;
	struct timespec t0, t1;
	if (!o->orgs || str_to_long(str_from(o->orgs), 1, SEED_ORGS_MAX, &orgs))
		return usage_error("seed needs --orgs ", o->orgs ? o->orgs : "N",
		                   ": a number from 1 to 10000000");
	if (!o->seed || str_to_long(str_from(o->seed), 0, INT64_MAX, &seed))
		return usage_error("seed needs --seed ", o->seed ? o->seed : "S",
		                   ": a number from 0");
	int rc = open_store(o, &s);
	if (rc)
		return rc;
	rc = migrate(o, s, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == EXIT_SUCCESS && seed_run(s, orgs, (uint64_t)seed, &report, err))
		rc = fail("seed failed", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_SUCCESS)
		log_info("%s: %lld organisations (%lld one-star, %lld two-star, %lld withdrawn, "
		         "%lld assessments) in %.1f s",
		         o->db, (long long)report.organisations, (long long)report.level_one,
		         (long long)report.level_two, (long long)report.withdrawn,
		         (long long)report.assessments,
		         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	store_close(s);
	return rc;
}

/* Administrators are made here and nowhere else. The link goes to stdout
 * alone (one line, for scripts); what happened goes to the log. */
static int cmd_admin_create(const struct options *o)
{
	struct store *s;
	struct arena a;
	char base_url[512], *link = NULL;
	bool created = false;
	if (!o->email)
		return usage_error("admin create needs ", "--email", "");
	snprintf(base_url, sizeof base_url, "http://%s", o->listen);
	struct mail_config mc = {.base_url = getenv("MAMORI_BASE_URL") ? getenv("MAMORI_BASE_URL")
	                                                               : base_url};
	mail_configure(&mc);
	int rc = open_store(o, &s);
	if (rc)
		return rc;
	rc = migrate(o, s, true);
	arena_init(&a, 1024 * 1024);
	if (rc == EXIT_SUCCESS) {
		enum mm_err e =
		    admin_create(s, &a, str_from(o->email), time(NULL), &link, &created);
		if (e == MM_ERR_INVALID)
			rc = usage_error("--email ", o->email, ": expected an e-mail address");
		else if (e)
			rc = fail("admin create failed", mm_err_name(e));
	}
	if (rc == EXIT_SUCCESS) {
		log_info("%s: %s is an administrator (%s); the link below works once, for 24 hours",
		         o->db, o->email, created ? "new account" : "existing account");
		printf("%s\n", link);
	}
	arena_free(&a);
	store_close(s);
	return rc;
}

static int cmd_admin(int argc, char **argv)
{
	struct options o;
	const char *sub = argc > 2 ? argv[2] : NULL;
	int rc;
	if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(usage_admin, sub ? stdout : stderr);
		return sub ? EXIT_SUCCESS : EXIT_USAGE;
	}
	if (strcmp(sub, "create") != 0)
		return usage_error("unknown admin command ", sub, "");
	if ((rc = parse_options(argc, argv, 3, "email db", usage_admin, &o)))
		return rc;
	return cmd_admin_create(&o);
}

static int cmd_serve(const struct options *o)
{
	struct store *s;
	char err[256];
	int fd, rc;

	/* Signals are taken by sigwait in this thread only: block them
	 * before the server's threads exist so that they inherit the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* The address first: a busy port is the most common mistake. */
	const char *pin = getenv("MAMORI_PIN_THREADS");
	struct http_config hc = {
	    .listen = o->listen, .threads = (unsigned)o->threads, .pin_threads = pin && *pin};
	if (http_bind(&hc, &fd, err))
		return fail(err, NULL);
	if ((rc = open_store(o, &s))) {
		close(fd);
		return rc;
	}
	rc = migrate(o, s, true);
	store_close(s);
	if (rc) {
		close(fd);
		return rc;
	}
	struct web_config wc = {.secure = getenv("MAMORI_SECURE_COOKIES") != NULL,
	                        .hsts = getenv("MAMORI_HSTS") != NULL};
	if (web_init(&wc, page_route_groups, page_route_group_count, err) || password_init()) {
		close(fd);
		return fail("cannot load the views", err);
	}
	/* Mail: the outbox is delivered by a thread with its own connection;
	 * without an SMTP server, messages become files beside the database. */
	char mail_dir[4096], base_url[512];
	const char *slash = strrchr(o->db, '/');
	snprintf(mail_dir, sizeof mail_dir, "%.*s%smail", slash ? (int)(slash - o->db) : 0, o->db,
	         slash ? "/" : "");
	snprintf(base_url, sizeof base_url, "http://%s", o->listen);
	struct mail_config mc = {
	    .db = o->db,
	    .dir = getenv("MAMORI_MAIL_DIR") ? getenv("MAMORI_MAIL_DIR") : mail_dir,
	    .smtp_url = getenv("MAMORI_SMTP_URL"),
	    .from = getenv("MAMORI_MAIL_FROM") ? getenv("MAMORI_MAIL_FROM") : "no-reply@localhost",
	    .base_url = getenv("MAMORI_BASE_URL") ? getenv("MAMORI_BASE_URL") : base_url,
	};
	mail_configure(&mc);
	if (mailer_start()) {
		close(fd);
		web_free();
		return fail("cannot start the mailer", NULL);
	}
	store_set_address(o->db);
	rc = http_serve(&hc, fd, err) ? fail(err, NULL) : EXIT_SUCCESS;
	mailer_stop();
	store_close_all();
	password_free();
	web_free();
	return rc;
}

/* `mamori routes`: the table dispatch uses, without starting anything. */
static int cmd_routes(void)
{
	for (size_t g = 0; g < page_route_group_count; g++)
		for (size_t i = 0; i < page_route_groups[g]->n; i++) {
			const struct route *rt = &page_route_groups[g]->routes[i];
			printf("%s\t%s\t%s\n", http_method_name(rt->method), rt->pattern,
			       router_right_name(rt->right));
		}
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct options o;
	const char *cmd = argc > 1 ? argv[1] : NULL;
	int rc;

	if (!cmd || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_main, cmd ? stdout : stderr);
		return cmd ? EXIT_SUCCESS : EXIT_USAGE;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("mamori %s\n", MAMORI_VERSION);
		return EXIT_SUCCESS;
	}
	if (strcmp(cmd, "serve") == 0) {
		if ((rc = parse_options(argc, argv, 2, "listen db threads", usage_serve, &o)))
			return rc;
		return cmd_serve(&o);
	}
	if (strcmp(cmd, "migrate") == 0) {
		if ((rc = parse_options(argc, argv, 2, "db", usage_migrate, &o)))
			return rc;
		return cmd_migrate(&o);
	}
	if (strcmp(cmd, "seed-demo") == 0) {
		if ((rc = parse_options(argc, argv, 2, "db", usage_seed, &o)))
			return rc;
		return cmd_seed_demo(&o);
	}
	if (strcmp(cmd, "seed") == 0) {
		if ((rc = parse_options(argc, argv, 2, "orgs seed db", usage_seed_bench, &o)))
			return rc;
		return cmd_seed(&o);
	}
	if (strcmp(cmd, "admin") == 0)
		return cmd_admin(argc, argv);
	if (strcmp(cmd, "routes") == 0) {
		if (argc > 2) {
			fputs(usage_routes, strcmp(argv[2], "--help") == 0 ? stdout : stderr);
			return strcmp(argv[2], "--help") == 0 ? EXIT_SUCCESS : EXIT_USAGE;
		}
		return cmd_routes();
	}
	return usage_error("unknown command ", cmd, "");
}
