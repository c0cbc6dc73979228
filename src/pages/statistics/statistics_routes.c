/*
 * statistics_routes.c — the statistics area's routes: the public
 * statistics and open data, and the administrators' statistics.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table statistics_routes;
extern const struct route_table statistics_admin_routes;
extern const struct route_table open_data_routes;

const struct route_group statistics_route_group = {
    ROUTE_TABLES(&statistics_routes, &statistics_admin_routes, &open_data_routes)};
