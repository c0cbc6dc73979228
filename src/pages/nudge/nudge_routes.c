/*
 * nudge_routes.c — the reminders area's routes: the one-click link that
 * stops them.
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table unsubscribe_routes;

const struct route_group nudge_route_group = {ROUTE_TABLES(&unsubscribe_routes)};
