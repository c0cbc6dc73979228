/*
 * supporter_routes.c — the supporter area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table supporter_routes;
extern const struct route_table supporter_trainings_routes;
extern const struct route_table supporter_end_routes;

const struct route_group supporter_route_group = {
    ROUTE_TABLES(&supporter_routes, &supporter_trainings_routes, &supporter_end_routes)};
