/*
 * verify_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/verify/verify_routes.h"
#include "pages/verify/api.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route verify_routes[] = {
    {HTTP_GET, "/verify", page_verify, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/verify/batch", page_verify_batch, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/verify/batch", page_verify_batch_post, RIGHT_PUBLIC, REQ_MAX_UPLOAD},
    {HTTP_GET, "/verify/{id}", page_verify_declaration, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/verify/{id}/{file}", page_mark, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/badge/{file}", page_badge, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/declarants", page_declarants, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/openapi.json", page_api_openapi, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/declarations", page_api_declarations, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/declarations/verify", page_api_verify_batch, RIGHT_PUBLIC,
     API_BATCH_MAX_BODY},
    {HTTP_GET, "/api/v1/declarations/{id}", page_api_declaration, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/declarants", page_api_declarants, RIGHT_PUBLIC, 0},
};
const struct route_group verify_route_group = {
    verify_routes, sizeof verify_routes / sizeof verify_routes[0], false};
