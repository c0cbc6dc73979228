/*
 * assessment_routes.c — the assessment area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table assessment_routes;
extern const struct route_table assessment_result_routes;
extern const struct route_table assessment_history_routes;

const struct route_group assessment_route_group = {
    ROUTE_TABLES(&assessment_routes, &assessment_result_routes, &assessment_history_routes)};
