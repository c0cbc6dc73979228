/*
 * value.c — see value.h. Objects are short lists of fields (a page context
 * has a dozen), so lookup is a linear scan.
 */
#include "view/value.h"

#include <inttypes.h>
#include <string.h>

static struct val *val_new(struct arena *a, enum val_type type)
{
	struct val *v = arena_zalloc(a, sizeof *v);
	if (v)
		v->type = type;
	return v;
}

struct val *val_obj(struct arena *a)
{
	return val_new(a, V_OBJ);
}

struct val *val_list(struct arena *a)
{
	return val_new(a, V_LIST);
}

struct val *val_set(struct arena *a, struct val *obj, const char *name, struct val *child)
{
	if (!obj || !child || obj->type != V_OBJ)
		return NULL;
	for (struct field *old = obj->fields; old; old = old->next) {
		/* names are mostly the same literal: pointer, then first byte */
		if (old->name == name ||
		    (old->name[0] == name[0] && strcmp(old->name, name) == 0)) {
			old->v = child; /* setting a name again replaces its value */
			return child;
		}
	}
	struct field *f = arena_zalloc(a, sizeof *f);
	if (!f)
		return NULL;
	f->name = name;
	f->v = child;
	if (obj->last_field)
		obj->last_field->next = f;
	else
		obj->fields = f;
	obj->last_field = f;
	obj->n++;
	return child;
}

struct val *val_set_str(struct arena *a, struct val *obj, const char *name, struct str s)
{
	struct val *v = val_new(a, V_STR);
	if (!v)
		return NULL;
	v->s = s.p ? s : STR("");
	return val_set(a, obj, name, v);
}

struct val *val_set_cstr(struct arena *a, struct val *obj, const char *name, const char *s)
{
	return val_set_str(a, obj, name, str_from(s));
}

struct val *val_set_html(struct arena *a, struct val *obj, const char *name, struct str html)
{
	struct val *v = val_new(a, V_HTML);
	if (!v)
		return NULL;
	v->s = html.p ? html : STR("");
	return val_set(a, obj, name, v);
}

struct val *val_set_bool(struct arena *a, struct val *obj, const char *name, bool b)
{
	struct val *v = val_new(a, V_BOOL);
	if (!v)
		return NULL;
	v->b = b;
	return val_set(a, obj, name, v);
}

struct val *val_set_long(struct arena *a, struct val *obj, const char *name, long n)
{
	char *s = arena_printf(a, "%ld", n);
	if (!s)
		return NULL;
	return val_set_cstr(a, obj, name, s);
}

struct val *val_set_list(struct arena *a, struct val *obj, const char *name)
{
	return val_set(a, obj, name, val_list(a));
}

struct val *val_set_obj(struct arena *a, struct val *obj, const char *name)
{
	return val_set(a, obj, name, val_obj(a));
}

struct val *val_list_push(struct arena *a, struct val *list, struct val *v)
{
	if (!list || !v || list->type != V_LIST)
		return NULL;
	struct item *it = arena_zalloc(a, sizeof *it);
	if (!it)
		return NULL;
	it->v = v;
	if (list->last)
		list->last->next = it;
	else
		list->first = it;
	list->last = it;
	list->n++;
	return v;
}

struct val *val_list_push_obj(struct arena *a, struct val *list)
{
	return val_list_push(a, list, val_obj(a));
}

const struct val *val_get(const struct val *obj, struct str name)
{
	if (!obj || obj->type != V_OBJ)
		return NULL;
	char first = name.n ? name.p[0] : '\0';
	for (const struct field *f = obj->fields; f; f = f->next)
		if (f->name[0] == first && str_eq_lit(name, f->name))
			return f->v;
	return NULL;
}

bool val_truthy(const struct val *v)
{
	if (!v)
		return false;
	switch (v->type) {
	case V_STR:
	case V_HTML:
		return v->s.n > 0;
	case V_BOOL:
		return v->b;
	case V_LIST:
		return v->n > 0;
	case V_OBJ:
		return true;
	}
	return false;
}
