/*
 * fetch.h — fetching one public document (a web page or a PDF) that a
 * user named by its address, to check that it is there: the policy a firm
 * publishes on its own site, when it is given and at each yearly check.
 *
 * A user's address must never make mamori reach what only mamori can
 * reach (server-side request forgery): fetch_document() talks HTTP or
 * HTTPS only, through no proxy, and connects only to public addresses
 * (ip_address_is_public). The address is checked where libcurl opens the
 * socket, after the name was resolved, for every connection — so a name
 * that resolves to a public address once and a private one the next time
 * (DNS rebinding) is caught too. Redirects are followed here, at most
 * FETCH_MAX_REDIRECTS, each checked the same way.
 *
 * Bounded: FETCH_TIMEOUT_MS for everything (resolution, connection,
 * redirects, body), FETCH_MAX_BODY bytes (the transfer is stopped beyond).
 * The body is not kept: it is hashed (SHA-256) and its first bytes sniffed
 * as it arrives, so a fetch allocates only its result.
 *
 * MAMORI_FETCH_ALLOW (comma-separated prefixes, "127.0.0.0/8,::1/128")
 * lists addresses treated as public: for tests and development, which
 * serve documents from loopback. Empty by default; never set it in
 * production.
 */
#ifndef MM_WEB_FETCH_H
#define MM_WEB_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/ip_address.h"
#include "lib/str.h"

#define FETCH_TIMEOUT_MS 5000
#define FETCH_MAX_BODY (2u * 1024 * 1024)
#define FETCH_MAX_REDIRECTS 3
#define FETCH_ALLOW_MAX 16
#define FETCH_SHA256_HEX 65 /* 64 hex digits and NUL */
#define FETCH_MEDIA_TYPE_MAX 100

/* What became of a fetch; FETCH_OK only for a 200 with a web page or PDF. */
enum fetch_outcome {
	FETCH_OK,
	FETCH_BAD_ADDRESS, /* not an http:// or https:// address */
	FETCH_REFUSED,     /* a name resolved only to addresses that are not public */
	FETCH_UNREACHABLE, /* no such name, connection refused, TLS failed… */
	FETCH_TIMEOUT,     /* not finished within FETCH_TIMEOUT_MS */
	FETCH_TOO_LARGE,   /* more than FETCH_MAX_BODY bytes */
	FETCH_TOO_MANY_REDIRECTS,
	FETCH_STATUS,       /* answered, but not 200 */
	FETCH_NOT_DOCUMENT, /* 200, but neither a web page nor a PDF */
};

enum fetch_kind { FETCH_KIND_NONE, FETCH_KIND_HTML, FETCH_KIND_PDF };

/* What was seen: of the last response when there was one. */
struct fetch_result {
	enum fetch_outcome outcome;
	enum fetch_kind kind;
	long status;             /* 0 when nothing answered */
	struct str content_type; /* media type as sent, lowercase, in the arena; "" when none */
	int64_t size;            /* body bytes received */
	char sha256[FETCH_SHA256_HEX]; /* of the body, lowercase hex; "" unless FETCH_OK */
	struct str final_url;          /* after redirects, in the arena */
	int redirects;
};

/* Reads MAMORI_FETCH_ALLOW (spec may be NULL or ""); false with a reason
 * when malformed. Also readies libcurl: call once, before any fetch. */
MM_MUST_USE bool fetch_configure(const char *spec, char err[256]);
void fetch_free(void);

/* Whether a fetch may connect to a: a public address, or one that
 * MAMORI_FETCH_ALLOW lists. */
bool fetch_address_allowed(const struct ip_address *a);

/* Fetches url (at most FETCH_TIMEOUT_MS) and says what was seen in *out;
 * MM_OK whatever the outcome, an error only when mamori itself failed
 * (memory, libcurl). */
MM_MUST_USE enum mm_err fetch_document(struct arena *a, struct str url, struct fetch_result *out);

/* "ok", "refused", … : the outcome as stored and logged. */
const char *fetch_outcome_name(enum fetch_outcome o);
/* "html", "pdf" or "". */
const char *fetch_kind_name(enum fetch_kind k);

#endif
