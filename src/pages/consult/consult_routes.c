/*
 * consult_routes.c — the consultations area's routes: each page file
 * keeps the routes of its own handlers beside them; this lists those
 * tables in dispatch order (literal segments before {parameters}).
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table consult_list_routes;
extern const struct route_table consult_new_routes;
extern const struct route_table consult_data_routes;
extern const struct route_table consult_thread_routes;
extern const struct route_table consult_actions_routes;
extern const struct route_table responder_routes;
extern const struct route_table desk_routes;

static const struct route_table *const consult_tables[] = {
    &consult_list_routes,    &consult_new_routes, &consult_data_routes, &consult_thread_routes,
    &consult_actions_routes, &responder_routes,   &desk_routes};
const struct route_group consult_route_group = {
    .tables = consult_tables, .n = sizeof consult_tables / sizeof consult_tables[0]};
