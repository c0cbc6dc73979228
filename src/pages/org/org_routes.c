/*
 * org_routes.c — the routes of the organisation area: method, pattern,
 * handler, right. /org, /org/new and /invite/{token} are RIGHT_USER: they
 * answer users without an organisation (the "none" page, the creation
 * form, an invitation to accept). Every route that changes an
 * organisation requires RIGHT_OWNER, so dispatch has loaded r->org; an
 * {id:int} record is then looked up within r->org (org_url_record.h).
 */
#include "pages/org/org_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route org_routes[] = {
    {HTTP_GET, "/org", page_org, RIGHT_USER, 0},
    {HTTP_GET, "/org/new", page_org_new, RIGHT_USER, 0},
    {HTTP_POST, "/org/new", page_org_new_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/edit", page_org_edit, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/edit", page_org_edit_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/invite", page_org_invite, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/invite", page_org_invite_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/invitations/{id:int}/cancel", page_org_invitation_cancel, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/invitations/{id:int}/cancel", page_org_invitation_cancel_post, RIGHT_OWNER,
     0},
    {HTTP_GET, "/invite/{token}", page_invite, RIGHT_USER, 0},
    {HTTP_POST, "/invite/{token}", page_invite_post, RIGHT_USER, 0},
    {HTTP_POST, "/org/members/{id:int}/role", page_org_member_role_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/members/{id:int}/remove", page_org_member_remove, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/members/{id:int}/remove", page_org_member_remove_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/leave", page_org_leave, RIGHT_MEMBER, 0},
    {HTTP_POST, "/org/leave", page_org_leave_post, RIGHT_MEMBER, 0},
    {HTTP_GET, "/org/supporters/grant", page_org_grant, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/supporters/grant", page_org_grant_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/supporters/{id:int}/revoke", page_org_grant_revoke, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/supporters/{id:int}/revoke", page_org_grant_revoke_post, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/export.json", page_org_export, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/members.csv", page_org_members_csv, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/audit", page_org_audit, RIGHT_OWNER, 0},
    {HTTP_GET, "/org/delete", page_org_delete, RIGHT_OWNER, 0},
    {HTTP_POST, "/org/delete", page_org_delete_post, RIGHT_OWNER, 0},
};
const struct route_group org_route_group = {org_routes, sizeof org_routes / sizeof org_routes[0],
                                            false};
