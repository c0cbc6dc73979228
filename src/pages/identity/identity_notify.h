/*
 * identity_notify.h — telling an organisation that lost its corporate
 * number to a firm that verified it (store_identity_verify's *moved): a
 * mail to each of its owners, queued in the caller's transaction
 * (web/mail.h), so that it exists exactly when the move does. Used by the
 * proof by letter and by sign-in with the business ID.
 */
#ifndef MM_PAGES_IDENTITY_NOTIFY_H
#define MM_PAGES_IDENTITY_NOTIFY_H

#include "store/identity.h"
#include "web/req.h"

/* Nothing when moved->claim_id is 0 (no organisation lost the number). */
MM_MUST_USE enum mm_err identity_notify_number_lost(struct req *r, struct store *s,
                                                    const struct identity_moved *moved,
                                                    struct str number);

#endif
