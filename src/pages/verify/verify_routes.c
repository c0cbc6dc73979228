/*
 * verify_routes.c — the verify area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table verify_routes;
extern const struct route_table verify_batch_routes;
extern const struct route_table badge_routes;
extern const struct route_table verify_declarants_routes;
extern const struct route_table api_routes;
extern const struct route_table api_batch_routes;
extern const struct route_table api_declarants_routes;

/* Public and read-only: served from the read replica when there is one. */
const struct route_group verify_route_group = {
    ROUTE_TABLES(&verify_batch_routes, /* /verify/batch before /verify/{id} */
                 &verify_routes, &badge_routes, &verify_declarants_routes,
                 &api_batch_routes, /* /api/v1/declarations/verify before …/{id} */
                 &api_routes, &api_declarants_routes),
    .read_replica = true};
