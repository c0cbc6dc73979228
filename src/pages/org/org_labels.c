/*
 * org_labels.c — see org_labels.h.
 */
#include "pages/org/org_labels.h"

#include "view/i18n.h"
#include "view/labels.h"
#include "web/page.h"
#include "store/org_support.h"

struct str org_role_label_in(enum lang l, enum org_role role)
{
	return i18n_get(l, str_from(role == ORG_ROLE_OWNER ? "org.role.owner" : "org.role.member"));
}

struct str org_role_label(struct req *r, enum org_role role)
{
	return org_role_label_in(r->lang, role);
}

struct str org_access_label(struct req *r, enum org_access access)
{
	return page_t(r, access == ORG_ACCESS_EDIT ? "org.access.edit" : "org.access.read");
}

struct str org_kind_label(struct req *r, struct str kind)
{
	return kind.n ? labels_keyed(r->lang, "supporter.kind", kind) : STR("");
}
