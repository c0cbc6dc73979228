/*
 * site_nav.h — the area links of the site header, for page_set_nav
 * (web/page.h): a signed-in user gets マイページ and the areas they can
 * use (organisation, self-assessment, and for a member the policy and the
 * declaration, for a registered supporter the supporter area); a visitor
 * gets the public areas (the five rules, the self-assessment, verifying
 * a declaration, the declarants).
 *
 * Reads what the user is (store_user_roles: member, supporter, expert of
 * the directory, desk staff) in one statement of four index lookups, and
 * never writes.
 */
#ifndef MM_PAGES_SHARED_SITE_NAV_H
#define MM_PAGES_SHARED_SITE_NAV_H

#include "view/value.h"
#include "web/req.h"

MM_MUST_USE enum mm_err site_nav_fill(struct req *r, struct val *nav);

#endif
