/*
 * views.c — see views.h. The views' long-lived memory is one arena,
 * released at exit.
 */
#include "view/views.h"

#include "view/management_content.h"
#include "view/questionnaire.h"

enum { VIEWS_ARENA_MAX = 64u * 1024 * 1024 };

static struct arena arena;
static struct tpl_set *templates;

enum mm_err views_load(char err[TPL_ERR_MAX])
{
	enum mm_err e;
	arena_init(&arena, VIEWS_ARENA_MAX);
	if ((e = i18n_load(&arena, err)) || (e = content_load(&arena, err)) ||
	    (e = questionnaire_load(&arena, err)) || (e = management_content_load(&arena, err)) ||
	    (e = tpl_set_load(&arena, i18n_for_compile(), &templates, err))) {
		views_free();
		return e;
	}
	return MM_OK;
}

void views_free(void)
{
	arena_free(&arena);
	templates = NULL;
}

const struct template *views_template(const char *name)
{
	return templates ? tpl_set_find(templates, name) : NULL;
}

const struct tpl_set *views_templates(void)
{
	return templates;
}
