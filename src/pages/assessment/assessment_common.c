/*
 * assessment_common.c — see assessment_common.h.
 */
#include "pages/assessment/assessment_common.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/page.h"
#include "web/session.h"

/* The token from our cookie: exactly 43 base64url characters. */
static bool cookie_token(struct req *r, struct str *out)
{
	if (kvlist_get_one(&r->cookies, ASSESSMENT_COOKIE, out) != MM_OK ||
	    out->n != TOKEN_TEXT_BYTES - 1)
		return false;
	for (size_t i = 0; i < out->n; i++) {
		char c = out->p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

enum mm_err assessment_here_load(struct req *r, struct store *s, struct assessment_here *out)
{
	struct str token;
	memset(out, 0, sizeof *out);
	if (!r->user) {
		out->owner.kind = ASSESSMENT_OWNER_ANONYMOUS;
		out->has_token = cookie_token(r, &token);
		if (out->has_token)
			token_hash(token, out->owner.token_hash);
		return MM_OK;
	}
	out->signed_in = true;
	enum mm_err e = org_here_load(r, s, &out->org);
	if (e == MM_ERR_NOT_FOUND) {
		out->owner.kind = ASSESSMENT_OWNER_USER;
		out->owner.id = r->user->id;
		return MM_OK;
	}
	if (e)
		return e;
	out->has_org = true;
	out->owner.kind = ASSESSMENT_OWNER_ORG;
	out->owner.id = out->org.org.id;
	return MM_OK;
}

struct str assessment_here_org_field(const struct assessment_here *h)
{
	return h->has_org ? h->org.org.public_id : STR("");
}

enum mm_err assessment_cookie_set(struct req *r, struct res *res, const char *token, long max_age)
{
	char *c = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	                       ASSESSMENT_COOKIE, token, max_age, r->secure ? "; Secure" : "");
	return c ? res_header(r, res, "Set-Cookie", str_from(c)) : MM_ERR_NOMEM;
}

enum mm_err assessment_draft_find(struct req *r, struct store *s, const struct assessment_here *h,
                                  struct assessment_draft *out, bool *found)
{
	const struct questionnaire *q = questionnaire_latest();
	*found = false;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		out->answers[i] = STR("");
	out->version = str_from(q ? q->version : "");
	out->submit_token = STR("");
	if (h->owner.kind == ASSESSMENT_OWNER_ANONYMOUS && !h->has_token)
		return MM_OK;
	enum mm_err e = store_assessment_draft_get(s, r->arena, &h->owner, r->now, out);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	*found = true;
	return MM_OK;
}

enum mm_err assessment_draft_open(struct req *r, struct res *res, struct store *s,
                                  struct assessment_here *h, struct assessment_draft *out)
{
	const struct questionnaire *q = questionnaire_latest();
	char submit_token[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	bool found;
	int64_t id;
	enum mm_err e = assessment_draft_find(r, s, h, out, &found);
	if (e || found)
		return e;
	if (!q)
		return MM_ERR_NOT_FOUND;
	if (h->owner.kind == ASSESSMENT_OWNER_ANONYMOUS && !h->has_token) {
		/* A visitor's first save: a new token, its hash stored, the
		 * token itself only in their cookie. A visitor who has one
		 * already keeps it, so that their earlier results stay theirs. */
		char token[TOKEN_TEXT_BYTES];
		if ((e = store_assessment_purge_expired(s, r->now)) ||
		    (e = token_new(token, h->owner.token_hash)) ||
		    (e = assessment_cookie_set(r, res, token, ASSESSMENT_ANONYMOUS_TTL)))
			return e;
		h->has_token = true;
	}
	if ((e = token_new(submit_token, ignored)))
		return e;
	out->submit_token = str_from(arena_strdup(r->arena, submit_token));
	out->version = str_from(q->version);
	if (!out->submit_token.p)
		return MM_ERR_NOMEM;
	e = store_assessment_draft_create(s, &h->owner, out->version, out->submit_token, r->now,
	                                  r->now + ASSESSMENT_ANONYMOUS_TTL, &id);
	if (e == MM_ERR_CONFLICT) /* another request made it a moment ago */
		return assessment_draft_find(r, s, h, out, &found);
	if (e)
		return e;
	out->id = id;
	out->updated_at = r->now;
	return MM_OK;
}

void assessment_answers_from_names(const struct str names[ASSESSMENT_ITEM_COUNT],
                                   enum assessment_answer out[ASSESSMENT_ITEM_COUNT])
{
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		if (!core_assessment_answer_parse(names[i], &out[i]))
			out[i] = ANSWER_NONE;
}

enum mm_err assessment_may_see_org(struct req *r, struct store *s, int64_t org_id, bool *allowed,
                                   bool *as_supporter)
{
	struct org_membership m;
	enum org_access access;
	*allowed = *as_supporter = false;
	if (!r->user)
		return MM_OK;
	enum mm_err e = store_org_membership_of(s, r->user->id, &m);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (!e && m.organisation_id == org_id) {
		*allowed = true;
		return MM_OK;
	}
	e = store_org_grant_access(s, org_id, r->user->id, &access);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	/* Read and edit both let a supporter see results (edit adds nothing
	 * here: nobody takes an assessment for a client). */
	*allowed = *as_supporter = true;
	return MM_OK;
}

enum mm_err assessment_may_see_result(struct req *r, struct store *s,
                                      const struct assessment_result *res, bool *allowed,
                                      bool *as_supporter)
{
	struct str token;
	unsigned char hash[TOKEN_HASH_BYTES];
	*allowed = *as_supporter = false;
	if (res->organisation_id)
		return assessment_may_see_org(r, s, res->organisation_id, allowed, as_supporter);
	if (res->expires_at <= r->now || !cookie_token(r, &token))
		return MM_OK;
	token_hash(token, hash);
	*allowed = sodium_memcmp(hash, res->token_hash, TOKEN_HASH_BYTES) == 0;
	return MM_OK;
}

struct str assessment_answer_label(struct req *r, enum assessment_answer a)
{
	const char *name = core_assessment_answer_name(a);
	char key[64];
	int n = snprintf(key, sizeof key, "assessment.answer.%s", name ? name : "none");
	return n > 0 && (size_t)n < sizeof key ? page_t(r, key) : STR("");
}

struct str assessment_band_text(struct req *r, enum assessment_band band, const char *what)
{
	const char *name = core_assessment_band_name(band);
	char key[64];
	int n = snprintf(key, sizeof key, "assessment.band.%s.%s", name ? name : "urgent", what);
	return n > 0 && (size_t)n < sizeof key ? page_t(r, key) : STR("");
}

struct str assessment_fill(struct req *r, const char *key, const char *const names[],
                           const struct str values[], size_t n)
{
	return org_fill(r, key, names, values, n);
}

struct str assessment_int(struct req *r, long v)
{
	char *s = arena_printf(r->arena, "%ld", v);
	return s ? str_from(s) : STR("");
}

struct str assessment_signed(struct req *r, long v)
{
	char *s = v > 0   ? arena_printf(r->arena, "+%ld", v)
	          : v < 0 ? arena_printf(r->arena, "\xe2\x88\x92%ld", -v)
	                  : arena_strdup(r->arena, "\xc2\xb1"
	                                           "0");
	return s ? str_from(s) : STR("");
}

enum mm_err assessment_csv_cell(struct buf *b, struct str v, bool number, bool last)
{
	if (!number)
		return buf_append_csv(b, v, last);
	enum mm_err e = buf_append_str(b, v);
	return e ? e : buf_append_cstr(b, last ? "\r\n" : ",");
}
