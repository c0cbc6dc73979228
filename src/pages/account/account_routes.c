/*
 * account_routes.c — the account area's routes: each page file keeps the routes
 * of its own handlers beside them (ROUTE_TABLE at its end); this lists
 * those tables in dispatch order. Where two patterns could match the same
 * path (a literal segment and a {parameter} in the same place), the
 * table holding the literal comes first.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table auth_routes;
extern const struct route_table account_routes;
extern const struct route_table account_email_routes;
extern const struct route_table account_data_routes;

const struct route_group account_route_group = {
    ROUTE_TABLES(&auth_routes, &account_routes, &account_email_routes, &account_data_routes)};
