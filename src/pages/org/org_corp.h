/*
 * org_corp.h — the corporate-number data in the organisation form
 * (store/corp.h): the lookup that fills the name, kana, postal code,
 * prefecture and address from the National Tax Agency's data, and the
 * refusal of a number the data lists as closed. Where no data was
 * imported, none of it shows and the form works as before.
 */
#ifndef MM_PAGES_ORG_CORP_H
#define MM_PAGES_ORG_CORP_H

#include "store/org.h"
#include "web/webform.h"

/* For a GET of the form: ctx.corp_lookup when data was imported, and with
 * ?corporate_number=N the fields filled from N's data (with
 * ctx.prefill_note saying from where), or the number's error (unknown,
 * mistyped, closed). */
MM_MUST_USE enum mm_err org_corp_prefill(struct req *r, struct webform *f);

/* Before a write: an error on corporate_number when number (normalised,
 * maybe empty) is listed as closed, unless it is the organisation's own
 * number already (previous). */
MM_MUST_USE enum mm_err org_corp_refuse_closed(struct req *r, struct store *s, struct webform *f,
                                               struct str number, struct str previous);

#endif
