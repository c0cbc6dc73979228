/*
 * home_routes.h — the page handlers of this area, named in its route table
 * (home_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_HOME_ROUTES_H
#define MM_PAGES_HOME_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_home(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_rules(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_healthz(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_metrics(struct req *r, struct res *res);

#endif
