/*
 * account.h — the accounts area of the store: users, sessions (by the
 * hash of their cookie token, never the token), single-use links
 * (confirmation, reset, e-mail change, invitation, administrator) and
 * failed log-ins for throttling, written once for every database
 * (store/account.c over store/sql.h). Times are Unix seconds passed in by
 * the caller (the store reads no clock of its own, so tests can ask about
 * any moment). An address is found however its case was typed.
 *
 * It includes the audit log and the outbox (store/audit.h, store/outbox.h),
 * which the pages that write accounts also write.
 */
#ifndef MM_STORE_ACCOUNT_H
#define MM_STORE_ACCOUNT_H

#include "store/audit.h"
#include "store/outbox.h"
#include "store/store.h"

#define TOKEN_HASH_BYTES 32
#define SESSION_LIST_MAX 100       /* sessions one list shows, most recently seen first */
#define LOGIN_DEVICE_LIST_MAX 1000 /* devices one list shows, most recently used first */

struct user {
	int64_t id;
	struct str email, password_hash, name, lang;
	int64_t confirmed_at, disabled_at, created_at; /* 0 when not set */
	struct str disabled_reason;
	bool is_admin;
};

struct session {
	int64_t id, user_id, created_at, last_seen_at;
	struct str csrf, ip, user_agent;
};

/* A browser that has logged in to an account (migration 0015): when it
 * first did and when it last did. Its cookie's hash is never read out. */
struct login_device {
	int64_t created_at, last_used_at;
};

enum link_purpose { LINK_CONFIRM, LINK_RESET, LINK_EMAIL, LINK_INVITE, LINK_ADMIN };

struct link_token {
	int64_t id, user_id, organisation_id, expires_at;
	int64_t invited_by; /* an invitation's sender, 0: none (written, never read back) */
	enum link_purpose purpose;
	struct str email, role;
};

/* users; insert answers CONFLICT for an address another user has, as
 * set_email does */
MM_MUST_USE enum mm_err store_user_insert(struct store *s, const struct user *u, int64_t *id);
MM_MUST_USE enum mm_err store_user_by_email(struct store *s, struct arena *a, struct str email,
                                            struct user *out);
MM_MUST_USE enum mm_err store_user_by_id(struct store *s, struct arena *a, int64_t id,
                                         struct user *out);
/* The account of email, made when there is none (confirmed, named name,
 * with a password nothing matches, so that it cannot sign in until someone
 * resets it): the demo's and the seed's people. Its id into *id. */
MM_MUST_USE enum mm_err store_user_seed(struct store *s, struct str email, struct str name,
                                        int64_t now, int64_t *id);
MM_MUST_USE enum mm_err store_user_confirm(struct store *s, int64_t id, int64_t now);
MM_MUST_USE enum mm_err store_user_set_password(struct store *s, int64_t id, struct str hash);
MM_MUST_USE enum mm_err store_user_set_email(struct store *s, int64_t id, struct str email);
MM_MUST_USE enum mm_err store_user_set_profile(struct store *s, int64_t id, struct str name,
                                               struct str lang);
MM_MUST_USE enum mm_err store_user_delete(struct store *s, int64_t id);
/* sessions (token hashes, never tokens) */
MM_MUST_USE enum mm_err store_session_insert(struct store *s,
                                             const unsigned char hash[TOKEN_HASH_BYTES],
                                             const struct session *se);
MM_MUST_USE enum mm_err store_session_by_hash(struct store *s, struct arena *a,
                                              const unsigned char hash[TOKEN_HASH_BYTES],
                                              struct session *out);
MM_MUST_USE enum mm_err store_session_touch(struct store *s, int64_t id, int64_t now);
MM_MUST_USE enum mm_err store_session_delete(struct store *s, int64_t id);
/* every session of the user but keep_id (0: all) */
MM_MUST_USE enum mm_err store_session_delete_user(struct store *s, int64_t user_id,
                                                  int64_t keep_id);
MM_MUST_USE enum mm_err store_session_list(struct store *s, struct arena *a, int64_t user_id,
                                           struct session **out, size_t *n);
/* single-use links */
MM_MUST_USE enum mm_err store_link_insert(struct store *s,
                                          const unsigned char hash[TOKEN_HASH_BYTES],
                                          const struct link_token *t, int64_t now);
/* Marks the link used and returns it; NOT_FOUND when unknown, used,
 * expired or of another purpose. */
MM_MUST_USE enum mm_err store_link_use(struct store *s, struct arena *a, enum link_purpose purpose,
                                       const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                                       struct link_token *out);
/* The same link without using it: NOT_FOUND as above. */
MM_MUST_USE enum mm_err store_link_peek(struct store *s, struct arena *a, enum link_purpose purpose,
                                        const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                                        struct link_token *out);
MM_MUST_USE enum mm_err store_link_revoke_user(struct store *s, int64_t user_id, int64_t now);
/* Log-in attempts. An attempt is recorded as a failure before its
 * password is checked and removed when the password was right, inside a
 * transaction that first takes store_login_lock(), so that concurrent
 * guesses are counted one after the other. network is the client's
 * (ip_address_network); device_id the login_device the browser showed
 * for this account, 0 for none. */
struct login_failure_counts {
	int64_t account, device, network;                /* failures since `since` */
	int64_t account_last, device_last, network_last; /* the latest of each, 0: none */
};
/* Serialises the attempts on email and on network until the transaction
 * ends (SQLite's write transaction does already). */
MM_MUST_USE enum mm_err store_login_lock(struct store *s, struct str email, struct str network);
/* Failures since `since`: of the account by browsers without its device
 * cookie, of device_id (none when 0), and of the network. */
MM_MUST_USE enum mm_err store_login_failure_counts(struct store *s, struct str email,
                                                   struct str network, int64_t device_id,
                                                   int64_t since, struct login_failure_counts *out);
MM_MUST_USE enum mm_err store_login_failure_add(struct store *s, struct str email, struct str ip,
                                                struct str network, int64_t device_id, int64_t now,
                                                int64_t *id);
/* Forgets one attempt (a right password) and every failure of the account. */
MM_MUST_USE enum mm_err store_login_failure_clear(struct store *s, int64_t attempt_id,
                                                  struct str email);

/* Devices that have logged in (by the hash of their cookie's token). */
MM_MUST_USE enum mm_err store_login_device_insert(struct store *s,
                                                  const unsigned char hash[TOKEN_HASH_BYTES],
                                                  int64_t user_id, int64_t now);
/* The device of that hash bound to the account of email, used since
 * `since`: its id, or MM_ERR_NOT_FOUND. */
MM_MUST_USE enum mm_err store_login_device_find(struct store *s,
                                                const unsigned char hash[TOKEN_HASH_BYTES],
                                                struct str email, int64_t since, int64_t *id);
MM_MUST_USE enum mm_err store_login_device_touch(struct store *s, int64_t id, int64_t now);
/* The user's devices, most recently used first, LOGIN_DEVICE_LIST_MAX at
 * most; *total counts them all. */
MM_MUST_USE enum mm_err store_login_device_list(struct store *s, struct arena *a, int64_t user_id,
                                                struct login_device **out, size_t *n,
                                                int64_t *total);
/* Forgets the user's devices not used since `since`. */
MM_MUST_USE enum mm_err store_login_device_prune(struct store *s, int64_t user_id, int64_t since);

/* What a user is besides an account, for the site's navigation on every
 * signed-in page: a member of an organisation, a supporter, an expert of
 * the directory, staff of the consultation desk. One statement for the
 * four, not one each. */
struct user_roles {
	bool member, supporter, expert, desk;
};
MM_MUST_USE enum mm_err store_user_roles(struct store *s, int64_t user_id, struct user_roles *out);

#endif
