/*
 * api_answer.c — see api_answer.h.
 */
#include "web/api_answer.h"

#include "lib/json.h"
#include "web/page.h"

enum mm_err api_error(struct req *r, struct res *res, int status, const char *code,
                      const char *message_key)
{
	struct buf b;
	struct json j;
	buf_init(&b, r->arena, 4096);
	json_init(&j, &b);
	json_object_begin(&j);
	json_key(&j, "error");
	json_object_begin(&j);
	json_key(&j, "code");
	json_write_cstring(&j, code);
	json_key(&j, "message");
	json_write_string(&j, page_t(r, message_key));
	if (status == 500) { /* as the error page: what the log line is under */
		json_key(&j, "reference");
		json_write_cstring(&j, r->id);
	}
	json_object_end(&j);
	json_object_end(&j);
	if (json_finish(&j) || buf_append_char(&b, '\n')) {
		page_error(r, res, status);
		return MM_OK;
	}
	res->status = status;
	res->content_type = STR("application/json");
	res->body = buf_str(&b);
	bool cors = r->method == HTTP_GET || r->method == HTTP_HEAD;
	if ((cors && res_header(r, res, "Access-Control-Allow-Origin", STR("*"))) ||
	    res_header(r, res, "Cache-Control", STR("no-store")) ||
	    res_header(r, res, "Vary", STR("Accept-Language"))) {
		res->headers.n = 0;
		page_error(r, res, status);
	}
	return MM_OK;
}

enum mm_err api_send_json(struct req *r, struct res *res, struct str body)
{
	res->status = 200;
	res->content_type = STR("application/json");
	res->body = body;
	res->compressible = true;
	if (r->method == HTTP_GET || r->method == HTTP_HEAD)
		return res_header(r, res, "Access-Control-Allow-Origin", STR("*"));
	return MM_OK;
}
