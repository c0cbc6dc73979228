/*
 * assessment_routes.c — the self-assessment's routes: method, pattern,
 * handler, right. Taking it is public (an anonymous visitor's answers are
 * kept by cookie); the history of an organisation named in the URL is
 * RIGHT_ORG_READ. /assessment/results/{id} stays RIGHT_PUBLIC with a
 * plain {id} ("12", "12.csv", "12.json"): who may see a result depends on
 * the stored result itself, so its page checks that (assessment_result.c).
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
