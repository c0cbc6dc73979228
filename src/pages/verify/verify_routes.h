/*
 * verify_routes.h — the page handlers of this area, named in its route table
 * (verify_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_VERIFY_ROUTES_H
#define MM_PAGES_VERIFY_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_verify(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_verify_batch(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_verify_batch_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_verify_declaration(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_mark(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_badge(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declarants(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_api_openapi(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_api_declarations(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_api_verify_batch(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_api_declaration(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_api_declarants(struct req *r, struct res *res);

#endif
