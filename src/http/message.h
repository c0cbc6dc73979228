/*
 * message.h — the rules of HTTP/1.1 (RFC 9112) on a request's head that
 * libmicrohttpd leaves to its user: a malformed or ambiguous head is
 * refused before any page sees it, with mamori's own page.
 *
 * Ambiguous framing is what request smuggling feeds on: a proxy in front
 * and this server must never read a different body length from the same
 * bytes. So a request whose Content-Length is given twice with different
 * values, or together with Transfer-Encoding, or whose Transfer-Encoding
 * is not one field of plain "chunked" on HTTP/1.1 (all libmicrohttpd
 * decodes as chunks), is refused (and the refusal closes the
 * connection, server.c). Host is checked as RFC 9112 §3.2 requires;
 * nothing here or elsewhere builds a URL from it.
 *
 * Pure functions of the head already read: no libmicrohttpd types, no I/O.
 */
#ifndef MM_HTTP_MESSAGE_H
#define MM_HTTP_MESSAGE_H

#include <stdbool.h>

#include "web/req.h"

/* The status to refuse the head of r with (400, or 501 for a transfer
 * coding this server does not decode), 0 when it may be served.
 * http11: the request line said HTTP/1.1 (Host is then required). */
int message_head_refusal(const struct req *r, bool http11);

/* The origin form (path and query) of a request target: the target
 * itself, or for the absolute form ("http://host/path?q", which a server
 * must accept, RFC 9112 §3.2.2) its path and query, "/" when it has no
 * path. p is NULL when the arena is full. */
struct str message_origin_form(struct arena *a, struct str target);

#endif
