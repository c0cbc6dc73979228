/*
 * login_throttle.h — the allowance of password guesses, shared by the
 * log-in, the confirmation from another browser and the password asked
 * again before a sensitive change.
 *
 * Check and record are one step: before a password is hashed, one
 * transaction (locked on the account and on the network) counts the
 * failures so far and, when the guess is allowed, records it as a failure
 * at once; a right password then removes it. So N guesses sent at the
 * same moment are counted one after the other, and at most the allowance
 * is ever checked (reading the count, hashing for a second and recording
 * afterwards let every concurrent guess through).
 *
 * Counted: the account's failures, the client network's (its IPv4
 * address, or its IPv6 /64: web/proxy.h gives the client behind nginx),
 * and the device's. A browser that has logged in to the account before
 * holds a device cookie (a random token, only its hash stored, bound to
 * the account, LOGIN_DEVICE_TTL long, __Host- over TLS): its guesses are
 * counted against that device instead of the account, so strangers who
 * guess an account's password cannot lock its owner out of a device the
 * owner used before (OWASP's device cookies). The network's allowance
 * applies to every browser.
 */
#ifndef MM_PAGES_ACCOUNT_LOGIN_THROTTLE_H
#define MM_PAGES_ACCOUNT_LOGIN_THROTTLE_H

#include "web/req.h"

#define LOGIN_DEVICE_COOKIE "mamori_device"
#define LOGIN_DEVICE_TTL (365 * 24 * 60 * 60) /* seconds since its last log-in */

/* How many failures within window_s are free (per account or device, and
 * per network), and the wait once they are spent: delay_first_s after the
 * latest failure, doubled per further failure up to delay_max_s. */
struct login_rule {
	int64_t window_s;
	int64_t free_account, free_network; /* free_network 0: the network is not counted */
	int64_t delay_first_s, delay_max_s;
};

/* The log-in's (also the confirmation's): 5 per account or device and 30
 * per network in an hour, then 30 s doubled up to 15 min. */
extern const struct login_rule LOGIN_RULE;

struct login_guess {
	int64_t attempt_id; /* the recorded attempt, 0 when refused */
	int64_t device_id;  /* the browser's device for this account, 0: none */
	int64_t wait;       /* > 0: refused, seconds to wait */
};

/* Before checking a password of the account of email: either *g->wait > 0
 * (refused, nothing recorded) or the guess is recorded as a failure. */
MM_MUST_USE enum mm_err login_guess_begin(struct req *r, struct str email,
                                          const struct login_rule *rule, struct login_guess *g);
/* The password was right: forgets the attempt and the account's failures. */
MM_MUST_USE enum mm_err login_guess_right(struct req *r, struct str email,
                                          const struct login_guess *g);
/* After a log-in of user_id: keeps this browser's device cookie for the
 * account fresh, or gives it a new one. */
MM_MUST_USE enum mm_err login_device_remember(struct req *r, struct res *res, int64_t user_id,
                                              const struct login_guess *g);

#endif
