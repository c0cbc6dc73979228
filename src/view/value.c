/*
 * value.c — see value.h. Objects are short lists of fields (a page context
 * has a dozen), so lookup is a linear scan; a list's items and an object's
 * fields are appended alike.
 */
#include "view/value.h"

#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define VALUE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VALUE_ASAN 1
#endif
#endif
#ifdef VALUE_ASAN
#include <sanitizer/asan_interface.h>
#endif

#ifndef NDEBUG
/* Whether p points into the calling thread's stack, or into the fake
 * stack where AddressSanitizer keeps locals to catch a use after return.
 * A value's text and a field's name are borrowed, and a page is rendered
 * after the function that set them returned: a local buffer there is
 * read after its frame is gone, which only shows when the memory happens
 * to be reused. Asserting here makes every such setter fail every time. */
static bool on_stack(const void *p)
{
	static _Thread_local uintptr_t lo, hi;
	if (!p)
		return false;
#ifdef VALUE_ASAN
	void *fake = __asan_get_current_fake_stack();
	if (fake && __asan_addr_is_in_fake_stack(fake, (void *)p, NULL, NULL))
		return true;
#endif
	if (!hi) {
		pthread_attr_t at;
		void *base;
		size_t size;
		hi = 1; /* asked once: unknown bounds check nothing */
		if (pthread_getattr_np(pthread_self(), &at) == 0) {
			if (pthread_attr_getstack(&at, &base, &size) == 0) {
				lo = (uintptr_t)base;
				hi = (uintptr_t)base + size;
			}
			pthread_attr_destroy(&at);
		}
	}
	return (uintptr_t)p >= lo && (uintptr_t)p < hi;
}
#endif

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

/* child appended to the items of v: a list's (name NULL) or an object's
 * fields. */
static struct val *append(struct arena *a, struct val *v, const char *name, struct val *child)
{
	struct item *it = arena_zalloc(a, sizeof *it);
	if (!it)
		return NULL;
	it->name = name;
	it->v = child;
	if (v->last)
		v->last->next = it;
	else
		v->first = it;
	v->last = it;
	v->n++;
	return child;
}

struct val *val_set(struct arena *a, struct val *obj, const char *name, struct val *child)
{
	if (!obj || !child || obj->type != V_OBJ)
		return NULL;
	assert(!on_stack(name));
	for (struct item *old = obj->first; old; old = old->next) {
		/* names are mostly the same literal: pointer, then first byte */
		if (old->name == name ||
		    (old->name[0] == name[0] && strcmp(old->name, name) == 0)) {
			old->v = child; /* setting a name again replaces its value */
			return child;
		}
	}
	return append(a, obj, name, child);
}

/* A V_STR or V_HTML value (NULL text read as ""). */
static struct val *set_text(struct arena *a, struct val *obj, const char *name, enum val_type type,
                            struct str s)
{
	assert(!on_stack(s.p));
	struct val *v = val_new(a, type);
	if (!v)
		return NULL;
	v->s = s.p ? s : STR("");
	return val_set(a, obj, name, v);
}

struct val *val_html(struct arena *a, struct str html)
{
	assert(!on_stack(html.p));
	struct val *v = val_new(a, V_HTML);
	if (v)
		v->s = html.p ? html : STR("");
	return v;
}

struct val *val_set_str(struct arena *a, struct val *obj, const char *name, struct str s)
{
	return set_text(a, obj, name, V_STR, s);
}

struct val *val_set_cstr(struct arena *a, struct val *obj, const char *name, const char *s)
{
	return val_set_str(a, obj, name, str_from(s));
}

struct val *val_set_html(struct arena *a, struct val *obj, const char *name, struct str html)
{
	return set_text(a, obj, name, V_HTML, html);
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

struct val *val_set_list_counted(struct arena *a, struct val *obj, const char *name,
                                 const char *has_name, size_t n)
{
	struct val *list = val_set_list(a, obj, name);
	return list && val_set_bool(a, obj, has_name, n > 0) ? list : NULL;
}

struct val *val_set_obj(struct arena *a, struct val *obj, const char *name)
{
	return val_set(a, obj, name, val_obj(a));
}

struct val *val_list_push(struct arena *a, struct val *list, struct val *v)
{
	if (!list || !v || list->type != V_LIST)
		return NULL;
	return append(a, list, NULL, v);
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
	for (const struct item *f = obj->first; f; f = f->next)
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
