/*
 * policy_routes.c — the policy area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table policy_overview_routes;
extern const struct route_table policy_step_routes;
extern const struct route_table policy_write_routes;
extern const struct route_table policy_preview_routes;
extern const struct route_table policy_publish_routes;
extern const struct route_table policy_public_routes;

const struct route_group policy_route_group = {
    ROUTE_TABLES(&policy_overview_routes, &policy_step_routes, &policy_write_routes,
                 &policy_preview_routes, &policy_publish_routes, &policy_public_routes)};
