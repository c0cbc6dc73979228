/*
 * declaration_routes.h — the page handlers of this area, named in its route table
 * (declaration_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_DECLARATION_ROUTES_H
#define MM_PAGES_DECLARATION_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_declaration(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_new(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_new_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_level(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_level_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_prerequisites(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_pledge(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_pledge_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_check(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_declared(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_upgrade(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_upgrade_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_details(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_details_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_withdraw(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_declaration_withdraw_post(struct req *r, struct res *res);

#endif
