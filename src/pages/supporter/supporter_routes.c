/*
 * supporter_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/supporter/supporter_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route supporter_routes[] = {
    {HTTP_GET, "/supporter", page_supporter, RIGHT_USER, 0},
    {HTTP_POST, "/supporter", page_supporter_post, RIGHT_USER, 0},
    {HTTP_POST, "/supporter/code", page_supporter_code_post, RIGHT_USER, 0},
};
const struct route_group supporter_route_group = {
    supporter_routes, sizeof supporter_routes / sizeof supporter_routes[0], false};
