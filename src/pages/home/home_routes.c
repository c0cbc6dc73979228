/*
 * home_routes.c — the home area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table home_routes;
extern const struct route_table rules_routes;
extern const struct route_table ops_routes;
extern const struct route_table security_txt_routes;

const struct route_group home_route_group = {
    ROUTE_TABLES(&home_routes, &rules_routes, &ops_routes, &security_txt_routes),
    .store_optional = true};
