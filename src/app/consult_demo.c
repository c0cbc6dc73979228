/*
 * consult_demo.c — see consult_demo.h. All of it in one transaction: the
 * demo is loaded whole or not at all.
 */
#include "app/consult_demo.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "app/demo_json.h"
#include "store/account.h"
#include "store/consult.h"

#define HOUR_S 3600

struct demo_load {
	json_t *list;
	struct arena a;
	int64_t now;
	int inserted;
	char *err;
};

static int64_t hours_ago(struct demo_load *d, json_t *o, const char *key)
{
	return d->now - json_integer_value(json_object_get(o, key)) * HOUR_S;
}

/* The user of a demo expert's address; MM_ERR_NOT_FOUND when there is none. */
static enum mm_err user_of(struct store *s, struct demo_load *d, struct str email, int64_t *id)
{
	struct user u;
	enum mm_err e = store_user_by_email(s, &d->a, email, &u);
	*id = e ? 0 : u.id;
	return e;
}

/* A new one: offered to its expert alone, or to the responders it matches. */
static enum mm_err offer(struct store *s, struct demo_load *d, const struct consultation *c)
{
	struct consult_recipient *to;
	size_t n;
	if (c->expert_user_id)
		return store_consult_offer_insert(s, c->id, c->expert_user_id, d->now);
	enum mm_err e =
	    store_consult_responders_matching(s, &d->a, c->category, c->prefecture, &to, &n);
	for (size_t i = 0; !e && i < n; i++)
		e = store_consult_offer_insert(s, c->id, to[i].user_id, d->now);
	return e;
}

/* One taken by a demo expert: assigned, maybe answered, maybe closed. */
static enum mm_err taken(struct store *s, struct demo_load *d, json_t *item, struct consultation *c,
                         struct str status)
{
	int64_t message;
	enum mm_err e = user_of(s, d, demo_json_str(item, "responder"), &c->responder_user_id);
	if (e)
		return e;
	c->assigned_at = c->created_at + HOUR_S;
	c->status = CONSULT_ASSIGNED;
	if (!str_eq_lit(status, "assigned")) {
		c->first_answer_at = c->answered_at = hours_ago(d, item, "answered_hours_ago");
		c->status = CONSULT_ANSWERED;
		if ((e = store_consult_message_insert(
		         s, c->id, c->responder_user_id, STR("responder"),
		         demo_json_str(item, "answer"), c->answered_at, &message)))
			return e;
	}
	if (str_eq_lit(status, "closed")) {
		c->closed_at = hours_ago(d, item, "closed_hours_ago");
		c->status = CONSULT_CLOSED;
	}
	c->updated_at = c->closed_at     ? c->closed_at
	                : c->answered_at ? c->answered_at
	                                 : c->assigned_at;
	if ((e = store_consult_update(s, c, CONSULT_NEW, 0)))
		return e;
	int rating = (int)json_integer_value(json_object_get(item, "rating"));
	return c->closed_at && rating >= 1 && rating <= 5
	           ? store_consult_rate(s, c->id, rating, STR(""), c->closed_at)
	           : MM_OK;
}

static enum mm_err one(struct store *s, struct demo_load *d, json_t *item)
{
	struct str status = demo_json_str(item, "status"), expert = demo_json_str(item, "expert");
	struct consultation c = {
	    .category = demo_json_str(item, "category"),
	    .urgency = demo_json_str(item, "urgency"),
	    .question = demo_json_str(item, "question"),
	    .created_at = hours_ago(d, item, "hours_ago"),
	};
	enum mm_err e = store_consult_demo_org(s, &d->a, demo_json_str(item, "organisation"),
	                                       &c.organisation_id, &c.prefecture);
	if (!e && expert.n && !(e = user_of(s, d, expert, &c.expert_user_id)))
		c.expert_until = c.created_at + CONSULT_EXPERT_ALONE_S;
	if (!e && (!consult_category_valid(c.category) || !consult_urgency_valid(c.urgency) ||
	           !c.question.n))
		e = MM_ERR_INVALID;
	if (!e)
		e = store_consult_insert(s, &c, &c.id);
	if (!e && str_eq_lit(status, "new"))
		e = offer(s, d, &c);
	else if (!e)
		e = taken(s, d, item, &c, status);
	if (e)
		snprintf(d->err, 256, "demo consultation of %s cannot be stored (%s)",
		         json_string_value(json_object_get(item, "organisation"))
		             ? json_string_value(json_object_get(item, "organisation"))
		             : "?",
		         e == MM_ERR_NOT_FOUND ? "an organisation or expert it names is missing"
		                               : "invalid or refused");
	return e;
}

static enum mm_err load_tx(struct store *s, void *arg)
{
	struct demo_load *d = arg;
	size_t i;
	json_t *item;
	int64_t have;
	enum mm_err e = store_consult_any(s, &have);
	if (e || have)
		return e;
	json_array_foreach(d->list, i, item)
	{
		if ((e = one(s, d, item)))
			return e;
		d->inserted++;
	}
	return MM_OK;
}

enum mm_err consult_demo_seed(struct store *s, int *inserted, char err[256])
{
	json_t *root;
	*inserted = 0;
	enum mm_err e = demo_json_open("content/demo/consultations.json", "consultations",
	                               "no consultations list", &root, err);
	if (e)
		return e;
	struct demo_load d = {
	    .list = json_object_get(root, "consultations"), .now = (int64_t)time(NULL), .err = err};
	arena_init(&d.a, 1024 * 1024);
	e = store_tx(s, load_tx, &d);
	arena_free(&d.a);
	json_decref(root);
	if (!e)
		*inserted = d.inserted;
	return e;
}
