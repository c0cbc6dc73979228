/*
 * mypage_routes.c — the routes of マイページ (the signed-in home): each
 * page file keeps the routes of its own handlers beside them (ROUTE_TABLE
 * at its end); this lists those tables in dispatch order.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table mypage_routes;

const struct route_group mypage_route_group = {ROUTE_TABLES(&mypage_routes)};
