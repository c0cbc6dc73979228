/*
 * password.h — the rules a new password must meet, as a pure function:
 * at least PASSWORD_MIN_CHARS characters, at most PASSWORD_MAX_BYTES bytes
 * (far above what anyone types; any characters allowed), not a common
 * password, not containing the name part of the user's e-mail address.
 * "Common" is decided by the caller's word list (is_common).
 */
#ifndef MM_PASSWORD_H
#define MM_PASSWORD_H

#include <stdbool.h>

#include "lib/str.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_EMAIL_NAME_MIN 3 /* shorter name parts are not checked */

enum password_problem {
	PASSWORD_OK,
	PASSWORD_TOO_SHORT,
	PASSWORD_TOO_LONG,
	PASSWORD_COMMON,
	PASSWORD_CONTAINS_EMAIL,
};

/* is_common gets the password lower-cased (ASCII) with trailing digits and
 * punctuation removed, e.g. "Password123!" → "password". */
enum password_problem core_password_check(struct str password, struct str email,
                                          bool (*is_common)(void *data, struct str word),
                                          void *data);

#endif
