/*
 * assessment_routes.h — the page handlers of this area, named in its route table
 * (assessment_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_ASSESSMENT_ROUTES_H
#define MM_PAGES_ASSESSMENT_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_assessment(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_part(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_part_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_check(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_submit_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_result(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_history(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_assessment_history_org(struct req *r, struct res *res);

#endif
