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

/* What will happen (text), one button that POSTs to action_url, and a way
 * back, under Home › Organisation. */
enum mm_err org_confirm(struct req *r, struct res *res, const char *title_key, struct str text,
                        const char *action_url, const char *button_key, const char *back_url);
/* Why an action was refused (catalogue message_key), with a way back. */
enum mm_err org_refuse(struct req *r, struct res *res, int status, const char *message_key,
                       const char *back_url);

#endif
