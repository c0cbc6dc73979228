/*
 * home_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/home/home_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route home_routes[] = {
    {HTTP_GET, "/", page_home, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/rules", page_rules, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/healthz", page_healthz, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/metrics", page_metrics, RIGHT_PUBLIC, 0},
};
const struct route_group home_route_group = {home_routes,
                                             sizeof home_routes / sizeof home_routes[0], true};
