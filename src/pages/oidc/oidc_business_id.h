/*
 * oidc_business_id.h — "verified by business ID": after a sign-in through
 * a provider whose claims carry a corporate number (the provider's
 * _CORPORATE_NUMBER_CLAIM), the organisation the user owns is verified
 * for that number (store/identity.h, store_identity_verify).
 *
 * Only an owner's organisation, and only when its number is that number
 * or it has none yet (a firm that typed another number keeps it: a
 * sign-in never renumbers a firm). A number held by an unverified
 * organisation moves to the verified one, as the claim rule says; one
 * held by a verified organisation stays there, and the sign-in goes on
 * without the verification. Sole proprietors have no corporate number
 * and are left alone.
 */
#ifndef MM_PAGES_OIDC_BUSINESS_ID_H
#define MM_PAGES_OIDC_BUSINESS_ID_H

#include "web/req.h"

/* Verifies user_id's organisation for number (13 valid digits) through
 * provider, when the rule above allows; MM_OK when it does not apply.
 * Fails only when the database does. */
MM_MUST_USE enum mm_err oidc_business_id_apply(struct req *r, int64_t user_id,
                                               const char *provider_issuer, struct str number);

#endif
