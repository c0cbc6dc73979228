/*
 * account_routes.c — the routes of this area: method, pattern, handler, right.
 */
#include "pages/account/account_routes.h"
#include "pages/routes.h"
#include "web/router.h"

static const struct route account_routes[] = {
    {HTTP_GET, "/signup", page_signup, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/signup", page_signup_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/signup/sent", page_signup_sent, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/confirm/{token}", page_confirm, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/confirm/{token}", page_confirm_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/login", page_login, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/login", page_login_post, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/logout", page_logout_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/forgot", page_forgot, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/password/forgot", page_forgot_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/forgot/sent", page_forgot_sent, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/reset/{token}", page_reset, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/password/reset/{token}", page_reset_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/account", page_account, RIGHT_USER, 0},
    {HTTP_POST, "/account/sessions", page_account_sessions_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/profile", page_account_profile, RIGHT_USER, 0},
    {HTTP_POST, "/account/profile", page_account_profile_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/password", page_account_password, RIGHT_USER, 0},
    {HTTP_POST, "/account/password", page_account_password_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/email", page_account_email, RIGHT_USER, 0},
    {HTTP_POST, "/account/email", page_account_email_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/email/sent", page_account_email_sent, RIGHT_USER, 0},
    {HTTP_GET, "/account/email/confirm/{token}", page_account_email_confirm, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/account/email/confirm/{token}", page_account_email_confirm_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/account/export.json", page_account_export, RIGHT_USER, 0},
    {HTTP_GET, "/account/delete", page_account_delete, RIGHT_USER, 0},
    {HTTP_POST, "/account/delete", page_account_delete_post, RIGHT_USER, 0},
};
const struct route_group account_route_group = {
    account_routes, sizeof account_routes / sizeof account_routes[0], false};
