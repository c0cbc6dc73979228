/*
 * catalogue_routes.c — the service catalogue's listing side: providers'
 * pages (/provider) and the administrators' (/admin/services). Each page
 * file keeps the routes of its own handlers beside them; this lists those
 * tables in dispatch order.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table catalogue_provider_routes;
extern const struct route_table catalogue_listing_routes;
extern const struct route_table catalogue_import_routes;
extern const struct route_table catalogue_admin_routes;

static const struct route_table *const catalogue_tables[] = {
    &catalogue_provider_routes, &catalogue_listing_routes, &catalogue_import_routes,
    &catalogue_admin_routes};
const struct route_group catalogue_route_group = {
    .tables = catalogue_tables, .n = sizeof catalogue_tables / sizeof catalogue_tables[0]};
