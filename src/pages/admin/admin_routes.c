/*
 * admin_routes.c — the admin area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table admin_declarations_routes;
extern const struct route_table admin_routes;
extern const struct route_table admin_users_routes;
extern const struct route_table admin_orgs_routes;

const struct route_group admin_route_group = {ROUTE_TABLES(
    &admin_declarations_routes, &admin_routes, &admin_users_routes, &admin_orgs_routes)};
