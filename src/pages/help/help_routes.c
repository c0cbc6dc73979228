/*
 * help_routes.c — the help area's routes ("/help", the page for the day
 * something goes wrong). Its pages never need the database, so a store
 * that is down does not take them away (store_optional).
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table help_routes;

static const struct route_table *const help_tables[] = {&help_routes};
const struct route_group help_route_group = {
    .tables = help_tables, .n = sizeof help_tables / sizeof help_tables[0], .store_optional = true};
