/*
 * declaration_routes.c — the declaration area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table declaration_routes;
extern const struct route_table declaration_new_routes;

const struct route_group declaration_route_group = {
    ROUTE_TABLES(&declaration_routes, &declaration_new_routes)};
