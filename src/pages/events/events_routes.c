/*
 * events_routes.c — the routes of communities and events: each page file
 * keeps the routes of its own handlers beside them (ROUTE_TABLE at its
 * end); this lists those tables in dispatch order, "/communities/new"
 * before "/communities/{id}", and the page "/communities/new" shows to
 * whom its right refuses (communities_edit.c).
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table communities_edit_routes;
extern const struct route_table communities_routes;
extern const struct route_table events_routes;
extern const struct route_table events_edit_routes;
extern const struct route_table events_register_routes;
extern const struct route_table events_organise_routes;
extern const struct route_refusal community_new_refusal;

const struct route_group events_route_group = {
    ROUTE_TABLES(&communities_edit_routes, &communities_routes, &events_routes, &events_edit_routes,
                 &events_register_routes, &events_organise_routes),
    ROUTE_REFUSALS(&community_new_refusal)};
