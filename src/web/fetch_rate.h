/*
 * fetch_rate.h — how often a user may make mamori fetch an address they
 * typed (web/fetch.h): today the policy a firm publishes on its own site.
 * Each fetch holds a serving thread for up to FETCH_TIMEOUT_MS and sends a
 * request to a host the user chose, so a flood would tie the server up and
 * turn it into a tool for knocking on other people's sites.
 *
 * Two token buckets (web/ratelimit.h) per fetch: one for the client's
 * network (its IPv4 address or IPv6 /64, after web/proxy.h), one for whose
 * document it is — a key the caller names (the organisation), so that one
 * firm's owner gains nothing by changing networks. MAMORI_FETCH_RATE=
 * "NETWORK/OWNER" sets how many fetches each may cause in an hour (and at
 * once), default FETCH_RATE_NETWORK_PER_HOUR / FETCH_RATE_OWNER_PER_HOUR:
 * plenty to correct a mistyped address a few times, far too few to keep
 * threads busy. "0" turns the limit off. The buckets are this process's
 * (as the mail forms' limit, web/mail_rate.h).
 */
#ifndef MM_WEB_FETCH_RATE_H
#define MM_WEB_FETCH_RATE_H

#include "web/req.h"

#define FETCH_RATE_NETWORK_PER_HOUR 30
#define FETCH_RATE_OWNER_PER_HOUR 10

/* Reads MAMORI_FETCH_RATE; false (and a reason) when it is malformed. */
bool fetch_rate_configure(const char *spec, char err[256]);

/* Takes one fetch from the allowance of the request's network and of
 * owner. False when either is spent; *retry_after_s then says when to try
 * again. */
bool fetch_rate_take(struct req *r, struct str owner, unsigned *retry_after_s);

#endif
