/*
 * mailer.c — see mailer.h. The claim's lease bounds a round: a message is
 * begun only while enough of its lease is left for the slowest delivery,
 * and what a round cannot begin in time is released, so that no message
 * is sent after another sender could have claimed it.
 */
#include "app/mailer.h"

#include <assert.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/worker.h"
#include "lib/log.h"
#include "store/outbox.h"

static struct mailer_config config;
static char owner[OUTBOX_OWNER_MAX]; /* this process's name on its leases */
static pthread_once_t owner_once = PTHREAD_ONCE_INIT;
static bool smtp_tls_required; /* the URL carries credentials */
static struct worker worker;

/* RFC 2047: a UTF-8 subject as one base64 encoded-word per chunk. */
static enum mm_err encode_subject(struct buf *b, struct str subject)
{
	size_t i = 0;
	while (i < subject.n) {
		size_t n = subject.n - i > 45 ? 45 : subject.n - i;
		while (n > 1 && i + n < subject.n &&
		       ((unsigned char)subject.p[i + n] & 0xc0) == 0x80)
			n--; /* never split a character */
		char enc[128];
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)subject.p + i, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (buf_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", enc))
			return MM_ERR_NOMEM;
		i += n;
	}
	return MM_OK;
}

/* RFC 2369 and RFC 8058: the address that unsubscribes in one POST. The
 * address is the program's own (an https link with a token of
 * [A-Za-z0-9_-]); anything that could break the header is refused. */
static enum mm_err list_unsubscribe(struct buf *b, struct str url)
{
	if (!url.n)
		return MM_OK;
	for (size_t i = 0; i < url.n; i++)
		if ((unsigned char)url.p[i] <= 0x20 || url.p[i] == '<' || url.p[i] == '>' ||
		    (unsigned char)url.p[i] >= 0x7f)
			return MM_ERR_INVALID;
	return buf_printf(b,
	                  "\r\nList-Unsubscribe: <%.*s>\r\n"
	                  "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
	                  (int)url.n, url.p)
	           ? MM_ERR_NOMEM
	           : MM_OK;
}

/* The body with every line ending in CRLF. */
static enum mm_err append_crlf_text(struct buf *b, struct str text)
{
	for (size_t i = 0; i < text.n; i++) {
		enum mm_err e = text.p[i] == '\n' && (i == 0 || text.p[i - 1] != '\r')
		                    ? buf_append_cstr(b, "\r\n")
		                    : buf_append_char(b, text.p[i]);
		if (e)
			return e;
	}
	return MM_OK;
}

/* The attachment as base64 lines of 76 characters (RFC 2045). */
static enum mm_err append_base64(struct buf *b, struct str data)
{
	for (size_t i = 0; i < data.n; i += 57) {
		size_t n = data.n - i > 57 ? 57 : data.n - i;
		char enc[80];
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)data.p + i, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (buf_printf(b, "%s\r\n", enc))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

#define ATTACHMENT_NAME_MAX 100 /* bytes of a file's name in a MIME parameter */

/* A message with a file: multipart/mixed, the text first, then the file
 * in base64 (text/calendar also names its METHOD, as calendar programs
 * expect). */
static enum mm_err append_mixed(struct buf *b, const struct outbox_item *m)
{
	static const char boundary[] = "=_mamori_part_7c1f";
	const struct mail_attachment *at = &m->attachment;
	bool calendar = str_starts_with(at->type, "text/calendar");
	/* a name in a MIME parameter: only characters that need no quoting
	 * beyond "…" (the stored names are ours: "event-42.ics") */
	if (!str_is_plain_name(at->name, ATTACHMENT_NAME_MAX) || at->type.n > 100 ||
	    str_index(at->type, '"') >= 0 || str_index(at->type, '\r') >= 0 ||
	    str_index(at->type, '\n') >= 0)
		return MM_ERR_INVALID;
	if (buf_printf(b,
	               "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	               "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	               "Content-Transfer-Encoding: 8bit\r\n\r\n",
	               boundary, boundary) ||
	    append_crlf_text(b, m->body) ||
	    buf_printf(b,
	               "\r\n--%s\r\nContent-Type: %.*s; charset=utf-8%s; name=\"%.*s\"\r\n"
	               "Content-Disposition: attachment; filename=\"%.*s\"\r\n"
	               "Content-Transfer-Encoding: base64\r\n\r\n",
	               boundary, (int)at->type.n, at->type.p, calendar ? "; method=PUBLISH" : "",
	               (int)at->name.n, at->name.p, (int)at->name.n, at->name.p) ||
	    append_base64(b, at->data) || buf_printf(b, "--%s--\r\n", boundary))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The whole message, CRLF line ends, 8-bit UTF-8 body (and a file, when
 * it has one). */
static char *message_text(struct arena *a, const struct outbox_item *m, int64_t now)
{
	struct buf b;
	char date[64];
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_init(&b, a, m->body.n * 2 + m->attachment.data.n * 2 + 4096);
	if (buf_printf(&b, "From: %s\r\nTo: %.*s\r\nSubject: ", config.from, (int)m->to.n,
	               m->to.p) ||
	    encode_subject(&b, m->subject) || list_unsubscribe(&b, m->list_unsubscribe) ||
	    buf_printf(&b,
	               "\r\nDate: %s\r\nMessage-ID: <outbox-%lld@mamori>\r\nMIME-Version: 1.0\r\n",
	               date, (long long)m->id))
		return NULL;
	if (m->attachment.name.n) {
		if (append_mixed(&b, m))
			return NULL;
		return buf_cstr(&b);
	}
	if (buf_append_cstr(&b, "Content-Type: text/plain; charset=utf-8\r\n"
	                        "Content-Transfer-Encoding: 8bit\r\n\r\n") ||
	    append_crlf_text(&b, m->body) || buf_append_cstr(&b, "\r\n"))
		return NULL;
	return buf_cstr(&b);
}

static enum mm_err deliver_file(const struct outbox_item *m, const char *text, char err[128])
{
	char path[4096], tmp[4200];
	if (mkdir(config.dir, 0750) && errno != EEXIST) {
		snprintf(err, 128, "mkdir %s: %s", config.dir, strerror(errno));
		return MM_ERR_IO;
	}
	snprintf(path, sizeof path, "%s/%06lld.eml", config.dir, (long long)m->id);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f || fputs(text, f) == EOF || fclose(f) || rename(tmp, path)) {
		snprintf(err, 128, "write %.60s: %s", path, strerror(errno));
		return MM_ERR_IO;
	}
	return MM_OK;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_upload(char *out, size_t size, size_t n, void *data)
{
	struct upload *u = data;
	size_t take = size * n < u->left ? size * n : u->left;
	memcpy(out, u->p, take);
	u->p += take;
	u->left -= take;
	return take;
}

static enum mm_err deliver_smtp(struct arena *a, const struct outbox_item *m, const char *text,
                                char err[128])
{
	CURL *curl = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	struct upload up = {text, strlen(text)};
	char *to = str_dup(a, m->to);
	if (!curl || !to)
		return MM_ERR_NOMEM;
	rcpt = curl_slist_append(rcpt, to);
	curl_easy_setopt(curl, CURLOPT_URL, config.smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, config.from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_USE_SSL,
	                 (long)(smtp_tls_required ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)MAIL_SEND_TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc != CURLE_OK) {
		snprintf(err, 128, "smtp: %s", curl_easy_strerror(rc));
		return MM_ERR_IO;
	}
	return MM_OK;
}

/* host:pid, unique among the processes that share a database. */
static void owner_init(void)
{
	worker_owner_name(owner, sizeof owner);
}

static int64_t monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Sends one claimed message and records the outcome. */
static enum mm_err deliver_one(struct store *s, struct arena *a, const struct outbox_item *m,
                               int64_t now, size_t *delivered)
{
	char err[128] = "";
	char *text = message_text(a, m, now);
	enum mm_err d = !text                                 ? MM_ERR_NOMEM
	                : config.smtp_url && *config.smtp_url ? deliver_smtp(a, m, text, err)
	                                                      : deliver_file(m, text, err);
	if (d == MM_OK) {
		(*delivered)++;
		return store_outbox_sent(s, m->id, now);
	}
	int64_t delay = MAIL_RETRY_FIRST_S;
	for (int64_t k = 0; k < m->attempts && delay < MAIL_RETRY_MAX_S; k++)
		delay *= 2;
	if (delay > MAIL_RETRY_MAX_S)
		delay = MAIL_RETRY_MAX_S;
	log_error("mail %lld: %s; retry in %llds", (long long)m->id, err, (long long)delay);
	return store_outbox_failed(s, m->id, now + delay, str_from(err));
}

enum mm_err mailer_deliver_due(struct store *s, int64_t now, size_t *delivered)
{
	struct arena a;
	struct outbox_item *items;
	size_t n, i = 0;
	enum mm_err e;
	*delivered = 0;
	pthread_once(&owner_once, owner_init);
	arena_init(&a, ARENA_REQUEST_MAX);
	int64_t claimed_at = monotonic_s();
	if ((e = store_outbox_claim(s, &a, now, str_from(owner), MAIL_BATCH, &items, &n))) {
		arena_free(&a);
		return e;
	}
	for (; i < n && !e; i++) {
		if (monotonic_s() - claimed_at >
		    OUTBOX_LEASE_S - MAIL_SEND_TIMEOUT_S - MAIL_LEASE_MARGIN_S)
			break;
		e = deliver_one(s, &a, &items[i], now, delivered);
	}
	/* Not begun in time: due again at once, for whichever sender. After
	 * a database error the leases are left to run out. */
	for (; i < n && !e; i++)
		e = store_outbox_release(s, items[i].id, str_from(owner));
	arena_free(&a);
	return e;
}

/* The mailer's connection: a database that is not there yet (a
 * PostgreSQL server still starting) is tried again, waiting longer each
 * time, until it opens or the thread is asked to stop (NULL). */
static struct store *open_store(void)
{
	int wait_ms = MAIL_OPEN_RETRY_FIRST_MS;
	while (worker_running(&worker)) {
		struct store *s = NULL;
		char err[STORE_ERR_MAX];
		if (store_open(config.db, &s, err) == MM_OK) {
			if (wait_ms > MAIL_OPEN_RETRY_FIRST_MS)
				log_info("mailer: the database is open, mail goes out again");
			return s;
		}
		log_error("mailer: %s (next attempt in %d ms)", err, wait_ms);
		worker_pause_ms(&worker, wait_ms);
		wait_ms =
		    wait_ms * 2 > MAIL_OPEN_RETRY_MAX_MS ? MAIL_OPEN_RETRY_MAX_MS : wait_ms * 2;
	}
	return NULL;
}

static void *mailer_main(void *arg)
{
	(void)arg;
	struct store *s = open_store();
	if (!s)
		return NULL;
	while (worker_running(&worker)) {
		size_t delivered;
		/* What failed stays due and is tried again on the next round;
		 * mailer_deliver_due logs why. */
		MM_IGNORE(mailer_deliver_due(s, (int64_t)time(NULL), &delivered));
		worker_pause_ms(&worker, MAIL_POLL_MS);
	}
	store_close(s);
	return NULL;
}

/* Reads url's scheme and whether it names a user or a password; false
 * when libcurl cannot parse it. */
static bool smtp_url_parts(const char *url, char scheme[16], bool *credentials)
{
	CURLU *h = curl_url();
	char *part = NULL, *user = NULL, *password = NULL, *options = NULL;
	bool ok = h && curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_SCHEME, &part, 0) == CURLUE_OK && strlen(part) < 16;
	if (ok) {
		memcpy(scheme, part, strlen(part) + 1);
		curl_url_get(h, CURLUPART_USER, &user, 0);
		curl_url_get(h, CURLUPART_PASSWORD, &password, 0);
		curl_url_get(h, CURLUPART_OPTIONS, &options, 0);
		*credentials = (user && *user) || (password && *password) || (options && *options);
	}
	curl_free(part);
	curl_free(user);
	curl_free(password);
	curl_free(options);
	curl_url_cleanup(h);
	return ok;
}

bool mailer_smtp_url_ok(const char *url, char err[256])
{
	char scheme[16];
	bool credentials = false;
	if (!url || !*url)
		return true;
	if (!smtp_url_parts(url, scheme, &credentials)) {
		snprintf(err, 256, "MAMORI_SMTP_URL is not a URL libcurl can read");
		return false;
	}
	if (credentials && strcmp(scheme, "smtps") != 0 && strcmp(scheme, "smtp") != 0) {
		snprintf(err, 256,
		         "MAMORI_SMTP_URL carries a user name or password, so it must start "
		         "with smtps:// (or smtp://, with STARTTLS then required), not %s://",
		         scheme);
		return false;
	}
	return true;
}

/* Room for normalising one address (NFKC may grow it). */
#define MAILER_FROM_ARENA_BYTES (16u * 1024)

bool mailer_from_read(const char *value, char from[EMAIL_MAX_CHARS + 1], char err[256])
{
	if (!value || !*value) {
		snprintf(from, EMAIL_MAX_CHARS + 1, "%s", MAILER_FROM_DEFAULT);
		return true;
	}
	struct arena a;
	struct str email;
	arena_init(&a, MAILER_FROM_ARENA_BYTES);
	bool ok = core_email_normalise(&a, str_from(value), &email) == EMAIL_OK;
	if (ok) {
		assert(email.n <= EMAIL_MAX_CHARS);
		memcpy(from, email.p, email.n);
		from[email.n] = '\0';
	} else {
		char shown[LOG_SETTING_SHOWN_BYTES];
		snprintf(err, 256,
		         "MAMORI_MAIL_FROM=%s: not an e-mail address (e.g. no-reply@example.jp)",
		         log_setting_shown(shown, value));
	}
	arena_free(&a);
	return ok;
}

enum mm_err mailer_start(const struct mailer_config *c)
{
	char scheme[16];
	config = *c;
	smtp_tls_required = false;
	if (config.smtp_url && *config.smtp_url &&
	    !smtp_url_parts(config.smtp_url, scheme, &smtp_tls_required))
		return MM_ERR_INVALID;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return worker_start(&worker, mailer_main);
}

void mailer_stop(void)
{
	if (!worker.started)
		return;
	worker_stop(&worker);
	curl_global_cleanup();
}
