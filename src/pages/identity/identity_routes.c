/*
 * identity_routes.c — the identity area's routes (/org/identity for an
 * organisation's owners, /admin/identity for administrators): each page
 * file keeps the routes of its handlers; this lists those tables.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table identity_org_routes;
extern const struct route_table identity_admin_routes;

const struct route_group identity_route_group = {
    ROUTE_TABLES(&identity_org_routes, &identity_admin_routes)};
