/*
 * org_common.h — the names that pages of other areas (assessment,
 * declaration, policy, admin) called before the organisation helpers were
 * split by purpose. It declares nothing of its own: it includes the new
 * homes and forwards each old name to its new one.
 *
 *   org_here_*, ORG_NEED_*, org_is_owner    pages/org/org_here.h
 *   org_refuse, org_confirm (by key prefix) pages/org/org_confirm.h
 *   org_random_text, ORG_PUBLIC_ID_*        pages/org/org_ids.h
 *   org_role/access/kind_label              pages/org/org_labels.h
 *   org_size_class                          pages/org/org_size.h
 *   org_render                              pages/shared/titled.h (titled_render)
 *   org_set_notice                          pages/shared/notice.h (notice_set)
 *   org_prefecture/industry_label, org_fill,
 *   org_format_count, org_options_*         view/labels.h (labels_*)
 *
 * New code includes the header it needs and calls the new name; delete
 * this file when nothing includes it any more.
 */
#ifndef MM_PAGES_ORG_COMMON_H
#define MM_PAGES_ORG_COMMON_H

#include "pages/org/org_confirm.h"
#include "pages/org/org_here.h"
#include "pages/org/org_ids.h"
#include "pages/org/org_labels.h"
#include "pages/org/org_size.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"

MM_MUST_USE static inline enum mm_err org_render(struct req *r, struct res *res, int status,
                                                 const char *template_name, struct val *ctx,
                                                 const char *title_key, const char *parent_key,
                                                 const char *parent_url)
{
	return titled_render(r, res, status, template_name, ctx, title_key, parent_key, parent_url);
}

MM_MUST_USE static inline enum mm_err org_set_notice(struct req *r, struct val *ctx,
                                                     const char *prefix,
                                                     const char *const allowed[], size_t n)
{
	return notice_set(r, ctx, prefix, allowed, n);
}

static inline struct str org_prefecture_label(struct req *r, int prefecture)
{
	return labels_prefecture(r->lang, prefecture);
}

static inline struct str org_industry_label(struct req *r, struct str industry)
{
	return labels_industry(r->lang, industry);
}

static inline struct str org_fill(struct req *r, const char *key, const char *const names[],
                                  const struct str values[], size_t n)
{
	return labels_fill(r->arena, r->lang, key, names, values, n);
}

static inline char *org_format_count(struct arena *a, int64_t v)
{
	return labels_format_count(a, v);
}

MM_MUST_USE static inline enum mm_err org_options_prefecture(struct req *r, struct val *ctx,
                                                             const char *name, struct str selected)
{
	return labels_options_prefecture(r->arena, r->lang, ctx, name, selected);
}

MM_MUST_USE static inline enum mm_err org_options_industry(struct req *r, struct val *ctx,
                                                           const char *name, struct str selected)
{
	return labels_options_industry(r->arena, r->lang, ctx, name, selected);
}

MM_MUST_USE static inline enum mm_err org_options_fixed(struct req *r, struct val *ctx,
                                                        const char *name,
                                                        const char *const values[], size_t n,
                                                        const char *prefix, struct str selected)
{
	return labels_options_fixed(r->arena, r->lang, ctx, name, values, n, prefix, selected);
}

/* One audit line about the signed-in user's action on an organisation. */
MM_MUST_USE static inline enum mm_err org_audit(struct req *r, const char *action, int64_t org_id,
                                                struct str target, const char *detail)
{
	return audit_log(r, action, 0, org_id, target, AUDIT_OK, detail);
}

#endif
