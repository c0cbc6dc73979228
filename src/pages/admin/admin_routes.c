/*
 * admin_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/admin/admin_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route admin_routes[] = {
    {HTTP_GET, "/admin/declarations", page_admin_declarations, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/declarations/{id}", page_admin_declaration, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/declarations/{id}/approve", page_admin_declaration_approve_post,
     RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/declarations/{id}/revoke", page_admin_declaration_revoke_post, RIGHT_ADMIN,
     0},
    {HTTP_GET, "/admin", page_admin, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users", page_admin_users, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users/{id:int}", page_admin_user, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id:int}/disable", page_admin_user_disable_post, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id:int}/enable", page_admin_user_enable_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users/{id:int}/resend", page_admin_user_resend, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id:int}/resend", page_admin_user_resend_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/organisations", page_admin_organisations, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/organisations/{id:int}", page_admin_organisation, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/audit", page_admin_audit, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/welcome/{token}", page_admin_welcome, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/admin/welcome/{token}", page_admin_welcome_post, RIGHT_PUBLIC, 0},
};
const struct route_group admin_route_group = {admin_routes,
                                              sizeof admin_routes / sizeof admin_routes[0], false};
