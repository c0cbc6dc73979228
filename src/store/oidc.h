/*
 * oidc.h — the sign-in with OpenID Connect in the store (migration 0032):
 * sign-ins on their way through a provider (single use, bound to the
 * browser, short-lived), the identities linked to accounts, and identities
 * waiting to be linked to the existing account of their address. Written
 * once for every database (store/oidc.c over store/sql.h). Hashes are of
 * random tokens (web/session.h's token_hash); the tokens themselves are
 * never stored.
 */
#ifndef MM_STORE_OIDC_H
#define MM_STORE_OIDC_H

#include "store/account.h"

#define OIDC_LOGIN_TTL (10 * 60) /* from the start page to the callback */
#define OIDC_LINK_TTL (30 * 60)  /* to type the password or follow the mailed link */

struct oidc_login {
	struct str provider, nonce, code_verifier, next;
	int64_t expires_at;
};

struct oidc_link {
	int64_t id, user_id, expires_at;
	struct str provider, subject, corporate_number, next;
};

/* A new sign-in under the hash of its state, bound to the browser's
 * hash; the expired ones go at the same time. */
MM_MUST_USE enum mm_err store_oidc_login_insert(struct store *s,
                                                const unsigned char state[TOKEN_HASH_BYTES],
                                                const unsigned char browser[TOKEN_HASH_BYTES],
                                                const struct oidc_login *l, int64_t now);
/* Uses up the sign-in of that state, started by that browser for that
 * provider and not expired: NOT_FOUND otherwise (unknown, used, expired,
 * another browser's — which leaves it to its own browser). */
MM_MUST_USE enum mm_err store_oidc_login_take(struct store *s, struct arena *a,
                                              const unsigned char state[TOKEN_HASH_BYTES],
                                              const unsigned char browser[TOKEN_HASH_BYTES],
                                              struct str provider, int64_t now,
                                              struct oidc_login *out);

/* The account linked to the provider's subject: NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_oidc_identity_user(struct store *s, struct str provider,
                                                 struct str subject, int64_t *user_id);
/* Links them: CONFLICT when the subject is linked already, or the
 * account has another identity at that provider. */
MM_MUST_USE enum mm_err store_oidc_identity_insert(struct store *s, struct str provider,
                                                   struct str subject, int64_t user_id,
                                                   int64_t now);
MM_MUST_USE enum mm_err store_oidc_identity_touch(struct store *s, struct str provider,
                                                  struct str subject, int64_t now);
/* How many identities the account has (for its pages and tests). */
MM_MUST_USE enum mm_err store_oidc_identity_count(struct store *s, int64_t user_id, int64_t *n);

/* The browser's identity waiting for a link (replacing any earlier one of
 * that browser; expired ones go at the same time). */
MM_MUST_USE enum mm_err store_oidc_link_put(struct store *s,
                                            const unsigned char browser[TOKEN_HASH_BYTES],
                                            const struct oidc_link *l, int64_t now, int64_t *id);
MM_MUST_USE enum mm_err store_oidc_link_by_browser(struct store *s, struct arena *a,
                                                   const unsigned char browser[TOKEN_HASH_BYTES],
                                                   int64_t now, struct oidc_link *out);
/* The mailed link's token for the waiting link id. */
MM_MUST_USE enum mm_err store_oidc_link_set_token(struct store *s, int64_t id,
                                                  const unsigned char token[TOKEN_HASH_BYTES]);
/* Uses up the browser's waiting link — with token NULL, whichever it is
 * (the password was typed); otherwise only the one mailed with that
 * token: NOT_FOUND when there is none or it expired. */
MM_MUST_USE enum mm_err store_oidc_link_take(struct store *s, struct arena *a,
                                             const unsigned char browser[TOKEN_HASH_BYTES],
                                             const unsigned char *token, int64_t now,
                                             struct oidc_link *out);

#endif
