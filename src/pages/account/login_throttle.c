/*
 * login_throttle.c — see login_throttle.h.
 */
#include "pages/account/login_throttle.h"

#include "lib/ip_address.h"
#include "store/account.h"
#include "web/page.h"
#include "web/session.h"

const struct login_rule LOGIN_RULE = {
    .window_s = 60 * 60,
    .free_account = 5,
    .free_network = 30, /* an office shares one address */
    .delay_first_s = 30,
    .delay_max_s = 15 * 60,
};

/* Seconds still to wait after `failures` (the latest at `last`) when
 * `free` are allowed; 0 when the next guess may go ahead. */
static int64_t wait_of(const struct login_rule *rule, int64_t failures, int64_t last, int64_t free,
                       int64_t now)
{
	int64_t over = failures - free;
	if (free <= 0 || over < 0)
		return 0;
	int64_t delay = rule->delay_first_s;
	while (over-- > 0 && delay < rule->delay_max_s)
		delay *= 2;
	if (delay > rule->delay_max_s)
		delay = rule->delay_max_s;
	return last + delay > now ? last + delay - now : 0;
}

struct guess_tx {
	struct str email;
	const struct login_rule *rule;
	struct login_guess *g;
	char network[IP_NETWORK_TEXT_BYTES];
};

static enum mm_err guess_tx(struct req *r, struct store *s, void *arg)
{
	struct guess_tx *t = arg;
	struct login_guess *g = t->g;
	struct login_failure_counts c;
	struct str token, network = str_from(t->network);
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e;
	*g = (struct login_guess){0};
	if ((e = store_login_lock(s, t->email, network)))
		return e;
	if (cookie_get_token(r, LOGIN_DEVICE_COOKIE, &token)) {
		token_hash(token, hash);
		e = store_login_device_find(s, hash, t->email, r->now - LOGIN_DEVICE_TTL,
		                            &g->device_id);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
	}
	if ((e = store_login_failure_counts(s, t->email, network, g->device_id,
	                                    r->now - t->rule->window_s, &c)))
		return e;
	/* A known device answers for its own guesses, a stranger for the account's. */
	int64_t wait =
	    g->device_id
	        ? wait_of(t->rule, c.device, c.device_last, t->rule->free_account, r->now)
	        : wait_of(t->rule, c.account, c.account_last, t->rule->free_account, r->now);
	int64_t by_network =
	    wait_of(t->rule, c.network, c.network_last, t->rule->free_network, r->now);
	g->wait = wait > by_network ? wait : by_network;
	if (g->wait > 0)
		return MM_OK;
	return store_login_failure_add(s, t->email, r->ip, network, g->device_id, r->now,
	                               &g->attempt_id);
}

enum mm_err login_guess_begin(struct req *r, struct str email, const struct login_rule *rule,
                              struct login_guess *g)
{
	struct guess_tx t = {.email = email, .rule = rule, .g = g};
	ip_address_network(r->ip, t.network);
	return page_tx(r, guess_tx, &t);
}

enum mm_err login_guess_right(struct req *r, struct str email, const struct login_guess *g)
{
	return store_login_failure_clear(r->store, g->attempt_id, email);
}

enum mm_err login_device_remember(struct req *r, struct res *res, int64_t user_id,
                                  const struct login_guess *g)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e;
	struct str token;
	if (g->device_id) {
		/* Still this device's: a year from this log-in again. */
		if ((e = store_login_device_touch(r->store, g->device_id, r->now)) ||
		    !cookie_get_token(r, LOGIN_DEVICE_COOKIE, &token))
			return e;
		char *value = str_dup(r->arena, token);
		return value ? cookie_set(r, res, LOGIN_DEVICE_COOKIE, value, LOGIN_DEVICE_TTL)
		             : MM_ERR_NOMEM;
	}
	if ((e = token_new(text, hash)) ||
	    (e = store_login_device_prune(r->store, user_id, r->now - LOGIN_DEVICE_TTL)) ||
	    (e = store_login_device_insert(r->store, hash, user_id, r->now)))
		return e;
	return cookie_set(r, res, LOGIN_DEVICE_COOKIE, text, LOGIN_DEVICE_TTL);
}
