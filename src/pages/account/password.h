/*
 * password.h — passwords at the edge: argon2id hashing through libsodium
 * (crypto_pwhash_str, interactive limits: 2 passes over 64 MiB), the
 * common-password word list from Debian's cracklib-runtime, and the
 * catalogue key that explains a refused password.
 */
#ifndef MM_PAGES_ACCOUNT_PASSWORD_H
#define MM_PAGES_ACCOUNT_PASSWORD_H

#include <sodium.h>

#include "core/password.h"

#define PASSWORD_WORD_LIST "/usr/share/dict/cracklib-small"
#define PASSWORD_HASH_BYTES crypto_pwhash_STRBYTES

/* Loads the word list (once; a missing list is logged, and then only the
 * other rules apply). */
MM_MUST_USE enum mm_err password_init(void);
void password_free(void);
size_t password_word_count(void);
bool password_is_common(void *data, struct str word);

/* NULL when acceptable, else the catalogue key of the reason. */
const char *password_problem(struct str password, struct str email);
MM_MUST_USE enum mm_err password_hash(struct str password, char out[PASSWORD_HASH_BYTES]);
bool password_verify(struct str hash, struct str password);
/* Spends the time of a verification, for log-ins to unknown accounts, so
 * that timing does not tell which addresses are registered. */
void password_verify_dummy(struct str password);

#endif
