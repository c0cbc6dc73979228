/*
 * account_form.h — the forms of the account pages: an e-mail address field
 * read by the one rule for addresses (core/email.h) with the messages
 * sign-up shows, and a form page laid out under "Account" in the
 * breadcrumbs, 422 when it has errors, and the name of an account's mail
 * language (the account page and the administrators' view of an account).
 * Nothing here writes to the store.
 */
#ifndef MM_PAGES_ACCOUNT_FORM_H
#define MM_PAGES_ACCOUNT_FORM_H

#include "web/req.h"
#include "web/webform.h"

/* Takes the field "email" of f and normalises it into *email; an empty or
 * malformed address becomes the field's error (signup.email_missing /
 * signup.email_invalid) and *email is then "". MM_ERR_NOMEM only when
 * memory ran out. */
MM_MUST_USE enum mm_err account_form_email(struct req *r, struct webform *f, struct str *email);

/* Renders a form page under "Account" in the breadcrumbs; 422 when the
 * form has errors (unless status says otherwise). */
MM_MUST_USE enum mm_err account_render(struct req *r, struct res *res, struct webform *f,
                                       const char *template_name, const char *title_key,
                                       int status);

/* The name of an account's mail language ("ja" or "en"), in the request's
 * language: anything but "en" reads as Japanese. */
struct str account_lang_label(struct req *r, struct str code);

#endif
