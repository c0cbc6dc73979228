/*
 * oidc_routes.c — the sign-in with OpenID Connect's route tables in
 * dispatch order: the start and callback (oidc_login.c), then the linking
 * of an identity to an existing account (oidc_link.c).
 */
#include "web/router.h"

extern const struct route_table oidc_login_routes;
extern const struct route_table oidc_link_routes;

const struct route_group oidc_route_group = {ROUTE_TABLES(&oidc_login_routes, &oidc_link_routes)};
