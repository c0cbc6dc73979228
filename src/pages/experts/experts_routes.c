/*
 * experts_routes.c — the experts directory's routes: each page file keeps
 * the routes of its own handlers beside them (ROUTE_TABLE at its end);
 * this lists those tables in dispatch order, the literal "/experts/profile"
 * before "/experts/{id}".
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table experts_profile_routes;
extern const struct route_table experts_routes;
extern const struct route_table experts_admin_routes;

static const struct route_table *const experts_tables[] = {&experts_profile_routes, &experts_routes,
                                                           &experts_admin_routes};
const struct route_group experts_route_group = {
    .tables = experts_tables, .n = sizeof experts_tables / sizeof experts_tables[0]};
