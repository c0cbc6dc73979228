/*
 * serve.c — `mamori serve`: bind the address, read the settings (a
 * malformed one stops it there, with one line and nothing touched), bring
 * the schema up to date, load the views and the route tables, start the
 * mailer thread, serve until SIGTERM or SIGINT, then stop in the reverse
 * order (requests in flight finish first). Configuration comes from struct
 * app_options and the MAMORI_* environment variables of the README's
 * settings table.
 */
#include "app/app.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/consult_jobs.h"
#include "app/mailer.h"
#include "app/open_data.h"
#include "pages/statistics/open_data_page.h"
#include "pages/verify/declarants_cache.h"
#include "http/server.h"
#include "lib/log.h"
#include "lib/setting.h"
#include "pages/account/password.h"
#include "pages/routes.h"
#include "pages/shared/site_nav.h"
#include "store/backup.h"
#include "store/store.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/site_contact.h"
#include "web/web.h"

/* Signals are taken by sigwait in the serving thread only: block them
 * before the server's threads exist so that they inherit the mask. */
static void block_stop_signals(void)
{
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Mail: the outbox is delivered by a thread with its own connection;
 * without an SMTP server, messages become files beside a SQLite database,
 * or in ./data/mail for a PostgreSQL one (./data made when missing). */
static enum mm_err start_mail(const struct app_options *o, char mail_dir[4096],
                              const char *mail_from)
{
	if (store_address_is_postgres(o->db)) {
		snprintf(mail_dir, 4096, "%s/mail", APP_DEFAULT_DB_DIR);
		if (!getenv("MAMORI_MAIL_DIR") && mkdir(APP_DEFAULT_DB_DIR, 0750) &&
		    errno != EEXIST)
			return MM_ERR_IO;
	} else {
		const char *slash = strrchr(o->db, '/');
		snprintf(mail_dir, 4096, "%.*s%smail", slash ? (int)(slash - o->db) : 0, o->db,
		         slash ? "/" : "");
	}
	struct mailer_config mc = {
	    .db = o->db,
	    .dir = getenv("MAMORI_MAIL_DIR") ? getenv("MAMORI_MAIL_DIR") : mail_dir,
	    .smtp_url = getenv("MAMORI_SMTP_URL"),
	    .from = mail_from,
	};
	enum mm_err e = mailer_start(&mc);
	if (!e && (e = consult_jobs_start(o->db)))
		mailer_stop();
	return e;
}

/* The open data directory: MAMORI_OPEN_DATA_DIR, or open-data/ beside a
 * SQLite database (./data/open-data for PostgreSQL); created when
 * missing. With several instances it must be storage they all see. */
static int start_open_data(const struct app_options *o, char dir[4096])
{
	const char *env = getenv("MAMORI_OPEN_DATA_DIR");
	if (env && *env) {
		snprintf(dir, 4096, "%s", env);
	} else if (store_address_is_postgres(o->db)) {
		snprintf(dir, 4096, "%s/open-data", APP_DEFAULT_DB_DIR);
	} else {
		const char *slash = strrchr(o->db, '/');
		snprintf(dir, 4096, "%.*s%sopen-data", slash ? (int)(slash - o->db) : 0, o->db,
		         slash ? "/" : "");
	}
	if (!env && store_address_is_postgres(o->db) && mkdir(APP_DEFAULT_DB_DIR, 0750) &&
	    errno != EEXIST)
		log_error("cannot create ./%s: %s", APP_DEFAULT_DB_DIR, strerror(errno));
	/* Serving goes on without it: /data lists nothing and the job logs
	 * why it cannot write. */
	if (mkdir(dir, 0755) && errno != EEXIST)
		log_error("cannot create the open data directory %s: %s", dir, strerror(errno));
	open_data_page_set_dir(dir);
	if (open_data_job_start(o->db, dir))
		return app_fail("cannot start the open data job", NULL);
	return EXIT_SUCCESS;
}

/* What serve.c itself keeps of the settings. */
struct serve_settings {
	char mail_from[EMAIL_MAX_CHARS + 1]; /* for the mailer */
	bool secure_cookies, hsts;
};

/* Every MAMORI_* setting that can be malformed, read before the schema is
 * touched or a line is logged, so that a mistake stops the start with one
 * line naming it. */
static bool settings_read(const struct app_options *o, struct serve_settings *out, char err[256])
{
	return mailer_smtp_url_ok(getenv("MAMORI_SMTP_URL"), err) &&
	       mailer_from_read(getenv("MAMORI_MAIL_FROM"), out->mail_from, err) &&
	       setting_flag("MAMORI_SECURE_COOKIES", getenv("MAMORI_SECURE_COOKIES"), false,
	                    &out->secure_cookies, err) &&
	       setting_flag("MAMORI_HSTS", getenv("MAMORI_HSTS"), false, &out->hsts, err) &&
	       declarants_cache_configure(getenv("MAMORI_SEARCH_CACHE"), err) &&
	       mail_base_url_configure(getenv("MAMORI_BASE_URL"), o->listen, err) &&
	       site_contact_configure(getenv("MAMORI_CONTACT_EMAIL"), err) &&
	       web_settings_read(err);
}

int app_serve(const struct app_options *o)
{
	char err[256], mail_dir[4096];
	struct serve_settings set;
	bool pin;
	int fd, rc;

	block_stop_signals();
	if (o->db_replica &&
	    (!store_address_is_postgres(o->db_replica) || !store_address_is_postgres(o->db)))
		return app_usage_error(o->db_replica_from_env ? "MAMORI_DB_REPLICA"
		                                              : "--db-replica URL",
		                       "", ": a postgres:// URL, beside a --db that is one too");
	if (!setting_flag("MAMORI_PIN_THREADS", getenv("MAMORI_PIN_THREADS"), false, &pin, err))
		return app_fail(err, NULL);
	/* The address first: a busy port is the most common mistake. */
	const char *proxies = getenv("MAMORI_TRUSTED_PROXIES");
	/* Behind trusted proxies every connection comes from a proxy, which
	 * limits each client itself; the per-address limit would cut it off. */
	struct http_config hc = {.listen = o->listen,
	                         .listen_named =
	                             o->listen_from_env ? "MAMORI_LISTEN=" : "--listen ",
	                         .threads = (unsigned)o->threads,
	                         .pin_threads = pin,
	                         .per_ip_limit = proxies && *proxies ? HTTP_CONNECTION_LIMIT : 0};
	if (http_bind(&hc, &fd, err))
		return app_fail(err, NULL);
	if (!settings_read(o, &set, err)) {
		close(fd);
		web_free();
		return app_fail(err, NULL);
	}
	/* The schema is brought up to date before anything listens to requests. */
	if ((rc = app_migrate_db(o, true))) {
		close(fd);
		web_free();
		return rc;
	}
	/* While this process serves, `mamori restore` refuses the database. */
	int in_use;
	if (store_hold_in_use(o->db, &in_use, err)) {
		close(fd);
		web_free();
		return app_fail("cannot start", err);
	}
	struct web_config wc = {.secure = set.secure_cookies,
	                        .hsts = set.hsts,
	                        .no_organisation = org_page_no_organisation};
	enum mm_err e = web_init(&wc, page_route_groups, page_route_group_count, err);
	if (!e && (e = password_init())) /* web_init said nothing: say what failed */
		snprintf(err, sizeof err, "passwords: cannot prepare hashing (%s)", mm_err_name(e));
	if (e) {
		close(fd);
		store_release_in_use(in_use);
		web_free(); /* the settings read above, and what web_init made */
		return app_fail("cannot start", err);
	}
	if (start_mail(o, mail_dir, set.mail_from)) {
		close(fd);
		store_release_in_use(in_use);
		web_free();
		return app_fail("cannot start the mailer", NULL);
	}
	store_set_address(o->db);
	if (o->db_replica) {
		char shown[APP_DB_SHOWN_MAX];
		log_info("public read-only pages read from the replica %s",
		         store_address_for_log(o->db_replica, shown, sizeof shown));
		store_set_replica_address(o->db_replica);
	}
	page_set_nav(site_nav_fill);
	char open_data_dir[4096];
	rc = start_open_data(o, open_data_dir);
	if (rc == EXIT_SUCCESS)
		rc = http_serve(&hc, fd, err) ? app_fail(err, NULL) : EXIT_SUCCESS;
	else
		close(fd);
	open_data_job_stop();
	consult_jobs_stop();
	mailer_stop();
	store_close_all();
	store_release_in_use(in_use); /* after the last connection to the file */
	password_free();
	web_free();
	page_set_nav(NULL);
	(void)mail_base_url_configure(NULL, NULL, err); /* no value: cannot fail */
	(void)site_contact_configure(NULL, err);
	return rc;
}
