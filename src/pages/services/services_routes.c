/*
 * services_routes.c — the routes of finding services (/services, the
 * listing page, the comparison, /api/v1/services): each page file keeps
 * the routes of its own handlers beside them; this lists those tables in
 * dispatch order. The pages only read, so they may read from the replica.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table services_search_routes;
extern const struct route_table services_listing_routes;
extern const struct route_table services_api_routes;

const struct route_group services_route_group = {
    ROUTE_TABLES(&services_search_routes, &services_listing_routes, &services_api_routes),
    .read_replica = true};
