/*
 * policy_routes.c — the basic security policy's routes: method, pattern,
 * handler, right. The builder under /policy/edit/{org} is for the
 * organisation's people: viewing (overview, preview) is RIGHT_ORG_READ,
 * writing a step RIGHT_ORG_EDIT (403 for a supporter with read consent),
 * publishing, an external address and unpublishing RIGHT_ORG_OWNER; the
 * pages read r->org and check nothing again. {step} and {number} ("3",
 * "3.pdf") stay plain: their pages answer 404 for a name they do not know.
 * The published policy under /policy/{org} is for anyone.
 */
#include "pages/policy/policy_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route policy_routes[] = {
    {HTTP_GET, "/policy/edit", page_policy_mine, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org:public_id}", page_policy_edit, RIGHT_ORG_READ, 0},
    {HTTP_GET, "/policy/edit/{org:public_id}/step/{step}", page_policy_step, RIGHT_ORG_EDIT, 0},
    {HTTP_POST, "/policy/edit/{org:public_id}/step/{step}", page_policy_step_post, RIGHT_ORG_EDIT,
     0},
    {HTTP_GET, "/policy/edit/{org:public_id}/preview", page_policy_preview, RIGHT_ORG_READ, 0},
    {HTTP_POST, "/policy/edit/{org:public_id}/publish", page_policy_publish_post, RIGHT_ORG_OWNER,
     0},
    {HTTP_GET, "/policy/edit/{org:public_id}/external", page_policy_external, RIGHT_ORG_OWNER, 0},
    {HTTP_POST, "/policy/edit/{org:public_id}/external", page_policy_external_post, RIGHT_ORG_OWNER,
     0},
    {HTTP_GET, "/policy/edit/{org:public_id}/unpublish", page_policy_unpublish, RIGHT_ORG_OWNER, 0},
    {HTTP_POST, "/policy/edit/{org:public_id}/unpublish", page_policy_unpublish_post,
     RIGHT_ORG_OWNER, 0},
    {HTTP_GET, "/policy/{org:public_id}", page_policy_public, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/policy/{org:public_id}/v/{number}", page_policy_version, RIGHT_PUBLIC, 0},
};
const struct route_group policy_route_group = {
    policy_routes, sizeof policy_routes / sizeof policy_routes[0], false};
