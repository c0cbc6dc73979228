/*
 * account.h — users, sessions, single-use links, failed log-ins, the mail
 * outbox and the audit log: the store functions of the accounts area.
 * Callers use the store_* macros below; the driver supplies the ops.
 * Times are Unix seconds passed in by the caller (the store reads no clock
 * of its own, so tests can ask about any moment).
 */
#ifndef MM_STORE_ACCOUNT_H
#define MM_STORE_ACCOUNT_H

#include "store/store.h"

#define TOKEN_HASH_BYTES 32

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

enum link_purpose { LINK_CONFIRM, LINK_RESET, LINK_EMAIL, LINK_INVITE, LINK_ADMIN };

struct link_token {
	int64_t id, user_id, organisation_id, expires_at;
	enum link_purpose purpose;
	struct str email, role;
};

struct mail {
	struct str to, subject, body;
};

struct outbox_item {
	int64_t id, attempts;
	struct str to, subject, body;
};

enum audit_outcome { AUDIT_OK, AUDIT_DENIED, AUDIT_FAILED };

struct audit_entry {
	int64_t at, actor_user_id, organisation_id; /* 0: none */
	struct str ip, action, target, detail;
	enum audit_outcome outcome;
};

struct store_account_ops {
	/* users */
	enum mm_err (*user_insert)(struct store *s, const struct user *u, int64_t *id);
	enum mm_err (*user_by_email)(struct store *s, struct arena *a, struct str email, struct user *out);
	enum mm_err (*user_by_id)(struct store *s, struct arena *a, int64_t id, struct user *out);
	enum mm_err (*user_confirm)(struct store *s, int64_t id, int64_t now);
	enum mm_err (*user_set_password)(struct store *s, int64_t id, struct str hash);
	enum mm_err (*user_set_email)(struct store *s, int64_t id, struct str email);
	enum mm_err (*user_set_profile)(struct store *s, int64_t id, struct str name, struct str lang);
	enum mm_err (*user_delete)(struct store *s, int64_t id);
	/* sessions (token hashes, never tokens) */
	enum mm_err (*session_insert)(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
				      const struct session *se);
	enum mm_err (*session_by_hash)(struct store *s, struct arena *a, const unsigned char hash[TOKEN_HASH_BYTES],
				       struct session *out);
	enum mm_err (*session_touch)(struct store *s, int64_t id, int64_t now);
	enum mm_err (*session_delete)(struct store *s, int64_t id);
	/* every session of the user but keep_id (0: all) */
	enum mm_err (*session_delete_user)(struct store *s, int64_t user_id, int64_t keep_id);
	enum mm_err (*session_list)(struct store *s, struct arena *a, int64_t user_id, struct session **out,
				    size_t *n);
	/* single-use links */
	enum mm_err (*link_insert)(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
				   const struct link_token *t, int64_t now);
	/* Marks the link used and returns it; NOT_FOUND when unknown, used,
	 * expired or of another purpose. */
	enum mm_err (*link_use)(struct store *s, struct arena *a, enum link_purpose purpose,
				const unsigned char hash[TOKEN_HASH_BYTES], int64_t now, struct link_token *out);
	/* failed log-ins */
	enum mm_err (*login_failure_add)(struct store *s, struct str email, struct str ip, int64_t now);
	/* Failures since `since`, by account and by address, and the time of
	 * the latest one of either. */
	enum mm_err (*login_failure_count)(struct store *s, struct str email, struct str ip, int64_t since,
					   int64_t *by_email, int64_t *by_ip, int64_t *last_at);
	enum mm_err (*login_failure_clear)(struct store *s, struct str email);
	/* outbox */
	enum mm_err (*outbox_insert)(struct store *s, const struct mail *m, int64_t now);
	enum mm_err (*outbox_due)(struct store *s, struct arena *a, int64_t now, size_t limit,
				  struct outbox_item **out, size_t *n);
	enum mm_err (*outbox_sent)(struct store *s, int64_t id, int64_t now);
	enum mm_err (*outbox_failed)(struct store *s, int64_t id, int64_t retry_at, struct str error);
	/* audit */
	enum mm_err (*audit_insert)(struct store *s, const struct audit_entry *e);
};

#define STORE_ACCOUNT(s, fn, ...) ((s)->driver->account->fn((s), __VA_ARGS__))

#define store_user_insert(s, ...) STORE_ACCOUNT(s, user_insert, __VA_ARGS__)
#define store_user_by_email(s, ...) STORE_ACCOUNT(s, user_by_email, __VA_ARGS__)
#define store_user_by_id(s, ...) STORE_ACCOUNT(s, user_by_id, __VA_ARGS__)
#define store_user_confirm(s, ...) STORE_ACCOUNT(s, user_confirm, __VA_ARGS__)
#define store_user_set_password(s, ...) STORE_ACCOUNT(s, user_set_password, __VA_ARGS__)
#define store_user_set_email(s, ...) STORE_ACCOUNT(s, user_set_email, __VA_ARGS__)
#define store_user_set_profile(s, ...) STORE_ACCOUNT(s, user_set_profile, __VA_ARGS__)
#define store_user_delete(s, ...) STORE_ACCOUNT(s, user_delete, __VA_ARGS__)
#define store_session_insert(s, ...) STORE_ACCOUNT(s, session_insert, __VA_ARGS__)
#define store_session_by_hash(s, ...) STORE_ACCOUNT(s, session_by_hash, __VA_ARGS__)
#define store_session_touch(s, ...) STORE_ACCOUNT(s, session_touch, __VA_ARGS__)
#define store_session_delete(s, ...) STORE_ACCOUNT(s, session_delete, __VA_ARGS__)
#define store_session_delete_user(s, ...) STORE_ACCOUNT(s, session_delete_user, __VA_ARGS__)
#define store_session_list(s, ...) STORE_ACCOUNT(s, session_list, __VA_ARGS__)
#define store_link_insert(s, ...) STORE_ACCOUNT(s, link_insert, __VA_ARGS__)
#define store_link_use(s, ...) STORE_ACCOUNT(s, link_use, __VA_ARGS__)
#define store_login_failure_add(s, ...) STORE_ACCOUNT(s, login_failure_add, __VA_ARGS__)
#define store_login_failure_count(s, ...) STORE_ACCOUNT(s, login_failure_count, __VA_ARGS__)
#define store_login_failure_clear(s, ...) STORE_ACCOUNT(s, login_failure_clear, __VA_ARGS__)
#define store_outbox_insert(s, ...) STORE_ACCOUNT(s, outbox_insert, __VA_ARGS__)
#define store_outbox_due(s, ...) STORE_ACCOUNT(s, outbox_due, __VA_ARGS__)
#define store_outbox_sent(s, ...) STORE_ACCOUNT(s, outbox_sent, __VA_ARGS__)
#define store_outbox_failed(s, ...) STORE_ACCOUNT(s, outbox_failed, __VA_ARGS__)
#define store_audit_insert(s, ...) STORE_ACCOUNT(s, audit_insert, __VA_ARGS__)

#endif
