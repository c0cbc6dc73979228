/*
 * webform.h — forms as users meet them: every field keeps what the user
 * typed, every error is listed in a summary at the top that links to the
 * field and shown again beside it (the GOV.UK pattern), and the page
 * carries the CSRF token. Templates read, for a field NAME:
 *   {{fields.NAME.value}}  {{#fields.NAME.error}}…{{fields.NAME.error}}…{{/fields.NAME.error}}
 * and for the summary the partial {{>error_summary}} (has_errors, errors:
 * {field, message}).
 */
#ifndef MM_WEBFORM_H
#define MM_WEBFORM_H

#include "view/value.h"
#include "web/req.h"

struct webform {
	struct req *r;
	struct val *ctx;    /* the page's context */
	struct val *fields; /* ctx.fields */
	struct val *errors; /* ctx.errors */
	/* Memory ran out while recording a value or an error: the form is
	 * never ok, so input whose error could not be noted is never taken. */
	bool broken;
};

/* Sets csrf, fields, errors and has_errors in ctx. */
MM_MUST_USE enum mm_err webform_init(struct webform *f, struct req *r, struct res *res,
                                     struct val *ctx);
/* Declares a field with a value to show (for a GET: the stored value). */
MM_MUST_USE enum mm_err webform_set(struct webform *f, const char *name, struct str value);
/* Declares the fields the page shows empty, named until NULL:
 *   webform_blank(&f, "email", "password", NULL)
 * the same as a webform_set(f, name, STR("")) for each name, in that order
 * (templates read fields.NAME.value and fields.NAME.error of every field
 * they show, so a field the page starts empty must still be declared).
 * Each variable argument is a const char *; at least one name is needed
 * (the compiler refuses a call with only the NULL). MM_ERR_NOMEM when a
 * field could not be declared: the fields after it are not. */
MM_MUST_USE enum mm_err webform_blank(struct webform *f, const char *name, ...)
    __attribute__((sentinel));
/* The value the field shows now (as set, or as taken from the submission);
 * "" for a field not declared. */
struct str webform_value(const struct webform *f, const char *name);
/* The submitted value, trimmed, declared as the field's value; longer than
 * max_chars code points is an error (error_key form.too_long). Absent or
 * repeated fields read as empty / the error form.invalid. */
struct str webform_take(struct webform *f, const char *name, size_t max_chars);
/* The same, with the error form.invalid when ok refuses the value: the
 * area's rule for what the field may hold (org_single_line,
 * event_text_ok, …). An empty value is for the caller to refuse. */
struct str webform_take_checked(struct webform *f, const char *name, size_t max_chars,
                                bool (*ok)(struct str value));
/* The same for a field that must be filled: an empty value, or one ok
 * refuses, is the error error_key. */
struct str webform_take_required(struct webform *f, const char *name, size_t max_chars,
                                 bool (*ok)(struct str value), const char *error_key);
/* A password field's value into *out, as typed (not trimmed: its spaces
 * are part of it; "" when absent or repeated), the field declared empty so
 * that the page never sends a password back. */
MM_MUST_USE enum mm_err webform_take_password(struct webform *f, const char *name, struct str *out);
/* Records an error for a field: message from the catalogue. A failure to
 * record it marks the form broken (never ok), so a caller may ignore the
 * result: that is the one enum mm_err in mamori without MM_MUST_USE. */
enum mm_err webform_error(struct webform *f, const char *name, const char *message_key);
/* The same with the message's text given (a catalogue text filled in
 * with i18n_fill, e.g. how many minutes to wait). */
enum mm_err webform_error_text(struct webform *f, const char *name, struct str message);
/* No error recorded and nothing lost. */
bool webform_ok(const struct webform *f);

#endif
