/*
 * org_confirm.h — the two short pages of the organisation area that stand
 * between a person and a change: the confirmation of a destructive action
 * (remove a member, leave, withdraw an invitation, revoke a supporter) and
 * the page that says why an action was refused (the last owner).
 *
 * A GET of a confirmation page changes nothing: its one button POSTs,
 * with the CSRF token, to the action's own route.
 */
#ifndef MM_PAGES_ORG_CONFIRM_H
#define MM_PAGES_ORG_CONFIRM_H

#include "web/req.h"

/* The confirmation (pages/shared/confirm.h) under Home › Organisation,
 * from catalogue keys KEY_PREFIX.title, .text (with {email} and
 * {organisation} filled in: email, the organisation's name) and .submit:
 * one button that POSTs to the path action_fmt makes, as printf would
 * ("/org/members/%lld/remove"), and a way back to /org. MM_ERR_NOMEM when the path cannot be made.
 */
MM_MUST_USE enum mm_err org_confirm(struct req *r, struct res *res, const char *key_prefix,
                                    struct str email, const char *action_fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Why an action was refused (catalogue message_key), with a way back. */
MM_MUST_USE enum mm_err org_refuse(struct req *r, struct res *res, int status,
                                   const char *message_key, const char *back_url);

#endif
