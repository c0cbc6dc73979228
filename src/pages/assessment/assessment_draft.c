/*
 * assessment_draft.c — see assessment_draft.h.
 */
#include "pages/assessment/assessment_draft.h"

#include <string.h>

#include "view/questionnaire.h"

enum mm_err assessment_draft_find(struct req *r, struct store *s, const struct assessment_taker *t,
                                  struct check_draft *out, bool *found)
{
	const struct questionnaire *q = questionnaire_latest();
	*found = false;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		out->answers[i] = STR("");
	out->version = str_from(q ? q->version : "");
	out->submit_token = STR("");
	if (t->owner.kind == CHECK_OWNER_ANONYMOUS && !t->has_token)
		return MM_OK;
	enum mm_err e =
	    store_check_draft_get(&STORE_ASSESSMENT_TABLES, s, r->arena, &t->owner, r->now, out);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	*found = true;
	return MM_OK;
}

enum mm_err assessment_draft_open(struct req *r, struct res *res, struct store *s,
                                  struct assessment_taker *t, struct check_draft *out)
{
	const struct questionnaire *q = questionnaire_latest();
	char submit_token[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	bool found;
	int64_t id;
	enum mm_err e = assessment_draft_find(r, s, t, out, &found);
	if (e || found)
		return e;
	if (!q)
		return MM_ERR_NOT_FOUND;
	if (t->owner.kind == CHECK_OWNER_ANONYMOUS && !t->has_token) {
		/* A visitor's first save: a new token, its hash stored, the
		 * token itself only in their cookie. A visitor who has one
		 * already keeps it, so that their earlier results stay theirs. */
		char token[TOKEN_TEXT_BYTES];
		if ((e = store_check_purge_expired(&STORE_ASSESSMENT_TABLES, s, r->now)) ||
		    (e = token_new(token, t->owner.token_hash)) ||
		    (e = assessment_cookie_set(r, res, token, ASSESSMENT_ANONYMOUS_TTL)))
			return e;
		t->has_token = true;
	}
	if ((e = token_new(submit_token, ignored)))
		return e;
	out->submit_token = str_from(arena_strdup(r->arena, submit_token));
	out->version = str_from(q->version);
	if (!out->submit_token.p)
		return MM_ERR_NOMEM;
	e = store_check_draft_create(&STORE_ASSESSMENT_TABLES, s, &t->owner, out->version,
	                             out->submit_token, r->now, r->now + ASSESSMENT_ANONYMOUS_TTL,
	                             &id);
	if (e == MM_ERR_CONFLICT) /* another request made it a moment ago */
		return assessment_draft_find(r, s, t, out, &found);
	if (e)
		return e;
	out->id = id;
	out->updated_at = r->now;
	return MM_OK;
}
