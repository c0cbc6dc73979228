/*
 * template.c — see template.h. Compilation turns the source into a tree of
 * nodes and decides, for every substitution, its escaping context by
 * running the HTML tokenizer of html_context.h over the literal text
 * before it.
 */
#include "view/template.h"

#include <assert.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "view/html_context.h"

enum node_kind { N_TEXT, N_VAR, N_RAW, N_TRANS, N_SECTION, N_INVERTED, N_PARTIAL };
enum esc_ctx { CTX_TEXT, CTX_ATTR, CTX_URL };

struct node {
	enum node_kind kind;
	enum esc_ctx ctx;
	struct str text; /* literal text, or the name / key / partial name */
	int line;
	struct node *children, *next;
	const struct template *partial; /* N_PARTIAL, set when linked */
	/* N_TRANS: the catalogue text per variant, escaped for ctx */
	struct str trans[TPL_I18N_VARIANTS];
	int trans_n;
};

struct template
{
	const char *name;
	struct node *first;
	struct template *next_in_set;
};

struct tpl_set {
	struct template *first;
	size_t n;
	const struct template **by_name; /* the n templates sorted by name */
};

/* ---- compiling ------------------------------------------------------- */

struct compiler {
	struct arena *a;
	const char *name;
	const struct tpl_i18n *i18n;
	char *err;
	int line;
	struct html_ctx html;
};

static enum mm_err fail(struct compiler *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum mm_err fail(struct compiler *c, const char *fmt, ...)
{
	char msg[TPL_ERR_MAX / 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->err, TPL_ERR_MAX, "%s:%d: %s", c->name, c->line, msg);
	return MM_ERR_TEMPLATE;
}

static bool valid_name(struct str s, bool is_key)
{
	if (s.n == 0)
		return false;
	if (!is_key && s.n == 1 && s.p[0] == '.')
		return true;
	for (size_t i = 0; i < s.n; i++) {
		char ch = s.p[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		          ch == '.' || (!is_key && ((ch >= 'A' && ch <= 'Z') || ch == '/'));
		if (!ok)
			return false;
	}
	return s.p[0] != '.' && s.p[s.n - 1] != '.';
}

static int count_lines(struct str s)
{
	int n = 0;
	for (size_t i = 0; i < s.n; i++)
		n += s.p[i] == '\n';
	return n;
}

struct open_section {
	struct node *node;
	struct node **tail;
	int state_class;
};

static struct node *node_add(struct compiler *c, struct node ***tail, enum node_kind kind,
                             struct str text)
{
	struct node *n = arena_zalloc(c->a, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->text = text;
	n->line = c->line;
	**tail = n;
	*tail = &n->next;
	return n;
}

static bool url_is_safe(struct str u);

/* The catalogue texts of a {{t}} node, escaped for ctx, once per variant
 * (see struct tpl_i18n). */
static enum mm_err resolve_trans(struct compiler *c, struct node *n, enum esc_ctx ctx)
{
	const struct tpl_i18n *i = c->i18n;
	if (!i->get_variant || i->variants <= 0 || i->variants > TPL_I18N_VARIANTS)
		return MM_OK;
	for (int v = 0; v < i->variants; v++) {
		struct str text = i->get_variant(v, n->text);
		if (ctx == CTX_URL && !url_is_safe(str_trim(text)))
			text = STR("#");
		struct buf b;
		buf_init(&b, c->a, text.n * 6 + 1);
		if (buf_append_html(&b, text) || buf_append_char(&b, '\0'))
			return MM_ERR_NOMEM;
		n->trans[v] = (struct str){b.p, b.n - 1};
	}
	n->trans_n = i->variants;
	return MM_OK;
}

/* The escaping context for a substitution at the current position. */
static enum mm_err substitution_ctx(struct compiler *c, struct str what, enum esc_ctx *ctx)
{
	switch (c->html.state) {
	case HS_DATA:
		*ctx = CTX_TEXT;
		return MM_OK;
	case HS_VALUE_DQ:
	case HS_VALUE_SQ:
		if (c->html.attr_n >= 2 && c->html.attr[0] == 'o' && c->html.attr[1] == 'n')
			return fail(c, "{{%.*s}} inside an event-handler attribute", (int)what.n,
			            what.p);
		if (c->html.attr_n == 5 && memcmp(c->html.attr, "style", 5) == 0)
			return fail(c, "{{%.*s}} inside a style attribute", (int)what.n, what.p);
		*ctx = (html_context_in_url(&c->html) && c->html.value_empty) ? CTX_URL : CTX_ATTR;
		c->html.value_empty = false;
		return MM_OK;
	case HS_VALUE_UNQ:
	case HS_BEFORE_VALUE:
		return fail(c, "{{%.*s}} in an unquoted attribute value", (int)what.n, what.p);
	case HS_RAWTEXT:
		return fail(c, "{{%.*s}} inside <script> or <style>", (int)what.n, what.p);
	case HS_COMMENT:
		return fail(c, "{{%.*s}} inside an HTML comment", (int)what.n, what.p);
	default:
		return fail(c, "{{%.*s}} inside a tag, outside an attribute value", (int)what.n,
		            what.p);
	}
}

static enum mm_err compile_tag(struct compiler *c, struct str tag, struct open_section *stack,
                               size_t *depth, struct node ***tail)
{
	char sigil = tag.n ? tag.p[0] : '\0';
	struct str rest = str_trim((struct str){tag.p + 1, tag.n ? tag.n - 1 : 0});
	struct node *n;
	enum esc_ctx ctx;
	enum mm_err err;

	if (sigil == '!')
		return MM_OK;
	if (sigil == '#' || sigil == '^') {
		if (!valid_name(rest, false))
			return fail(c, "bad section name '%.*s'", (int)rest.n, rest.p);
		if (*depth >= TPL_MAX_DEPTH)
			return fail(c, "sections nested too deeply");
		if (html_state_class(c->html.state) != HS_DATA &&
		    html_state_class(c->html.state) != HS_IN_TAG && c->html.state != HS_VALUE_DQ &&
		    c->html.state != HS_VALUE_SQ)
			return fail(c, "section '%.*s' where it cannot be checked", (int)rest.n,
			            rest.p);
		n = node_add(c, tail, sigil == '#' ? N_SECTION : N_INVERTED, rest);
		if (!n)
			return MM_ERR_NOMEM;
		stack[*depth] = (struct open_section){n, *tail, html_state_class(c->html.state)};
		(*depth)++;
		*tail = &n->children;
		return MM_OK;
	}
	if (sigil == '/') {
		if (*depth == 0)
			return fail(c, "{{/%.*s}} closes nothing", (int)rest.n, rest.p);
		struct open_section *open = &stack[*depth - 1];
		if (!str_eq(open->node->text, rest))
			return fail(c, "{{/%.*s}} closes {{#%.*s}}", (int)rest.n, rest.p,
			            (int)open->node->text.n, open->node->text.p);
		if (html_state_class(c->html.state) != open->state_class)
			return fail(
			    c, "section '%.*s' ends in a different HTML context than it starts",
			    (int)rest.n, rest.p);
		*tail = open->tail;
		(*depth)--;
		return MM_OK;
	}
	if (sigil == '>') {
		if (!valid_name(rest, false))
			return fail(c, "bad partial name '%.*s'", (int)rest.n, rest.p);
		if (c->html.state != HS_DATA)
			return fail(c, "partial '%.*s' outside text", (int)rest.n, rest.p);
		return node_add(c, tail, N_PARTIAL, rest) ? MM_OK : MM_ERR_NOMEM;
	}
	if (str_starts_with(tag, "t ") || str_starts_with(tag, "raw ")) {
		bool trans = tag.p[0] == 't';
		struct str arg =
		    str_trim((struct str){tag.p + (trans ? 2 : 4), tag.n - (trans ? 2 : 4)});
		if (!valid_name(arg, trans))
			return fail(c, "bad name '%.*s'", (int)arg.n, arg.p);
		if (trans) {
			if (!c->i18n || !c->i18n->has_key(c->i18n->data, arg))
				return fail(c, "unknown catalogue key '%.*s'", (int)arg.n, arg.p);
			if ((err = substitution_ctx(c, arg, &ctx)))
				return err;
			n = node_add(c, tail, N_TRANS, arg);
			if (n && (err = resolve_trans(c, n, ctx)))
				return err;
		} else {
			if (c->html.state != HS_DATA)
				return fail(c, "{{raw %.*s}} outside text", (int)arg.n, arg.p);
			ctx = CTX_TEXT;
			n = node_add(c, tail, N_RAW, arg);
		}
		if (!n)
			return MM_ERR_NOMEM;
		n->ctx = ctx;
		return MM_OK;
	}
	if (!valid_name(tag, false))
		return fail(c, "bad variable name '%.*s'", (int)tag.n, tag.p);
	if ((err = substitution_ctx(c, tag, &ctx)))
		return err;
	n = node_add(c, tail, N_VAR, tag);
	if (!n)
		return MM_ERR_NOMEM;
	n->ctx = ctx;
	return MM_OK;
}

enum mm_err tpl_compile(struct arena *a, const char *name, struct str src,
                        const struct tpl_i18n *i18n, struct template **out, char err[TPL_ERR_MAX])
{
	struct compiler c = {.a = a, .name = name, .i18n = i18n, .err = err, .line = 1};
	struct template *t = arena_zalloc(a, sizeof *t);
	if (!t)
		return MM_ERR_NOMEM;
	t->name = name;
	struct node **tail = &t->first;
	struct open_section stack[TPL_MAX_DEPTH];
	size_t depth = 0;
	size_t pos = 0;
	enum mm_err e;

	err[0] = '\0';
	while (pos < src.n) {
		const char *open = memmem(src.p + pos, src.n - pos, "{{", 2);
		size_t text_end = open ? (size_t)(open - src.p) : src.n;
		if (text_end > pos) {
			struct str text = {src.p + pos, text_end - pos};
			if (!node_add(&c, &tail, N_TEXT, text))
				return MM_ERR_NOMEM;
			html_context_advance(&c.html, text);
			c.line += count_lines(text);
		}
		if (!open)
			break;
		const char *close = memmem(open + 2, src.n - (text_end + 2), "}}", 2);
		if (!close)
			return fail(&c, "'{{' without '}}'");
		struct str tag = str_trim((struct str){open + 2, (size_t)(close - open - 2)});
		if ((e = compile_tag(&c, tag, stack, &depth, &tail)))
			return e;
		c.line += count_lines(tag);
		pos = (size_t)(close - src.p) + 2;
	}
	if (depth)
		return fail(&c, "{{#%.*s}} is never closed", (int)stack[depth - 1].node->text.n,
		            stack[depth - 1].node->text.p);
	if (c.html.state != HS_DATA)
		return fail(&c, "template ends inside a tag, comment or script");
	*out = t;
	return MM_OK;
}

/* ---- sets ------------------------------------------------------------ */

static enum mm_err link_partials(const struct tpl_set *set, const struct template *t,
                                 struct node *n, char err[TPL_ERR_MAX])
{
	for (; n; n = n->next) {
		if (n->kind == N_PARTIAL) {
			char name[128];
			int len =
			    snprintf(name, sizeof name, "partials/%.*s", (int)n->text.n, n->text.p);
			if (len < 0 || (size_t)len >= sizeof name ||
			    !(n->partial = tpl_set_find(set, name))) {
				snprintf(err, TPL_ERR_MAX, "%s:%d: unknown partial '%.*s'", t->name,
				         n->line, (int)n->text.n, n->text.p);
				return MM_ERR_TEMPLATE;
			}
		}
		enum mm_err e = link_partials(set, t, n->children, err);
		if (e)
			return e;
	}
	return MM_OK;
}

/* qsort/bsearch order of template pointers: by name. */
static int by_name(const void *x, const void *y)
{
	const struct template *const *a = x, *const *b = y;
	return strcmp((*a)->name, (*b)->name);
}

enum mm_err tpl_set_load(struct arena *a, const struct tpl_i18n *i18n, struct tpl_set **out,
                         char err[TPL_ERR_MAX])
{
	static const char prefix[] = "templates/", suffix[] = ".html";
	struct tpl_set *set = arena_zalloc(a, sizeof *set);
	if (!set)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < embedded_count; i++) {
		struct str path = str_from(embedded_files[i].name);
		if (!str_starts_with(path, prefix) || !str_ends_with(path, suffix))
			continue;
		char *name = arena_strndup(a, path.p + sizeof prefix - 1,
		                           path.n - (sizeof prefix - 1) - (sizeof suffix - 1));
		struct template *t;
		if (!name)
			return MM_ERR_NOMEM;
		enum mm_err e =
		    tpl_compile(a, name, embedded_str(&embedded_files[i]), i18n, &t, err);
		if (e)
			return e;
		t->next_in_set = set->first;
		set->first = t;
		set->n++;
	}
	set->by_name = arena_alloc(a, sizeof *set->by_name * (set->n ? set->n : 1));
	if (!set->by_name)
		return MM_ERR_NOMEM;
	size_t k = 0;
	for (const struct template *t = set->first; t; t = t->next_in_set)
		set->by_name[k++] = t;
	qsort(set->by_name, set->n, sizeof *set->by_name, by_name);
	for (struct template *t = set->first; t; t = t->next_in_set) {
		enum mm_err e = link_partials(set, t, t->first, err);
		if (e)
			return e;
	}
	*out = set;
	return MM_OK;
}

const struct template *tpl_set_find(const struct tpl_set *set, const char *name)
{
	/* every page render looks two templates up among a few hundred */
	const struct template key = {.name = name}, *k = &key;
	const struct template **t =
	    bsearch(&k, set->by_name, set->n, sizeof *set->by_name, by_name);
	return t ? *t : NULL;
}

size_t tpl_set_count(const struct tpl_set *set)
{
	return set->n;
}

const struct template *tpl_set_at(const struct tpl_set *set, size_t i)
{
	const struct template *t = set->first;
	while (t && i--)
		t = t->next_in_set;
	return t;
}

const char *tpl_name(const struct template *t)
{
	return t->name;
}

/* ---- rendering ------------------------------------------------------- */

struct renderer {
	const struct tpl_i18n *i18n;
	struct buf *out;
	char *err;
	const struct template *t;
	const struct val *stack[TPL_MAX_DEPTH * 2];
	size_t depth;
	size_t partial_depth;
};

static enum mm_err render_fail(struct renderer *r, const struct node *n, const char *what)
{
	snprintf(r->err, TPL_ERR_MAX, "%s:%d: %s '%.*s'", r->t->name, n->line, what, (int)n->text.n,
	         n->text.p);
	return MM_ERR_TEMPLATE;
}

static const struct val *lookup(const struct renderer *r, struct str path)
{
	if (path.n == 1 && path.p[0] == '.')
		return r->depth ? r->stack[r->depth - 1] : NULL;
	long dot = str_index(path, '.');
	struct str head = dot < 0 ? path : (struct str){path.p, (size_t)dot};
	const struct val *v = NULL;
	for (size_t i = r->depth; i > 0 && !v; i--)
		v = val_get(r->stack[i - 1], head);
	while (v && dot >= 0) {
		path = (struct str){path.p + dot + 1, path.n - (size_t)dot - 1};
		dot = str_index(path, '.');
		head = dot < 0 ? path : (struct str){path.p, (size_t)dot};
		v = val_get(v, head);
	}
	return v;
}

/* Relative references and the schemes a page may link to. */
static bool url_is_safe(struct str u)
{
	static const char *const schemes[] = {"http:", "https:", "mailto:", "tel:"};
	for (size_t i = 0; i < u.n; i++) {
		char ch = u.p[i];
		if (ch == '/' || ch == '?' || ch == '#')
			return true;
		if (ch == ':') {
			for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
				size_t len = strlen(schemes[k]);
				if (i + 1 == len &&
				    str_eq_nocase((struct str){u.p, len}, schemes[k]))
					return true;
			}
			return false;
		}
	}
	return true;
}

static enum mm_err emit(struct renderer *r, enum esc_ctx ctx, struct str s)
{
	if (ctx == CTX_URL && !url_is_safe(str_trim(s)))
		s = STR("#");
	return buf_append_html(r->out, s);
}

static enum mm_err render_nodes(struct renderer *r, const struct node *n);

static enum mm_err render_section(struct renderer *r, const struct node *n, const struct val *v)
{
	enum mm_err e;
	if (n->kind == N_INVERTED)
		return val_truthy(v) ? MM_OK : render_nodes(r, n->children);
	if (!val_truthy(v))
		return MM_OK;
	if (r->depth >= sizeof r->stack / sizeof r->stack[0])
		return render_fail(r, n, "nested too deeply at");
	/* Every push below is popped before returning, whatever happens. */
	size_t depth_before = r->depth;
	(void)depth_before; /* read by the asserts only */
	if (v->type == V_LIST) {
		for (const struct item *it = v->first; it; it = it->next) {
			r->stack[r->depth++] = it->v;
			e = render_nodes(r, n->children);
			r->depth--;
			assert(r->depth == depth_before);
			if (e)
				return e;
		}
		return MM_OK;
	}
	if (v->type == V_OBJ) {
		r->stack[r->depth++] = v;
		e = render_nodes(r, n->children);
		r->depth--;
		assert(r->depth == depth_before);
		return e;
	}
	return render_nodes(r, n->children);
}

/* {{raw name}} of a list: every item must be program HTML. */
static enum mm_err raw_pieces(struct renderer *r, const struct node *n, const struct val *list)
{
	for (const struct item *it = list->first; it; it = it->next) {
		if (it->v->type != V_HTML)
			return render_fail(r, n, "raw output of a value that is not program HTML:");
		enum mm_err e = buf_append_str(r->out, it->v->s);
		if (e)
			return e;
	}
	return MM_OK;
}

static enum mm_err render_node(struct renderer *r, const struct node *n)
{
	const struct val *v;
	switch (n->kind) {
	case N_TEXT:
		return buf_append_str(r->out, n->text);
	case N_VAR:
		v = lookup(r, n->text);
		if (!v)
			return render_fail(r, n, "unknown variable");
		if (v->type != V_STR && v->type != V_HTML)
			return render_fail(r, n, "not a string:");
		return emit(r, n->ctx, v->s);
	case N_RAW:
		v = lookup(r, n->text);
		if (!v)
			return render_fail(r, n, "unknown variable");
		if (v->type == V_LIST) /* pieces of program HTML, one after the other */
			return raw_pieces(r, n, v);
		if (v->type != V_HTML)
			return render_fail(r, n, "raw output of a value that is not program HTML:");
		return buf_append_str(r->out, v->s);
	case N_TRANS:
		if (!r->i18n)
			return render_fail(r, n, "no catalogue for");
		if (r->i18n->variant >= 0 && r->i18n->variant < n->trans_n)
			return buf_append_str(r->out, n->trans[r->i18n->variant]);
		return emit(r, n->ctx, r->i18n->get(r->i18n->data, n->text));
	case N_SECTION:
	case N_INVERTED:
		v = lookup(r, n->text);
		if (!v)
			return render_fail(r, n, "unknown section");
		return render_section(r, n, v);
	case N_PARTIAL: {
		if (!n->partial)
			return render_fail(r, n, "unknown partial");
		if (r->partial_depth >= TPL_MAX_DEPTH)
			return render_fail(r, n, "partials nested too deeply at");
		const struct template *saved = r->t;
		r->t = n->partial;
		r->partial_depth++;
		enum mm_err e = render_nodes(r, n->partial->first);
		assert(r->partial_depth > 0);
		r->partial_depth--;
		r->t = saved;
		return e;
	}
	}
	return MM_ERR_TEMPLATE;
}

static enum mm_err render_nodes(struct renderer *r, const struct node *n)
{
	for (; n; n = n->next) {
		enum mm_err e = render_node(r, n);
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err tpl_render(const struct template *t, const struct val *ctx, const struct tpl_i18n *i18n,
                       struct buf *out, char err[TPL_ERR_MAX])
{
	struct renderer r = {.i18n = i18n, .out = out, .err = err, .t = t};
	err[0] = '\0';
	r.stack[r.depth++] = ctx;
	enum mm_err e = render_nodes(&r, t->first);
	if (e == MM_ERR_NOMEM && !err[0])
		snprintf(err, TPL_ERR_MAX, "%s: output larger than its limit", t->name);
	return e;
}
