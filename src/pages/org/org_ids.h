/*
 * org_ids.h — the random identifiers the organisation area hands out: an
 * organisation's public id (in its URLs and its public policy page) and a
 * supporter's code (core/org_fields.h has its alphabet and length).
 *
 * Both come from libsodium's generator, never from rand() or the clock: a
 * public id must not be guessable from another, nor a code from its owner.
 * The store's unique indexes catch the rare clash; callers draw again.
 */
#ifndef MM_PAGES_ORG_IDS_H
#define MM_PAGES_ORG_IDS_H

#include <stddef.h>

#define ORG_PUBLIC_ID_CHARS 12
#define ORG_PUBLIC_ID_ALPHABET "abcdefghijklmnopqrstuvwxyz234567" /* RFC 4648 base32, lower */

/* n random characters from a 32-character alphabet into out (n + 1 bytes,
 * NUL-terminated). */
void org_random_text(char *out, size_t n, const char *alphabet);

#endif
