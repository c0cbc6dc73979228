/*
 * admin_create.h — `mamori admin create`: the only way to become an
 * administrator. There is no page for it: the command makes or promotes
 * the account and prints a single-use link (/admin/welcome/{token}) that
 * sets its password. It must never be reachable from a request.
 */
#ifndef MM_APP_ADMIN_CREATE_H
#define MM_APP_ADMIN_CREATE_H

#include <stdbool.h>

#include "lib/arena.h"
#include "store/store.h"

#define ADMIN_WELCOME_LINK_TTL (24 * 60 * 60)

/* Makes the account of email_in an administrator (creating it, with a
 * password no one knows, when there is none; enabling it when disabled),
 * audits that, and returns the absolute set-password link in *link, all in
 * one transaction. MM_ERR_INVALID when email_in is not an e-mail address
 * (core_email_normalise). */
MM_MUST_USE enum mm_err admin_create(struct store *s, struct arena *a, struct str email_in,
                                     int64_t now, char **link, bool *created);

#endif
