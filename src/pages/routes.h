/*
 * routes.h — every area's route table, in the order dispatch tries them.
 * main.c hands page_route_groups to web_init(); the framework knows no
 * area. A new area adds its group here and in routes.c.
 */
#ifndef MM_PAGES_ROUTES_H
#define MM_PAGES_ROUTES_H

#include "web/router.h"

extern const struct route_group home_route_group;
extern const struct route_group account_route_group;
extern const struct route_group mypage_route_group;
extern const struct route_group org_route_group;
extern const struct route_group supporter_route_group;
extern const struct route_group assessment_route_group;
extern const struct route_group policy_route_group;
extern const struct route_group verify_route_group;
extern const struct route_group declaration_route_group;
extern const struct route_group admin_route_group;
extern const struct route_group help_route_group;
extern const struct route_group experts_route_group;
extern const struct route_group services_route_group;
extern const struct route_group catalogue_route_group;
extern const struct route_group consult_route_group;
extern const struct route_group statistics_route_group;
extern const struct route_group nudge_route_group;
extern const struct route_group management_route_group;
extern const struct route_group identity_route_group;
extern const struct route_group oidc_route_group;
extern const struct route_group events_route_group;
extern const struct route_group news_route_group;

extern const struct route_group *const page_route_groups[];
extern const size_t page_route_group_count;

struct req;
struct res;
/* What a member's or owner's page answers a signed-in user who belongs
 * to no organisation: a 404 that says so, with a button to register one
 * (the web_config hook no_organisation; pages/org/org.c). */
void org_page_no_organisation(struct req *r, struct res *res);

#endif
