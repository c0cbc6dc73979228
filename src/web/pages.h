/*
 * pages.h — the handlers of the route table (web.c), one area per file.
 */
#ifndef MM_PAGES_H
#define MM_PAGES_H

#include "web/req.h"

enum mm_err page_home(struct req *r, struct res *res);  /* home.c */
enum mm_err page_rules(struct req *r, struct res *res); /* rules.c */
enum mm_err page_healthz(struct req *r, struct res *res); /* ops.c */
enum mm_err page_metrics(struct req *r, struct res *res); /* ops.c */

#endif
