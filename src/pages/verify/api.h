/*
 * api.h — what the JSON API handlers (api.c, api_batch.c,
 * api_declarants.c) share: answers, errors and a declaration as JSON.
 *
 * The API is versioned by path (/api/v1/…): field names and meanings
 * never change within a version; content/api/openapi.json describes it and
 * the HTTP tests hold real answers against that document. Errors are
 * {"error": {"code": "…", "message": "…"}} with a stable code and a message
 * in the request's language. GET answers may be read from any origin.
 */
#ifndef MM_API_H
#define MM_API_H

#include "lib/json.h"
#include "store/verification.h"
#include "web/api_answer.h"
#include "web/req.h"

#define API_MAX_RESPONSE (4u * 1024 * 1024) /* the largest answer: a full batch */
#define API_CACHE_CONTROL "public, max-age=60"
/* The batch route's body limit: 1,000 {id, corporate_number} pairs with
 * room for white space. */
#define API_BATCH_MAX_BODY (256u * 1024)

/* Starts an answer in b (of at most API_MAX_RESPONSE bytes): j writes
 * into it and its outer object is open. */
void api_begin(struct req *r, struct json *j, struct buf *b);
/* Answers 200 with the finished JSON in b: CORS for GET, ETag and a short
 * Cache-Control when cacheable. */
MM_MUST_USE enum mm_err api_send(struct req *r, struct res *res, struct json *j, struct buf *b,
                                 bool cacheable);
/* Ends the answer in b (the outer object closed, a line break), without
 * sending it: for an answer that is kept before it is sent. */
MM_MUST_USE enum mm_err api_finish(struct json *j, struct buf *b);
/* Answers 200 with a finished answer, as api_send does when cacheable. */
MM_MUST_USE enum mm_err api_send_body(struct req *r, struct res *res, struct str body);

/* The fields every answer about one declaration has (inside an open
 * object): id, status, level, organisation, dates, policy_url,
 * verification_url, and the history when v holds it. */
void api_write_declaration(struct req *r, struct json *j, const struct verification *v,
                           bool with_history);

#endif
