/*
 * badge.c — the pictures of a declaration:
 *   /badge/{id}.svg                     live badge with the current status,
 *                                       the declarant's name and the ID;
 *                                       may be framed, cached 5 minutes
 *                                       (its ETag is a hash of the picture,
 *                                       so a new name is a new tag)
 *   /verify/{id}/mark.svg?theme=T       the mark, T = light (default) | dark
 *   /verify/{id}/mark-{size}.png?theme=T the mark as PNG, size 320 | 640 | 1280
 * A withdrawn or revoked declaration gets a badge that says so (never a
 * valid-looking one) and no mark at all (404). These URLs are permanent:
 * they are printed on business cards and embedded in other sites.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/i18n.h"
#include "view/mark.h"
#include "web/mail.h"
#include "web/page.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "web/conditional.h"
#include "pages/verify/verify_view.h"
#include "web/router.h"

#define BADGE_CACHE "public, max-age=300"
#define MARK_CACHE "public, max-age=300"
#define PICTURE_MAX (4u * 1024 * 1024)

static const int mark_sizes[] = {320, 640, 1280};

/* name minus suffix, when name ends with it and has something before. */
static bool strip_suffix(struct str name, const char *suffix, struct str *out)
{
	size_t n = strlen(suffix);
	if (name.n <= n || !str_ends_with(name, suffix))
		return false;
	*out = (struct str){name.p, name.n - n};
	return true;
}

static enum mm_err page_badge(struct req *r, struct res *res)
{
	struct str raw, id;
	enum verify_outcome outcome;
	struct verification v;
	if (!strip_suffix(req_param(r, "file"), ".svg", &raw)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	enum mm_err e = verify_lookup(r, raw, false, &id, &outcome, &v);
	if (e)
		return e;
	struct str status;
	enum badge_tone tone = BADGE_UNKNOWN;
	if (outcome != VERIFY_FOUND) {
		status = page_t(r, "verify.badge.unknown");
	} else if (v.status == VERIFICATION_ACTIVE) {
		status = verify_view_numbered(r, "verify.badge.active", v.level);
		tone = BADGE_GOOD;
	} else if (v.status == VERIFICATION_WITHDRAWN) {
		status = page_t(r, "verify.badge.withdrawn");
		tone = BADGE_ENDED;
	} else {
		status = page_t(r, "verify.badge.revoked");
		tone = BADGE_REVOKED;
	}
	/* Whose it is: a badge that any site can hotlink must name its
	 * declarant, or it would lend another firm's status to whoever shows it. */
	struct str name = STR(""), id_text = STR("");
	if (outcome == VERIFY_FOUND) {
		struct str id_label = page_t(r, "verify.badge.id");
		char *text = arena_printf(r->arena, "%.*s %.*s", (int)id_label.n, id_label.p,
		                          (int)v.public_id.n, v.public_id.p);
		if (!text)
			return MM_ERR_NOMEM;
		name = v.name;
		id_text = str_from(text);
	}
	struct buf b;
	buf_init(&b, r->arena, PICTURE_MAX);
	if ((e = mark_badge_svg(&b, page_t(r, "verify.badge.label"), status, tone, name, id_text)))
		return e;
	res->status = outcome == VERIFY_FOUND ? 200 : 404;
	res->content_type = STR("image/svg+xml");
	res->body = buf_str(&b);
	res->compressible = true;
	res->frame_allowed = true;
	if ((e = res_header(r, res, "Vary", STR("Accept-Language"))) ||
	    (e = res_header(r, res, "Access-Control-Allow-Origin", STR("*"))))
		return e;
	return conditional_get(r, res, BADGE_CACHE);
}

/* "mark.svg" → 0, "mark-640.png" → 640; -1 for anything else. */
static int mark_size(struct str file)
{
	struct str digits;
	if (str_eq_lit(file, "mark.svg"))
		return 0;
	if (!str_starts_with(file, "mark-") || !strip_suffix(file, ".png", &digits))
		return -1;
	digits = (struct str){digits.p + 5, digits.n - 5};
	for (size_t i = 0; i < sizeof mark_sizes / sizeof mark_sizes[0]; i++) {
		char text[8];
		snprintf(text, sizeof text, "%d", mark_sizes[i]);
		if (str_eq_lit(digits, text))
			return mark_sizes[i];
	}
	return -1;
}

static bool theme_of(struct req *r, enum mark_theme *theme)
{
	struct str t;
	enum mm_err e = kvlist_get_one(&r->query_fields, "theme", &t);
	*theme = MARK_LIGHT;
	if (e == MM_ERR_NOT_FOUND)
		return true;
	if (e || !(str_eq_lit(t, "light") || str_eq_lit(t, "dark")))
		return false;
	*theme = str_eq_lit(t, "dark") ? MARK_DARK : MARK_LIGHT;
	return true;
}

static enum mm_err page_mark(struct req *r, struct res *res)
{
	struct str id;
	enum verify_outcome outcome;
	struct verification v;
	enum mark_theme theme;
	int size = mark_size(req_param(r, "file"));
	if (size < 0) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (!theme_of(r, &theme)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	enum mm_err e = verify_lookup(r, req_param(r, "id"), false, &id, &outcome, &v);
	if (e)
		return e;
	/* Only a declaration in force has a mark to show. */
	if (outcome != VERIFY_FOUND || v.status != VERIFICATION_ACTIVE) {
		page_error(r, res, 404);
		return MM_OK;
	}
	char *path = arena_printf(r->arena, "/verify/%.*s", (int)v.public_id.n, v.public_id.p);
	char *url = path ? mail_link(r->arena, path) : NULL;
	if (!url)
		return MM_ERR_NOMEM;
	/* The mark is bilingual by design: its words come from the Japanese
	 * catalogue whatever the visitor's language, so one URL is one picture. */
	struct mark m = {
	    .url = str_from(url),
	    .id = v.public_id,
	    .level = v.level,
	    .title = i18n_get(LANG_JA, STR("verify.mark.title")),
	    .title_en = i18n_get(LANG_JA, STR("verify.mark.title_en")),
	    .level_words = i18n_get(
	        LANG_JA, str_from(v.level == 2 ? "verify.mark.level.2" : "verify.mark.level.1")),
	    .level_words_en = i18n_get(LANG_JA, str_from(v.level == 2 ? "verify.mark.level_en.2"
	                                                              : "verify.mark.level_en.1")),
	    .id_label = i18n_get(LANG_JA, STR("verify.mark.id")),
	    .theme = theme,
	};
	struct buf b;
	buf_init(&b, r->arena, PICTURE_MAX);
	if ((e = size ? mark_png(&b, &m, size) : mark_svg(&b, &m)))
		return e;
	res->status = 200;
	res->content_type = size ? STR("image/png") : STR("image/svg+xml");
	res->body = buf_str(&b);
	res->compressible = size == 0;
	char *disposition = arena_printf(
	    r->arena, "inline; filename=\"mamori-%.*s-%s%s\"", (int)v.public_id.n, v.public_id.p,
	    theme == MARK_DARK ? "dark" : "light", size ? ".png" : ".svg");
	if (!disposition || (e = res_header(r, res, "Content-Disposition", str_from(disposition))))
		return e ? e : MM_ERR_NOMEM;
	return conditional_get(r, res, MARK_CACHE);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table badge_routes =
    ROUTE_TABLE(ROUTE_GET("/verify/{id}/{file}", page_mark, RIGHT_PUBLIC),
                ROUTE_GET("/badge/{file}", page_badge, RIGHT_PUBLIC));
