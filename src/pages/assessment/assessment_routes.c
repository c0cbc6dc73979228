/*
 * assessment_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/assessment/assessment_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route assessment_routes[] = {
    {HTTP_GET, "/assessment", page_assessment, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/part/{n:1..3}", page_assessment_part, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/assessment/part/{n:1..3}", page_assessment_part_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/check", page_assessment_check, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/assessment/submit", page_assessment_submit_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/results/{id}", page_assessment_result, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/history", page_assessment_history, RIGHT_USER, 0},
    {HTTP_GET, "/assessment/history/{org:public_id}", page_assessment_history_org, RIGHT_ORG_READ,
     0},
};
const struct route_group assessment_route_group = {
    assessment_routes, sizeof assessment_routes / sizeof assessment_routes[0], false};
