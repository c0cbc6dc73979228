/*
 * org_common.h — what the organisation and supporter pages share (org.c,
 * org_form.c, org_members.c, org_supporters.c, org_data.c, supporter.c):
 * finding the signed-in user's organisation and their role in it, labels
 * from the catalogue for prefectures, industries, roles and supporter
 * kinds, select options, dates, paging, notices and random codes.
 *
 * Record-level rights are decided here in one place: a page for members
 * answers 404 to a user without an organisation; a page for owners also
 * answers 403 to a member.
 */
#ifndef MM_WEB_ORG_COMMON_H
#define MM_WEB_ORG_COMMON_H

#include "core/size_class.h"
#include "store/org.h"
#include "view/value.h"
#include "web/req.h"

#define ORG_PUBLIC_ID_CHARS 12
#define ORG_PUBLIC_ID_ALPHABET                                                                     \
	"abcdefghijklmnopqrstuvwxyz234567" /* RFC 4648 base32, lower case                          \
	                                    */
#define ORG_INVITE_TTL (7 * 24 * 60 * 60)
#define ORG_PENDING_INVITATIONS_MAX 50 /* an owner cannot mail more strangers than this at once */
#define ORG_AUDIT_PAGE_SIZE 50
#define SUPPORTER_CLIENTS_PAGE_SIZE 20

struct org_here {
	struct org_membership membership;
	struct org_profile org;
};

enum org_need { ORG_NEED_MEMBER, ORG_NEED_OWNER };

/* The signed-in user's organisation; MM_ERR_NOT_FOUND when none. */
enum mm_err org_here_load(struct req *r, struct store *s, struct org_here *out);
/* Loads it for a page that needs it; answers 404 (no organisation) or 403
 * (an owner's page, a member asking) itself and sets *answered. */
enum mm_err org_here_require(struct req *r, struct res *res, struct store *s, enum org_need need,
                             struct org_here *out, bool *answered);
bool org_is_owner(const struct org_here *h);

/* The SME size class of a stored organisation; false when its industry
 * (and trade) do not name a group. */
bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out);

/* Route parameter i as a record id (a positive number); false otherwise. */
bool org_param_id(struct req *r, size_t i, int64_t *out);

/* Renders a page titled by title_key under Home › parent_key (a link to
 * parent_url) when parent_key is not NULL. */
enum mm_err org_render(struct req *r, struct res *res, int status, const char *template_name,
                       struct val *ctx, const char *title_key, const char *parent_key,
                       const char *parent_url);
/* A short page that says why an action was refused, with a way back. */
enum mm_err org_refuse(struct req *r, struct res *res, int status, const char *message_key,
                       const char *back_url);

/* The confirmation page of a destructive action: what will happen (text),
 * one button that POSTs to action_url, and a way back. */
enum mm_err org_confirm(struct req *r, struct res *res, const char *title_key, struct str text,
                        const char *action_url, const char *button_key, const char *back_url);

/* Labels from the catalogue. */
struct str org_prefecture_label(struct req *r, int prefecture);
struct str org_industry_label(struct req *r, struct str industry);
struct str org_role_label(struct req *r, enum org_role role);
struct str org_access_label(struct req *r, enum org_access access);
struct str org_kind_label(struct req *r, struct str kind);
/* Catalogue text with each {name} replaced by its value (names[i] ↔ values[i]). */
struct str org_fill(struct req *r, const char *key, const char *const names[],
                    const struct str values[], size_t n);

/* 1234567 → "1,234,567". */
char *org_format_count(struct arena *a, int64_t v);

/* Select options {value, label, selected} as ctx.NAME. */
enum mm_err org_options_prefecture(struct req *r, struct val *ctx, const char *name,
                                   struct str selected);
enum mm_err org_options_industry(struct req *r, struct val *ctx, const char *name,
                                 struct str selected);
/* Options from fixed values labelled by catalogue keys PREFIX.VALUE. */
enum mm_err org_options_fixed(struct req *r, struct val *ctx, const char *name,
                              const char *const values[], size_t n, const char *prefix,
                              struct str selected);

/* ctx.notice from ?notice=NAME when NAME is one of allowed (catalogue key
 * PREFIX.NAME); "" otherwise, so nobody can put words on our pages. */
enum mm_err org_set_notice(struct req *r, struct val *ctx, const char *prefix,
                           const char *const allowed[], size_t n);

/* Paging by ?page=N (1-based). */
struct org_paging {
	int64_t page, pages, total, size;
};
/* The requested page (1 when absent or not a number). */
int64_t org_page_requested(struct req *r);
struct org_page org_page_window(int64_t page, int64_t size);
/* ctx.pagination {show, page, pages, has_prev, prev_url, has_next,
 * next_url}; url_prefix ends where "page=N" goes ("/x?sort=name&"). */
enum mm_err org_set_pagination(struct req *r, struct val *ctx, const struct org_paging *p,
                               const char *url_prefix);

/* n random characters from a 32-character alphabet into out (n + 1 bytes). */
void org_random_text(char *out, size_t n, const char *alphabet);

/* One audit line about the signed-in user's action on an organisation. */
enum mm_err org_audit(struct req *r, const char *action, int64_t org_id, struct str target,
                      const char *detail);

#endif
