/*
 * supporter_routes.h — the page handlers of this area, named in its route table
 * (supporter_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_SUPPORTER_ROUTES_H
#define MM_PAGES_SUPPORTER_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_supporter(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_supporter_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_supporter_code_post(struct req *r, struct res *res);

#endif
