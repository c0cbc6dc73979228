/*
 * server.h — the HTTP server: libmicrohttpd with an epoll thread pool,
 * limits on everything a client controls, graceful shutdown. The only code
 * in mamori that knows the HTTP library.
 */
#ifndef MM_SERVER_H
#define MM_SERVER_H

#include <stdbool.h>

#include "lib/err.h"

/* Explicit limits (libmicrohttpd's defaults are unbounded or generous).
 * Its timeout is inactivity-based, so a client that trickles a byte a
 * second is never timed out by it: http/guard.h adds deadlines for the
 * request head and body and applies the per-address limit, scaled down as
 * the server fills up. Behind nginx all clients share one address: the
 * per-address limit is lifted there (MAMORI_TRUSTED_PROXIES) and nginx's
 * client_header_timeout, client_body_timeout and limit_conn apply to each
 * real client. */
#define HTTP_CONNECTION_LIMIT 1000
#define HTTP_PER_IP_CONNECTION_LIMIT 64
#define HTTP_CONNECTION_TIMEOUT_S 30
/* Per-connection memory for the request line, headers and buffers: room
 * for the 8 KiB URL and 16 KiB header limits with margin, so those limits
 * are answered by us with a page, not by the library. The engine also
 * copies the Cookie header to parse it, so a header block of cookies
 * needs twice its size (with the 8 KiB URL, a cookie of up to about 19 KB
 * still gets our page). The engine zeroes the whole pool before every
 * request of a kept-alive connection, so its size is paid per request:
 * at 96 KiB that memset was half of the instructions of an API answer
 * (callgrind: 250k per request against 139k at 48 KiB). */
#define HTTP_CONNECTION_MEMORY (48u * 1024)
#define HTTP_LISTEN_BACKLOG 1024
/* How long shutdown waits for requests in flight. */
#define HTTP_DRAIN_TIMEOUT_S 10

struct http_config {
	const char *listen; /* "HOST:PORT", "[::1]:PORT" */
	/* Where listen came from, as an error names it before the value:
	 * "--listen " or "MAMORI_LISTEN=" (NULL: "--listen "). */
	const char *listen_named;
	unsigned threads;
	unsigned per_ip_limit; /* 0: HTTP_PER_IP_CONNECTION_LIMIT */
	/* Keep each serving thread on a core of its own (round robin over the
	 * cores the process may use), for a host mamori has to itself. Off by
	 * default: left free, two busy threads can share one core for seconds
	 * while another is busy with something else, which is what made p99
	 * swing between 2 and 8 ms from one benchmark run to the next. */
	bool pin_threads;
};

/* Binds the address; on failure a one-line reason goes to err. */
MM_MUST_USE enum mm_err http_bind(const struct http_config *c, int *fd, char err[256]);
/* Serves on fd until SIGTERM or SIGINT (which the caller has blocked in
 * every thread), then stops accepting, lets requests in flight finish
 * (bounded) and returns. */
MM_MUST_USE enum mm_err http_serve(const struct http_config *c, int fd, char err[256]);

#endif
