/*
 * management_routes.c — the management self-check area's routes: each
 * page file keeps the routes of its own handlers beside them (ROUTE_TABLE
 * at its end); this lists those tables in dispatch order.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table management_routes;
extern const struct route_table management_result_routes;
extern const struct route_table management_history_routes;

const struct route_group management_route_group = {
    ROUTE_TABLES(&management_routes, &management_result_routes, &management_history_routes)};
