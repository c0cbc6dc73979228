/*
 * setting.h — a yes-or-no MAMORI_* setting read one way for all of them
 * (MAMORI_PIN_THREADS, MAMORI_SECURE_COOKIES, MAMORI_HSTS,
 * MAMORI_SEARCH_CACHE, MAMORI_OIDC_INSECURE_LOOPBACK): `1` or `0`, so
 * that `0` never turns a feature on and a typo stops `serve` with one line
 * instead of being taken either way.
 */
#ifndef MM_LIB_SETTING_H
#define MM_LIB_SETTING_H

#include <stdbool.h>

/* *on from value, the setting name's: unset (NULL) or empty gives
 * otherwise, 1 true and 0 false. Anything else is false, with
 * "NAME=VALUE: expected 1 or 0" in err (the value shown as
 * log_setting_shown shows it) and *on left as it was. */
bool setting_flag(const char *name, const char *value, bool otherwise, bool *on, char err[256]);

#endif
