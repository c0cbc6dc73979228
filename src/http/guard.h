/*
 * guard.h — who may hold a connection, and for how long before its request
 * has arrived. libmicrohttpd's own timeout fires only on silence, so a
 * client that sends one header byte a second ("slowloris") would keep its
 * connection for ever, and enough of them would take every slot. The guard
 * keeps, for each open connection, its address and what it is waiting for,
 * and enforces three rules the engine cannot:
 *
 *   - a request's head must arrive within GUARD_HEAD_DEADLINE_S of the
 *     connection being ready for it (opened, or the previous answer sent);
 *     GUARD_HEAD_DEADLINE_BUSY_S when more than three quarters of the
 *     connection slots are held;
 *   - a body must arrive at GUARD_BODY_MIN_RATE bytes a second on average,
 *     after GUARD_BODY_GRACE_S;
 *   - one address (IPv4, or an IPv6 /64) may hold its share of the slots:
 *     the per-address limit scaled down by the share of slots already held,
 *     so that no group of a few addresses can hold them all, and a new
 *     address always finds one. An address at its share that opens another
 *     connection displaces its own oldest connection that has waited
 *     GUARD_STALLED_MS or more for a request head (a visitor behind the
 *     same NAT as a slow client still gets in).
 *
 * A late connection is cut with shutdown(2) by a reaper thread; the engine
 * then sees the end of the stream and closes it as a client abort. The
 * descriptor stays valid until the engine's close notification, which
 * takes the same lock, so a cut never reaches another connection's socket.
 *
 * No libmicrohttpd types here: server.c forwards the engine's callbacks.
 */
#ifndef MM_HTTP_GUARD_H
#define MM_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "lib/err.h"

#define GUARD_HEAD_DEADLINE_S 10
#define GUARD_HEAD_DEADLINE_BUSY_S 2
#define GUARD_BODY_GRACE_S 10
#define GUARD_BODY_MIN_RATE 1024
#define GUARD_STALLED_MS 1000
/* How often the reaper looks. */
#define GUARD_SWEEP_MS 250

struct guard_conn;

/* Starts the reaper. connection_limit: the engine's; per_address: the most
 * one address may hold when the server is idle. */
enum mm_err guard_start(unsigned connection_limit, unsigned per_address);
/* Stops the reaper; connections still open are no longer watched. */
void guard_stop(void);

/* Whether a new connection from sa may be kept (the engine's accept
 * policy). May cut a stalled connection of the same address to make room. */
bool guard_admit(const struct sockaddr *sa, socklen_t len);
/* A connection was accepted; NULL when it cannot be watched (no slot). */
struct guard_conn *guard_opened(int fd, const struct sockaddr *sa);
void guard_closed(struct guard_conn *g);

/* Where a connection's request stands. Each accepts NULL. */
void guard_head_received(struct guard_conn *g);
void guard_body_received(struct guard_conn *g, size_t n);
void guard_answering(struct guard_conn *g);
void guard_request_done(struct guard_conn *g);

#endif
