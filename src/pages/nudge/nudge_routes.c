/*
 * nudge_routes.c — the reminders area's routes: the one-click link that
 * stops them.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table unsubscribe_routes;

static const struct route_table *const nudge_tables[] = {&unsubscribe_routes};
const struct route_group nudge_route_group = {.tables = nudge_tables,
                                              .n = sizeof nudge_tables / sizeof nudge_tables[0]};
