/*
 * routes.c — the areas' route tables in dispatch order. Patterns of
 * different areas never overlap, so the order only matters within an area
 * (a literal segment before a {parameter} in the same place).
 */
#include "pages/routes.h"

const struct route_group *const page_route_groups[] = {
    &home_route_group,       &account_route_group,    &mypage_route_group,
    &org_route_group,        &supporter_route_group,  &assessment_route_group,
    &policy_route_group,     &verify_route_group,     &declaration_route_group,
    &admin_route_group,      &help_route_group,       &experts_route_group,
    &consult_route_group,    &statistics_route_group, &nudge_route_group,
    &management_route_group, &catalogue_route_group,  &services_route_group,
    &identity_route_group,   &oidc_route_group,       &events_route_group,
    &news_route_group,
};
const size_t page_route_group_count = sizeof page_route_groups / sizeof page_route_groups[0];
