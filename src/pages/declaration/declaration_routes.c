/*
 * declaration_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/declaration/declaration_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route declaration_routes[] = {
    {HTTP_GET, "/declaration", page_declaration, RIGHT_MEMBER, 0},
    {HTTP_GET, "/declaration/new", page_declaration_new, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/new", page_declaration_new_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/new/level", page_declaration_level, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/new/level", page_declaration_level_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/new/prerequisites", page_declaration_prerequisites, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/new/pledge", page_declaration_pledge, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/new/pledge", page_declaration_pledge_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/new/check", page_declaration_check, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/declared", page_declaration_declared, RIGHT_MEMBER, 0},
    {HTTP_GET, "/declaration/upgrade", page_declaration_upgrade, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/upgrade", page_declaration_upgrade_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/details", page_declaration_details, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/details", page_declaration_details_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/declaration/withdraw", page_declaration_withdraw, RIGHT_OWNER, 0},
    {HTTP_POST, "/declaration/withdraw", page_declaration_withdraw_post, RIGHT_OWNER, 0},
};
const struct route_group declaration_route_group = {
    declaration_routes, sizeof declaration_routes / sizeof declaration_routes[0], false};
