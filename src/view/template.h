/*
 * template.h — mamori's small mustache-like template language.
 *
 *   {{name}} {{a.b}} {{.}}     value, escaped for where it stands
 *   {{#name}}…{{/name}}        list: once per item; true / non-empty: once
 *   {{^name}}…{{/name}}        when name is false, empty or an empty list
 *   {{>name}}                  templates/partials/name.html
 *   {{t key}}                  catalogue string for the request's language
 *   {{raw name}}               program-generated HTML (V_HTML values only, or
 *                              a list of them, written one after another)
 *   {{! comment }}
 *
 * Templates are compiled once at start. Compilation follows the HTML around
 * each substitution and refuses what it cannot escape safely: a value in an
 * unquoted attribute, between attributes, inside <script>/<style> or a
 * comment. Values in text and quoted attributes are HTML-escaped; a value
 * that begins a URL attribute (href, src, action…) must also be a safe URL
 * (relative, http, https, mailto, tel) or it is replaced by "#".
 * Rendering is strict: a name that the context does not hold is an error,
 * so a typo fails the template tests instead of showing a blank to a user.
 */
#ifndef MM_TEMPLATE_H
#define MM_TEMPLATE_H

#include "lib/str.h"
#include "view/value.h"

#define TPL_MAX_DEPTH 32 /* nested sections and partials */
#define TPL_ERR_MAX 256

struct template;
struct tpl_set;

/* Where {{t key}} strings come from. has_key validates at compile time. */
#define TPL_I18N_VARIANTS 4

struct tpl_i18n {
	bool (*has_key)(void *data, struct str key);
	struct str (*get)(void *data, struct str key);
	void *data;
	/* Optional, for catalogues fixed before templates are compiled (as in
	 * the server): tpl_compile() resolves and escapes every {{t}} once
	 * for each of `variants` variants (the languages) with get_variant(),
	 * and a render whose i18n names its `variant` (≥ 0) copies that text
	 * instead of looking it up. variants 0 / variant -1: looked up at
	 * each render. */
	int variant;
	int variants;
	struct str (*get_variant)(int variant, struct str key);
};

/* Compiles one template into arena a (which must outlive it). i18n may be
 * NULL (then any {{t}} is an error). err receives a one-line reason. */
MM_MUST_USE enum mm_err tpl_compile(struct arena *a, const char *name, struct str src,
                                    const struct tpl_i18n *i18n, struct template **out,
                                    char err[TPL_ERR_MAX]);

/* Compiles every embedded template (templates/, *.html) and links partials. */
MM_MUST_USE enum mm_err tpl_set_load(struct arena *a, const struct tpl_i18n *i18n,
                                     struct tpl_set **out, char err[TPL_ERR_MAX]);
/* "home", "layout", "partials/site_header"; NULL when absent. */
const struct template *tpl_set_find(const struct tpl_set *set, const char *name);
size_t tpl_set_count(const struct tpl_set *set);
const struct template *tpl_set_at(const struct tpl_set *set, size_t i);
const char *tpl_name(const struct template *t);

/* Renders t with ctx into out; translations come from i18n_data passed to
 * the i18n's get(). */
MM_MUST_USE enum mm_err tpl_render(const struct template *t, const struct val *ctx,
                                   const struct tpl_i18n *i18n, struct buf *out,
                                   char err[TPL_ERR_MAX]);

#endif
