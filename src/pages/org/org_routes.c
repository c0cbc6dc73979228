/*
 * org_routes.c — the org area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table org_routes;
extern const struct route_table org_members_routes;
extern const struct route_table org_supporters_routes;
extern const struct route_table org_data_routes;

const struct route_group org_route_group = {
    ROUTE_TABLES(&org_routes, &org_members_routes, &org_supporters_routes, &org_data_routes)};
