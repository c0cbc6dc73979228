/*
 * news_routes.c — the news area's routes: the public list and articles
 * (news.c), the Atom feeds (news_feed.c), the editors' pages
 * (news_edit.c) and the digest's setting in the account (news_digest.c).
 */
#include "pages/routes.h"
#include "web/router.h"

extern const struct route_table news_feed_routes;
extern const struct route_table news_routes;
extern const struct route_table news_edit_routes;
extern const struct route_table news_digest_routes;

const struct route_group news_route_group = {
    ROUTE_TABLES(&news_feed_routes, &news_routes, &news_edit_routes, &news_digest_routes)};
