/*
 * metrics_allow.h — who may read /metrics: counters by route and status
 * say how the site is used and how it performs, which is the operator's
 * business, not the world's. Allowed are loopback clients (127.0.0.0/8,
 * ::1) and the addresses listed in MAMORI_METRICS_ALLOW (comma-separated,
 * "10.0.0.5,2001:db8::7"); everyone else gets the 404 of a page that does
 * not exist.
 *
 * The client is r->ip, so behind a proxy listed in MAMORI_TRUSTED_PROXIES
 * it is the forwarded client (proxy.h). A request that names a forwarded
 * client (X-Forwarded-For) which was not believed — the proxy is not
 * trusted — is refused: through an untrusted proxy every visitor would
 * look like loopback.
 */
#ifndef MM_WEB_METRICS_ALLOW_H
#define MM_WEB_METRICS_ALLOW_H

#include "web/req.h"

#define METRICS_ALLOW_MAX 16

/* Reads MAMORI_METRICS_ALLOW; false (and a reason) when malformed. */
bool metrics_allow_configure(const char *spec, char err[256]);
/* Whether this request may read /metrics. */
bool metrics_allowed(const struct req *r);

#endif
