/*
 * proxy.h — the client's real address when mamori sits behind a reverse
 * proxy (nginx). Without it every request would come from 127.0.0.1, and
 * the per-address sign-in throttling, the verification rate limit and the
 * audit log would treat all of Japan as one client.
 *
 * MAMORI_TRUSTED_PROXIES lists the proxies' own addresses, comma-separated
 * ("127.0.0.1,::1"). Only a request whose peer is one of them has its
 * X-Forwarded-For read, from the right: the first address that is not a
 * trusted proxy is the client. Anything a client wrote further left is
 * its own claim and never believed. Unset (the default): the peer is the
 * client and X-Forwarded-For is ignored.
 */
#ifndef MM_WEB_PROXY_H
#define MM_WEB_PROXY_H

#include "web/req.h"

#define PROXY_MAX_TRUSTED 16

/* Reads MAMORI_TRUSTED_PROXIES; false (and a reason) when malformed. */
bool proxy_configure(const char *spec, char err[256]);
/* Replaces r->ip by the forwarded client address when the peer is trusted. */
void proxy_client_address(struct req *r);

#endif
