/*
 * consult_thread.h — the consultation page as its actions render it again
 * when their form has errors (consult_actions.c), with what was typed.
 */
#ifndef MM_PAGES_CONSULT_THREAD_H
#define MM_PAGES_CONSULT_THREAD_H

#include "pages/consult/consult_access.h"
#include "web/webform.h"

/* The page's forms, empty. */
MM_MUST_USE enum mm_err consult_thread_form(struct webform *f, struct req *r, struct res *res);
/* The page for v with the forms of f (422 when f has errors). */
MM_MUST_USE enum mm_err consult_render_thread(struct req *r, struct res *res, struct webform *f,
                                              const struct consult_view *v);

#endif
