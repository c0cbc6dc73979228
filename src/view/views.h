/*
 * views.h — everything the views load once at start: catalogues, long-form
 * content and the compiled templates. Loaded before serving; read-only
 * afterwards, shared by every thread.
 */
#ifndef MM_VIEWS_H
#define MM_VIEWS_H

#include "view/content.h"
#include "view/template.h"

MM_MUST_USE enum mm_err views_load(char err[TPL_ERR_MAX]);
void views_free(void);
const struct template *views_template(const char *name);
const struct tpl_set *views_templates(void);

#endif
