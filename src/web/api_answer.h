/*
 * api_answer.h — answers for programs: JSON errors with a stable code and
 * a message in the request's language, and finished JSON bodies. Used by
 * the JSON API's pages and by dispatch for requests under /api/ that it
 * refuses itself (400, 404, 405, 413, 414, 431…), so a program never gets
 * an HTML page.
 */
#ifndef MM_WEB_API_ANSWER_H
#define MM_WEB_API_ANSWER_H

#include "web/req.h"

/* Answers status with {"error": {"code", "message"}} (and "reference",
 * the request's id its log line names, for a 500); message_key is a
 * catalogue key. Never fails (falls back to a plain error page). */
MM_MUST_USE enum mm_err api_error(struct req *r, struct res *res, int status, const char *code,
                                  const char *message_key);
/* Answers 200 with a finished JSON body, readable from any origin for GET;
 * the caller adds the caching headers. */
MM_MUST_USE enum mm_err api_send_json(struct req *r, struct res *res, struct str body);

#endif
