/*
 * server.c — see server.h.
 *
 * A request's life: the URI-log callback creates its context and arena as
 * soon as the request line is read; the first access-handler call checks
 * the limits (URL, headers, Content-Length) and the form of the head
 * (message.h), refusing at once when one fails; body chunks are appended
 * up to the route's limit; the final call (no more data) builds struct
 * req, dispatches it and queues the response. Answering on that later
 * call, not the first, is what keeps keep-alive connections open with
 * libmicrohttpd. The completion callback logs, counts and frees the arena.
 *
 * An over-limit chunked upload has no Content-Length to refuse in advance:
 * it can only be answered by closing the connection.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "http/guard.h"
#include "http/message.h"
#include "lib/log.h"
#include "lib/mix.h"
#include "web/metrics.h"
#include "web/web.h"

enum exchange_state { EX_NEW, EX_READING, EX_TOO_LARGE, EX_ANSWERED };

struct exchange {
	struct arena arena;
	struct req req;
	struct res res;
	struct buf body;
	size_t body_limit;
	enum exchange_state state;
	uint64_t start_us;
	struct guard_conn *guard; /* the connection's watch; may be NULL */
	size_t sent_bytes;        /* the body as sent (compressed or not) */
	char id[17];
};

static atomic_int in_flight;
static atomic_bool draining;

/* http_config.pin_threads: the cores to spread the pool threads over. */
static bool pin_threads;
static cpu_set_t pin_cpus;
static atomic_uint pinned;

/* Called on a pool thread at each request; pins it on the first. */
static void pin_this_thread(void)
{
	static _Thread_local bool done;
	if (!pin_threads || done)
		return;
	done = true;
	int n = CPU_COUNT(&pin_cpus);
	int k = n > 0 ? (int)(atomic_fetch_add(&pinned, 1) % (unsigned)n) : -1;
	for (int cpu = 0; k >= 0 && cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &pin_cpus) || k-- > 0)
			continue;
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		int rc = pthread_setaffinity_np(pthread_self(), sizeof one, &one);
		if (rc)
			log_error("http: cannot keep a serving thread on CPU %d: %s", cpu,
			          strerror(rc));
		return;
	}
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The request line has been read: everything else of this request lives
 * in the exchange's arena from here on. */
/* The client's address as text, for throttling and the audit log. */
static struct str client_address(struct arena *a, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "";
	if (info && info->client_addr) {
		const struct sockaddr *sa = info->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
			          &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
			          sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			          &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
			          sizeof text);
	}
	char *copy = arena_strdup(a, text);
	return copy ? str_from(copy) : STR("");
}

/* A request's reference for logs and error pages: 64 bits that differ
 * between requests and between runs. Not a secret (it is shown to the
 * user), so one random seed per thread and a cheap mixing step per request
 * (splitmix64) instead of a getrandom(2) call each time. */
static void request_id(char out[17])
{
	static _Thread_local uint64_t state;
	static _Thread_local bool seeded;
	if (!seeded) {
		randombytes_buf(&state, sizeof state);
		seeded = true;
	}
	uint64_t z = mix64(state += 0x9e3779b97f4a7c15u);
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, z >>= 4)
		out[i] = hex[z & 15];
	out[16] = '\0';
}

/* Each pool thread keeps the exchange of its last finished request (with
 * the arena's first block) for its next one: a request then costs no
 * malloc of its own until its arena outgrows that block. Freed when the
 * thread ends. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_free(void *p)
{
	struct exchange *x = p;
	arena_free(&x->arena);
	free(x);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_free))
		log_error("http: no thread-specific key; exchanges are not reused");
}

static struct exchange *exchange_new(void)
{
	pthread_once(&spare_once, spare_init);
	struct exchange *x = pthread_getspecific(spare_key);
	if (x) {
		pthread_setspecific(spare_key, NULL);
		struct arena kept = x->arena; /* reset when it was put back */
		memset(x, 0, sizeof *x);
		x->arena = kept;
		return x;
	}
	if (!(x = calloc(1, sizeof *x)))
		return NULL;
	arena_init(&x->arena, ARENA_REQUEST_MAX);
	return x;
}

/* A spare keeps at most this much arena (its first block is normally
 * 8 KiB; a request whose first allocation was huge is not kept). */
#define SPARE_ARENA_MAX (64u * 1024)

static void exchange_release(struct exchange *x)
{
	if (!pthread_getspecific(spare_key)) {
		arena_reset(&x->arena);
		if (x->arena.reserved <= SPARE_ARENA_MAX && pthread_setspecific(spare_key, x) == 0)
			return;
	}
	spare_free(x);
}

static void *exchange_begin(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	struct exchange *x = exchange_new();
	if (!x)
		return NULL;
	x->start_us = now_us();
	pin_this_thread();
	request_id(x->id);
	x->req.arena = &x->arena;
	x->req.id = x->id;
	x->req.route_label = "unmatched";
	x->req.now = (int64_t)time(NULL);
	x->req.ip = client_address(&x->arena, c);
	x->req.target = (struct str){arena_strdup(&x->arena, uri), strlen(uri)};
	x->res.status = 500;
	const union MHD_ConnectionInfo *watch =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	x->guard = watch ? watch->socket_context : NULL;
	atomic_fetch_add(&in_flight, 1);
	return x;
}

static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s); /* the web layer decodes, strictly */
}

struct header_walk {
	struct exchange *x;
	size_t total;
	bool failed;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_n, const char *value, size_t value_n)
{
	(void)kind;
	struct header_walk *w = cls;
	w->total += key_n + value_n + 4; /* ": " and CRLF, as on the wire */
	if (w->total > REQ_MAX_HEADERS)
		return MHD_NO;
	struct str k = {arena_strndup(&w->x->arena, key, key_n), key_n};
	struct str v = {arena_strndup(&w->x->arena, value ? value : "", value ? value_n : 0),
	                value ? value_n : 0};
	if (!k.p || !v.p || kvlist_push(&w->x->arena, &w->x->req.headers, k, v))
		w->failed = true;
	return w->failed ? MHD_NO : MHD_YES;
}

/* Checks what is known before the body; a status to refuse with, or 0. */
static int check_request_head(struct exchange *x, struct MHD_Connection *c, const char *method,
                              const char *version)
{
	struct header_walk w = {x, 0, false};
	x->req.method_name = (struct str){arena_strdup(&x->arena, method), strlen(method)};
	x->req.method = http_method_from(x->req.method_name);
	if (!x->req.target.p || !x->req.method_name.p)
		return 503;
	/* The origin form first: even a refused request is logged by its
	 * path, which web_log_path knows to hide a link's token in. */
	struct str origin = message_origin_form(&x->arena, x->req.target);
	if (!origin.p)
		return 503;
	x->req.target = origin;
	/* The headers before the limits, so that even the 414 page is in the
	 * language the visitor asked for. */
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, collect_header, &w);
	if (w.total > REQ_MAX_HEADERS)
		return 431;
	if (w.failed)
		return 503;
	if (x->req.target.n > REQ_MAX_URL)
		return 414;
	int refusal = message_head_refusal(&x->req, strcmp(version, MHD_HTTP_VERSION_1_1) == 0);
	if (refusal)
		return refusal;
	x->body_limit = web_body_limit(x->req.method, x->req.target);
	const char *length =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (length) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(length, &end, 10);
		if (errno || *end)
			return 400;
		if (n > x->body_limit)
			return 413;
	}
	buf_init(&x->body, &x->arena, x->body_limit);
	return 0;
}

/* A weight of zero, "not acceptable" (RFC 9110 §12.4.2): q=0, q=0.0,
 * q=0.000, the q in either case. */
static bool weight_is_zero(struct str params)
{
	if (params.n < 2 || (params.p[0] != 'q' && params.p[0] != 'Q') || params.p[1] != '=')
		return false;
	struct str q = str_trim((struct str){params.p + 2, params.n - 2});
	if (q.n == 0 || q.p[0] != '0')
		return false;
	for (size_t i = 1; i < q.n; i++)
		if (q.p[i] != '0' && !(i == 1 && q.p[i] == '.'))
			return false;
	return true;
}

static bool accepts_gzip(struct str header)
{
	struct str item;
	while (str_next_item(&header, ',', &item)) {
		long semi = str_index(item, ';');
		struct str coding = str_trim(semi < 0 ? item : (struct str){item.p, (size_t)semi});
		if (str_eq_nocase(coding, "gzip")) {
			struct str params = semi < 0
			                        ? STR("")
			                        : str_trim((struct str){item.p + semi + 1,
			                                                item.n - (size_t)semi - 1});
			return !weight_is_zero(params);
		}
	}
	return false;
}

static void *z_alloc(void *opaque, uInt items, uInt size)
{
	return arena_alloc(opaque, (size_t)items * size);
}

static void z_free(void *opaque, void *p)
{
	(void)opaque;
	(void)p; /* the arena releases it with the request */
}

/* Gzip below this size saves less than it costs. */
#define GZIP_MIN_BYTES 1024

static bool gzip_body(struct exchange *x, struct str in, struct str *out)
{
	z_stream z = {.zalloc = z_alloc, .zfree = z_free, .opaque = &x->arena};
	if (deflateInit2(&z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t cap = deflateBound(&z, in.n);
	unsigned char *p = arena_alloc(&x->arena, cap);
	bool ok = false;
	if (p) {
		z.next_in = (unsigned char *)(uintptr_t)in.p;
		z.avail_in = (uInt)in.n;
		z.next_out = p;
		z.avail_out = (uInt)cap;
		ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
		*out = (struct str){(const char *)p, z.total_out};
	}
	deflateEnd(&z);
	return ok;
}

/* A header's value as sent. weak_tag: the answer differs by
 * Accept-Encoding and the client takes gzip, so its ETag is sent weak:
 * the bytes may be gzip's, not the identity bytes a strong tag names
 * (RFC 9110 §8.8.1). If-None-Match compares weakly, so either form of
 * the tag still gives a 304. */
static char *header_value(struct arena *a, const struct kv *h, bool weak_tag)
{
	if (weak_tag && str_eq_nocase(h->key, "ETag") && str_starts_with(h->value, "\""))
		return arena_printf(a, "W/%.*s", (int)h->value.n, h->value.p);
	return str_dup(a, h->value);
}

static enum MHD_Result queue(struct exchange *x, struct MHD_Connection *c)
{
	struct res *res = &x->res;
	struct str body = res->body;
	bool vary = res->compressible || res->gzip_body.p;
	bool gzip = false, takes_gzip = accepts_gzip(req_header(&x->req, "Accept-Encoding"));
	if (takes_gzip) {
		if (res->gzip_body.p) {
			body = res->gzip_body;
			gzip = true;
		} else if (res->compressible && body.n >= GZIP_MIN_BYTES) {
			gzip = gzip_body(x, res->body, &body);
			if (!gzip)
				body = res->body;
		}
	}
	x->sent_bytes = body.n;
	struct MHD_Response *r;
	if (res->has_file) { /* read from the file as it is sent; MHD closes it */
		gzip = vary = false;
		x->sent_bytes = (size_t)res->file_size;
		r = MHD_create_response_from_fd64(res->file_size, res->file_fd);
		if (!r)
			close(res->file_fd);
		res->has_file = false;
	} else {
		r = MHD_create_response_from_buffer(
		    body.n, (void *)(uintptr_t)(body.p ? body.p : ""), MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	/* A static file with a gzip copy says Vary itself, even on its 304. */
	bool ok = true,
	     weak_tag = takes_gzip && (vary || res_header_lists(res, "Vary", "Accept-Encoding"));
	for (size_t i = 0; i < res->headers.n; i++) {
		const struct kv *h = &res->headers.items[i];
		char *k = str_dup(&x->arena, h->key), *v = header_value(&x->arena, h, weak_tag);
		ok = ok && k && v && MHD_add_response_header(r, k, v) == MHD_YES;
	}
	if (res->content_type.n) {
		char *type = str_dup(&x->arena, res->content_type);
		ok = ok && type &&
		     MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES;
	}
	if (gzip)
		ok = ok && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") ==
		               MHD_YES;
	bool has_vary = false;
	for (size_t i = 0; i < res->headers.n; i++)
		has_vary = has_vary || str_eq_nocase(res->headers.items[i].key, "Vary");
	if (vary && !has_vary)
		ok = ok &&
		     MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_YES;
	if (res->close || atomic_load(&draining))
		ok = ok &&
		     MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close") == MHD_YES;
	enum MHD_Result q = ok ? MHD_queue_response(c, (unsigned)res->status, r) : MHD_NO;
	MHD_destroy_response(r);
	x->state = EX_ANSWERED;
	return q;
}

static enum MHD_Result refuse(struct exchange *x, struct MHD_Connection *c, int status)
{
	guard_answering(x->guard);
	x->res = (struct res){0};
	x->res.close = true;
	web_refuse(&x->req, &x->res, status);
	return queue(x, c);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	struct exchange *x = *con_cls;
	if (!x)
		return MHD_NO; /* out of memory at the request line */
	switch (x->state) {
	case EX_NEW: {
		x->state = EX_READING;
		guard_head_received(x->guard);
		int status = check_request_head(x, c, method, version);
		return status ? refuse(x, c, status) : MHD_YES;
	}
	case EX_READING:
		if (*upload_data_size) {
			guard_body_received(x->guard, *upload_data_size);
			if (buf_append(&x->body, upload_data, *upload_data_size)) {
				x->state = EX_TOO_LARGE; /* chunked: only closing can answer */
				x->res.status = 413;
				return MHD_NO;
			}
			*upload_data_size = 0;
			return MHD_YES;
		}
		guard_answering(x->guard);
		x->req.body = buf_str(&x->body);
		x->res = (struct res){0};
		web_dispatch(&x->req, &x->res);
		return queue(x, c);
	case EX_TOO_LARGE:
	case EX_ANSWERED:
		break;
	}
	return MHD_NO;
}

/* The longest path an access line shows, as received (escapes count 4). */
#define ACCESS_LOG_PATH_MAX 256

/* One access-log line: the path only (a query may carry tokens), with the
 * route's pattern for paths that carry a token (web_log_path), its first
 * ACCESS_LOG_PATH_MAX bytes shown by log_text_shown (a space escaped too). */
static void access_log(struct exchange *x, uint64_t duration_us, size_t bytes)
{
	char ts[32], path[ACCESS_LOG_PATH_MAX * 4 + 4];
	struct str shown = web_log_path(&x->req);
	log_timestamp(ts, sizeof ts);
	size_t n = log_text_shown(
	    path, sizeof path,
	    (struct str){shown.p, shown.n < ACCESS_LOG_PATH_MAX ? shown.n : ACCESS_LOG_PATH_MAX},
	    false);
	if (shown.n > ACCESS_LOG_PATH_MAX) {
		memcpy(path + n, "...", 3);
		n += 3;
	}
	path[n] = '\0';
	char line[sizeof path + 128];
	int len = snprintf(line, sizeof line, "%s req=%s %.16s %s %d %zuB %lluus\n", ts, x->id,
	                   x->req.method_name.p ? x->req.method_name.p : "-", path, x->res.status,
	                   bytes, (unsigned long long)duration_us);
	if (len > 0)
		log_access(line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
}

static void exchange_end(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct exchange *x = *con_cls;
	if (!x)
		return;
	uint64_t duration = now_us() - x->start_us;
	if (x->state == EX_ANSWERED || x->state == EX_TOO_LARGE) {
		size_t bytes = x->sent_bytes;
		access_log(x, duration, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? bytes : 0);
		metrics_observe(x->req.route_label, x->res.status, duration);
	}
	guard_request_done(x->guard);
	exchange_release(x);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* The guard (guard.h) learns of each connection from the engine. */
static void connection_notice(void *cls, struct MHD_Connection *c, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_closed(*socket_context);
		*socket_context = NULL;
		return;
	}
	const union MHD_ConnectionInfo *fd =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *addr =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	*socket_context = fd ? guard_opened(fd->connect_fd, addr ? addr->client_addr : NULL) : NULL;
}

static enum MHD_Result admit(void *cls, const struct sockaddr *addr, socklen_t len)
{
	(void)cls;
	return guard_admit(addr, len) ? MHD_YES : MHD_NO;
}

/* The length of the words before the request's path in a message of
 * libmicrohttpd's ("Failed to send the response headers for the request
 * for `%s'. Error: %s"), 0 when its format names no path. */
static size_t mhd_words_before_path(const char *fmt)
{
	static const char *const before_path[] = {" for the request for ", " in request for "};
	for (size_t i = 0; i < sizeof before_path / sizeof before_path[0]; i++) {
		const char *at = strstr(fmt, before_path[i]);
		if (at)
			return (size_t)(at - fmt);
	}
	return 0;
}

/* libmicrohttpd's messages, one log line each. A path is never shown: as
 * received it may carry a link's token, which the access log replaces by
 * the route's pattern (web_log_path); the rest goes through log_text_shown. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	size_t words = mhd_words_before_path(fmt);
	if (words) {
		log_info("http: %.*s (path not logged)", (int)words, fmt);
		return;
	}
	char msg[512], shown[sizeof msg * 4];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t m = strlen(msg);
	while (m && (msg[m - 1] == '\n' || msg[m - 1] == '\r'))
		m--;
	log_text_shown(shown, sizeof shown, (struct str){msg, m}, true);
	log_info("http: %s", shown);
}

/* The largest port number; getaddrinfo takes a larger one modulo 65536. */
#define LISTEN_PORT_MAX 65535

/* "HOST:PORT" or "[V6]:PORT", PORT from 0 to LISTEN_PORT_MAX. */
static bool split_listen(const char *listen, char *host, size_t host_n, char *port, size_t port_n)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || !colon[1])
		return false;
	const char *h = listen;
	size_t hn = (size_t)(colon - listen);
	if (h[0] == '[') {
		if (hn < 2 || h[hn - 1] != ']')
			return false;
		h++;
		hn -= 2;
	}
	size_t pn = strlen(colon + 1);
	if (hn == 0 || hn >= host_n || pn >= port_n || strspn(colon + 1, "0123456789") != pn ||
	    strtol(colon + 1, NULL, 10) > LISTEN_PORT_MAX)
		return false;
	memcpy(host, h, hn);
	host[hn] = '\0';
	memcpy(port, colon + 1, pn + 1);
	return true;
}

enum mm_err http_bind(const struct http_config *c, int *fd_out, char err[256])
{
	char host[256], port[16], shown[LOG_SETTING_SHOWN_BYTES];
	const char *named = c->listen_named ? c->listen_named : "--listen ";
	log_setting_shown(shown, c->listen);
	if (!split_listen(c->listen, host, sizeof host, port, sizeof port)) {
		snprintf(err, 256, "%s%s: expected HOST:PORT (PORT 0-%d)", named, shown,
		         LISTEN_PORT_MAX);
		return MM_ERR_INVALID;
	}
	struct addrinfo hints = {
	    .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	struct addrinfo *ai;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc) {
		snprintf(err, 256, "%s%s: %s", named, shown, gai_strerror(rc));
		return MM_ERR_INVALID;
	}
	int fd =
	    socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, HTTP_LISTEN_BACKLOG)) {
		snprintf(err, 256, "cannot listen on %s: %s", shown, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return MM_ERR_IO;
	}
	freeaddrinfo(ai);
	*fd_out = fd;
	return MM_OK;
}

static void drain(struct MHD_Daemon *d)
{
	atomic_store(&draining, true);
	for (int waited_ms = 0;
	     atomic_load(&in_flight) > 0 && waited_ms < HTTP_DRAIN_TIMEOUT_S * 1000;
	     waited_ms += 20) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&in_flight) > 0)
		log_error("http: %d requests still in flight at shutdown", atomic_load(&in_flight));
	(void)d;
}

enum mm_err http_serve(const struct http_config *c, int fd, char err[256])
{
	unsigned per_ip = c->per_ip_limit ? c->per_ip_limit : HTTP_PER_IP_CONNECTION_LIMIT;
	if (c->pin_threads) {
		if (sched_getaffinity(0, sizeof pin_cpus, &pin_cpus) == 0)
			pin_threads = true;
		else
			log_error("http: cannot read the CPUs this process may use (%s); threads "
			          "are not pinned",
			          strerror(errno));
	}
	/* The per-address limit is the guard's (which scales it with load),
	 * not the engine's, which can only refuse. */
	if (guard_start(HTTP_CONNECTION_LIMIT, per_ip)) {
		snprintf(err, 256, "cannot start the HTTP server on %s", c->listen);
		close(fd);
		return MM_ERR_IO;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
	    admit, NULL, handle, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, c->threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTION_LIMIT,
	    MHD_OPTION_NOTIFY_CONNECTION, connection_notice, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)HTTP_CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)HTTP_CONNECTION_MEMORY, MHD_OPTION_LISTEN_BACKLOG_SIZE,
	    (unsigned)HTTP_LISTEN_BACKLOG, MHD_OPTION_URI_LOG_CALLBACK, exchange_begin, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, exchange_end, NULL, MHD_OPTION_UNESCAPE_CALLBACK,
	    no_unescape, NULL, MHD_OPTION_END);
	if (!d) {
		snprintf(err, 256, "cannot start the HTTP server on %s", c->listen);
		guard_stop();
		close(fd);
		return MM_ERR_IO;
	}
	log_info("serving http://%s with %u threads%s", c->listen, c->threads,
	         pin_threads ? ", each kept on a core of its own" : "");

	sigset_t stop;
	int sig = 0;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	/* Wait for a stop signal, writing out the buffered access log each
	 * second meanwhile. */
	const struct timespec second = {1, 0};
	while ((sig = sigtimedwait(&stop, NULL, &second)) < 0)
		log_flush();
	log_info("%s: stopping; finishing requests in flight",
	         sig == SIGINT ? "SIGINT" : "SIGTERM");

	/* Stop listening at once: a connection that arrives from now on is
	 * refused (and a load balancer tries another instance) instead of
	 * waiting in the backlog until the drain ends and then being reset.
	 * shutdown(2) takes a listening socket out of LISTEN while its number
	 * stays reserved, so a pool thread still inside accept(2) gets EINVAL
	 * rather than another file that happened to reuse the number. */
	MHD_socket listen_fd = MHD_quiesce_daemon(d);
	if (listen_fd != MHD_INVALID_SOCKET && shutdown(listen_fd, SHUT_RDWR) && errno != ENOTCONN)
		log_error("http: cannot stop listening at once: %s", strerror(errno));
	drain(d);
	MHD_stop_daemon(d);
	guard_stop();
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	log_info("stopped");
	return MM_OK;
}
