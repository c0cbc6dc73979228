/*
 * verify_view.c — see verify_view.h. Builds the result part of
 * templates/verify_page.html: only public facts of the declaration.
 */
#include "pages/verify/verify_view.h"

#include <pthread.h>
#include <stdio.h>

#include "view/mark.h"
#include "view/i18n.h"
#include "web/mail.h"
#include "web/page.h"
#include "pages/verify/verify_lookup.h"

/* PNG sizes offered for download (badge.c serves any of these). */
static const int mark_png_sizes[] = {320, 640, 1280};

struct str verify_view_numbered(struct req *r, const char *prefix, int n)
{
	char key[64];
	int len = snprintf(key, sizeof key, "%s.%d", prefix, n);
	if (len < 0 || (size_t)len >= sizeof key)
		return STR("");
	return page_t(r, key);
}

static char *fill1(struct req *r, const char *key, const char *name, struct str value)
{
	const char *names[] = {name};
	struct str values[] = {value};
	return i18n_fill(r->arena, r->lang, key, names, values, 1);
}

static char *fill2(struct req *r, const char *key, const char *n1, struct str v1, const char *n2,
                   struct str v2)
{
	const char *names[] = {n1, n2};
	struct str values[] = {v1, v2};
	return i18n_fill(r->arena, r->lang, key, names, values, 2);
}

static int level_of(struct str digit)
{
	return digit.n == 1 && (digit.p[0] == '1' || digit.p[0] == '2') ? digit.p[0] - '0' : 0;
}

/* One line of the public history. */
static char *event_text(struct req *r, const struct verification_event *e)
{
	char *text = NULL;
	if (str_eq_lit(e->kind, "declared"))
		text = fill1(r, "verify.history.declared", "level",
		             verify_view_numbered(r, "verify.level", level_of(e->to)));
	else if (str_eq_lit(e->kind, "level"))
		text = fill2(r, "verify.history.level", "from",
		             verify_view_numbered(r, "verify.level", level_of(e->from)), "to",
		             verify_view_numbered(r, "verify.level", level_of(e->to)));
	else if (str_eq_lit(e->kind, "details"))
		text = fill1(r, "verify.history.details", "name", e->old_name);
	else if (str_eq_lit(e->kind, "withdrawn"))
		text = str_dup(r->arena, page_t(r, "verify.history.withdrawn"));
	else
		text = str_dup(r->arena, page_t(r, "verify.history.revoked"));
	if (text && str_eq_lit(e->kind, "details") && e->old_corporate_number.n) {
		char *number =
		    fill1(r, "verify.history.details_number", "number", e->old_corporate_number);
		text = number ? arena_printf(r->arena, "%s%s", text, number) : NULL;
	}
	if (!text || e->reason.n == 0)
		return text;
	/* Reasons are category codes; unknown ones are shown as they are. */
	char *key =
	    arena_printf(r->arena, "declaration.reason.%.*s", (int)e->reason.n, e->reason.p);
	struct str reason = key && i18n_has(r->lang, str_from(key)) ? page_t(r, key) : e->reason;
	char *suffix = fill1(r, "verify.history.reason", "reason", reason);
	return suffix ? arena_printf(r->arena, "%s%s", text, suffix) : NULL;
}

static enum mm_err set_history(struct req *r, struct val *result, const struct verification *v)
{
	struct val *list = val_set_list(r->arena, result, "history");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < v->history_n; i++) {
		struct val *item = val_list_push_obj(r->arena, list);
		char *text = event_text(r, &v->history[i]);
		if (!item || !text ||
		    !val_set_cstr(r->arena, item, "on", page_format_date(r, v->history[i].at)) ||
		    !val_set_cstr(r->arena, item, "what", text))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(r->arena, result, "has_history", v->history_n > 0) ? MM_OK
	                                                                       : MM_ERR_NOMEM;
}

/* Earlier revoked declarations of the same organisation or corporate
 * number: a firm that declares again after a revocation does not get a
 * clean page. */
static enum mm_err set_revoked(struct req *r, struct val *result, const struct verification *v)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, result, "revoked");
	if (!list || !val_set_bool(a, result, "has_revoked", v->revoked_n > 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < v->revoked_n; i++) {
		const struct verification_revoked *rv = &v->revoked[i];
		struct val *item = val_list_push_obj(a, list);
		if (!item || !val_set_str(a, item, "id", rv->public_id) ||
		    !val_set_cstr(
		        a, item, "url",
		        arena_printf(a, "/verify/%.*s", (int)rv->public_id.n, rv->public_id.p)) ||
		    !val_set_cstr(a, item, "declared_on", page_format_date(r, rv->declared_at)) ||
		    !val_set_cstr(a, item, "revoked_on", page_format_date(r, rv->revoked_at)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* The badge snippet: program-built HTML, shown as text to copy. */
static char *badge_snippet(struct req *r, struct str id, struct str name)
{
	struct arena *a = r->arena;
	char *page = arena_printf(a, "/verify/%.*s", (int)id.n, id.p);
	char *badge = arena_printf(a, "/badge/%.*s.svg", (int)id.n, id.p);
	char *page_url = page ? mail_link(a, page) : NULL,
	     *badge_url = badge ? mail_link(a, badge) : NULL;
	char *alt = fill2(r, "verify.badge.alt", "id", id, "name", name);
	struct buf b;
	buf_init(&b, a, 2048);
	if (!page_url || !badge_url || !alt || buf_append_cstr(&b, "<a href=\"") ||
	    buf_append_html(&b, str_from(page_url)) || buf_append_cstr(&b, "\"><img src=\"") ||
	    buf_append_html(&b, str_from(badge_url)) || buf_append_cstr(&b, "\" alt=\"") ||
	    buf_append_html(&b, str_from(alt)) ||
	    buf_printf(&b, "\" height=\"%d\"></a>", BADGE_HEIGHT_NAMED))
		return NULL;
	return buf_cstr(&b);
}

#define MARK_PNG_SIZES (sizeof mark_png_sizes / sizeof mark_png_sizes[0])
static const char *const mark_themes[] = {"light", "dark"};

/* The download labels depend on the language alone: made once per
 * process (in an arena that lives as long), not on every page. */
static struct {
	pthread_once_t once;
	struct arena arena;
	struct str svg[LANG_COUNT][2], png[LANG_COUNT][2][MARK_PNG_SIZES];
	const char *size_part[MARK_PNG_SIZES]; /* "-640" */
} labels = {.once = PTHREAD_ONCE_INIT};

static void labels_init(void)
{
	arena_init(&labels.arena, 64 * 1024);
	for (size_t i = 0; i < MARK_PNG_SIZES; i++) {
		const char *part = arena_printf(&labels.arena, "-%d", mark_png_sizes[i]);
		labels.size_part[i] = part ? part : "";
	}
	for (int l = 0; l < LANG_COUNT; l++)
		for (size_t t = 0; t < 2; t++) {
			labels.svg[l][t] =
			    i18n_get((enum lang)l, str_from(t ? "verify.mark.svg_dark"
			                                      : "verify.mark.svg_light"));
			for (size_t i = 0; i < MARK_PNG_SIZES; i++) {
				char size[16];
				snprintf(size, sizeof size, "%d", mark_png_sizes[i]);
				const char *names[] = {"size"};
				struct str values[] = {str_from(size)};
				char *text =
				    i18n_fill(&labels.arena, (enum lang)l,
				              t ? "verify.mark.png_dark" : "verify.mark.png_light",
				              names, values, 1);
				labels.png[l][t][i] = text ? str_from(text) : STR("PNG");
			}
		}
}

/* "/verify/{id}/mark{size}.{ext}?theme={theme}" (size "" or "-640"). */
static char *mark_url(struct arena *a, struct str id, const char *size, const char *ext,
                      const char *theme)
{
	struct buf b;
	buf_init(&b, a, 128);
	if (buf_append_cstr(&b, "/verify/") || buf_append_str(&b, id) ||
	    buf_append_cstr(&b, "/mark") || buf_append_cstr(&b, size) || buf_append_cstr(&b, ext) ||
	    buf_append_cstr(&b, "?theme=") || buf_append_cstr(&b, theme))
		return NULL;
	return buf_cstr(&b);
}

static enum mm_err set_marks(struct req *r, struct val *result, struct str id)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, result, "marks");
	enum lang l = r->lang < LANG_COUNT ? r->lang : LANG_JA;
	if (!list)
		return MM_ERR_NOMEM;
	pthread_once(&labels.once, labels_init);
	for (size_t t = 0; t < 2; t++) {
		struct val *item = val_list_push_obj(a, list);
		char *url = mark_url(a, id, "", ".svg", mark_themes[t]);
		if (!item || !url || !val_set_cstr(a, item, "url", url) ||
		    !val_set_str(a, item, "label", labels.svg[l][t]))
			return MM_ERR_NOMEM;
	}
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < MARK_PNG_SIZES; i++) {
			struct val *item = val_list_push_obj(a, list);
			char *url = mark_url(a, id, labels.size_part[i], ".png", mark_themes[t]);
			if (!item || !url || !val_set_cstr(a, item, "url", url) ||
			    !val_set_str(a, item, "label", labels.png[l][t][i]))
				return MM_ERR_NOMEM;
		}
	return MM_OK;
}

enum mm_err verify_view_answer(struct req *r, struct val *ctx, const char *state,
                               const char *heading, const char *text, const char *note)
{
	struct arena *a = r->arena;
	static const char *const flags[] = {"is_valid",    "is_withdrawn", "is_revoked",
	                                    "is_mismatch", "is_mistyped",  "is_unknown",
	                                    "is_empty"};
	struct val *answer = val_set_obj(a, ctx, "answer");
	for (size_t i = 0; answer && i < sizeof flags / sizeof flags[0]; i++)
		if (!val_set_bool(a, answer, flags[i], false))
			return MM_ERR_NOMEM;
	const char *heading_key = heading ? heading : arena_printf(a, "verify.answer.%s", state);
	char *flag = arena_printf(a, "is_%s", state);
	if (!answer || !heading_key || !flag || !val_set_bool(a, ctx, "has_answer", true) ||
	    !val_set_cstr(a, answer, "state", state) || !val_set_bool(a, answer, flag, true) ||
	    !val_set_str(a, answer, "heading", page_t(r, heading_key)) ||
	    !val_set_cstr(a, answer, "text", text ? text : "") ||
	    !val_set_bool(a, answer, "has_text", text && text[0]) ||
	    !val_set_cstr(a, answer, "note", note ? note : "") ||
	    !val_set_bool(a, answer, "has_note", note && note[0]))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* Who withdrew v: the organisation itself (its own request, or its
 * deletion) or the operator, from the reason of its last withdrawal. */
static const char *withdrawn_by(const struct verification *v)
{
	for (size_t i = v->history_n; i-- > 0;) {
		const struct verification_event *e = &v->history[i];
		if (!str_eq_lit(e->kind, "withdrawn"))
			continue;
		if (e->reason.n == 0 || str_eq_lit(e->reason, "owner_request") ||
		    str_eq_lit(e->reason, "organisation_deleted"))
			return "verify.by.organisation";
		return "verify.by.operator";
	}
	return "verify.by.organisation";
}

/* The sentence that says what v's status is. */
static char *status_text(struct req *r, const struct verification *v)
{
	struct str level = verify_view_numbered(r, "verify.level", v->level);
	struct str date = str_from(page_format_date(r, v->ended_at));
	switch (v->status) {
	case VERIFICATION_ACTIVE:
		return fill1(r, "verify.status.active_text", "level", level);
	case VERIFICATION_WITHDRAWN:
		return fill2(r, "verify.status.withdrawn_text", "date", date, "by",
		             page_t(r, withdrawn_by(v)));
	case VERIFICATION_REVOKED:
		break;
	}
	return fill1(r, "verify.status.revoked_text", "date", date);
}

static enum mm_err set_status(struct req *r, struct val *ctx, struct val *result,
                              const struct verification *v, const struct str *number)
{
	struct arena *a = r->arena;
	static const char *const headings[] = {
	    [VERIFICATION_ACTIVE] = "verify.status.active",
	    [VERIFICATION_WITHDRAWN] = "verify.status.withdrawn",
	    [VERIFICATION_REVOKED] = "verify.status.revoked",
	};
	bool matches = number && number->n && str_eq(*number, v->corporate_number);
	char *text = status_text(r, v);
	char *match =
	    number ? fill1(r, matches ? "verify.match.yes" : "verify.match.no", "number", *number)
	           : "";
	if (!text || !match ||
	    !val_set_cstr(a, result, "status_code", verify_status_code(v->status)) ||
	    !val_set_bool(a, result, "is_active", v->status == VERIFICATION_ACTIVE) ||
	    !val_set_str(a, result, "status_heading", page_t(r, headings[v->status])) ||
	    !val_set_str(a, result, "level", verify_view_numbered(r, "verify.level", v->level)))
		return MM_ERR_NOMEM;
	if (number && !matches) /* someone else's ID: that comes before its status */
		return verify_view_answer(r, ctx, "mismatch", NULL, match,
		                          v->status == VERIFICATION_ACTIVE ? NULL : text);
	return verify_view_answer(
	    r, ctx, v->status == VERIFICATION_ACTIVE ? "valid" : verify_status_code(v->status),
	    NULL, text, number ? match : NULL);
}

/* "郵送した確認コードで確認済み（2026年12月5日）" — how the firm's
 * identity was established (store/verification.h), with its date. */
static char *identity_text(struct req *r, const struct verification *v)
{
	if (str_eq_lit(v->identity, "letter"))
		return fill1(r, "verify.identity.letter", "date",
		             str_from(page_format_date(r, v->identity_at)));
	if (str_eq_lit(v->identity, "business_id"))
		return fill1(r, "verify.identity.business_id", "date",
		             str_from(page_format_date(r, v->identity_at)));
	return str_dup(r->arena, page_t(r, "verify.identity.unverified"));
}

enum mm_err verify_view_result(struct req *r, struct val *ctx, const struct verification *v,
                               const struct str *number)
{
	struct arena *a = r->arena;
	struct val *result = val_set_obj(a, ctx, "result");
	char *heading = fill1(r, "verify.result.heading", "id", v->public_id);
	char *snippet = badge_snippet(r, v->public_id, v->name);
	bool policy = v->level == 2 && v->policy_url.n > 0 && v->status == VERIFICATION_ACTIVE;
	enum mm_err e;
	if (!result || !heading || !snippet || !val_set_bool(a, ctx, "has_result", true) ||
	    !val_set_str(a, result, "id", v->public_id) ||
	    !val_set_cstr(a, result, "heading", heading) ||
	    !val_set_str(a, result, "name", v->name) ||
	    !val_set_str(a, result, "name_kana", v->name_kana) ||
	    !val_set_str(a, result, "prefecture", verify_view_numbered(r, "pref", v->prefecture)) ||
	    !val_set_bool(a, result, "has_corporate_number", v->corporate_number.n > 0) ||
	    !val_set_str(a, result, "corporate_number", v->corporate_number) ||
	    !val_set_cstr(a, result, "declared_on", page_format_date(r, v->declared_at)) ||
	    !val_set_cstr(a, result, "changed_on", page_format_date(r, v->changed_at)) ||
	    !val_set_bool(a, result, "has_policy", policy) ||
	    !val_set_str(a, result, "policy_url", v->policy_url) ||
	    !val_set_cstr(a, result, "badge_snippet", snippet) ||
	    !val_set_bool(a, result, "has_registered_name", v->registered_name.n > 0) ||
	    !val_set_str(a, result, "registered_name", v->registered_name) ||
	    !val_set_cstr(a, result, "identity", identity_text(r, v)))
		return MM_ERR_NOMEM;
	if ((e = set_status(r, ctx, result, v, number)) || (e = set_history(r, result, v)) ||
	    (e = set_revoked(r, result, v)))
		return e;
	if (v->status == VERIFICATION_ACTIVE)
		return set_marks(r, result, v->public_id);
	return val_set_list(a, result, "marks") ? MM_OK : MM_ERR_NOMEM;
}
