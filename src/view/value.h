/*
 * value.h — the data a template is rendered with: a small tree of strings,
 * booleans, lists and objects built in the request arena by a handler.
 * Program-generated HTML is a distinct type (V_HTML) so that only it can be
 * written unescaped, and only through the template's {{raw name}} form.
 */
#ifndef MM_VALUE_H
#define MM_VALUE_H

#include <stdbool.h>

#include "lib/str.h"

enum val_type { V_STR, V_HTML, V_BOOL, V_LIST, V_OBJ };

struct item;

struct val {
	enum val_type type;
	struct str s; /* V_STR, V_HTML */
	bool b;       /* V_BOOL */
	/* V_LIST: its items in order; V_OBJ: its fields in order. */
	struct item *first, *last;
	size_t n;
};

/* An item of a list, or a field of an object (with its name). */
struct item {
	const char *name; /* a field's; NULL in a list */
	struct val *v;
	struct item *next;
};

struct val *val_obj(struct arena *a);
struct val *val_list(struct arena *a);
/* Setters return the child (NULL when the arena is full). The name and a
 * text must outlive the value (a literal, or arena memory), never a local
 * buffer: pages are rendered after the setter's function returned, and
 * builds with asserts check this. Setting a name that the object already
 * has replaces its value. */
/* A V_HTML value on its own (to push to a list). */
struct val *val_html(struct arena *a, struct str html);
struct val *val_set(struct arena *a, struct val *obj, const char *name, struct val *child);
struct val *val_set_str(struct arena *a, struct val *obj, const char *name, struct str s);
struct val *val_set_cstr(struct arena *a, struct val *obj, const char *name, const char *s);
struct val *val_set_html(struct arena *a, struct val *obj, const char *name, struct str html);
struct val *val_set_bool(struct arena *a, struct val *obj, const char *name, bool b);
struct val *val_set_long(struct arena *a, struct val *obj, const char *name, long n);
struct val *val_set_list(struct arena *a, struct val *obj, const char *name);
/* The list name for n items to come, and the boolean has_name saying
 * whether there are any (what a template tests to show "none yet"). */
struct val *val_set_list_counted(struct arena *a, struct val *obj, const char *name,
                                 const char *has_name, size_t n);
struct val *val_set_obj(struct arena *a, struct val *obj, const char *name);
/* Appends a new object to a list and returns it. */
struct val *val_list_push_obj(struct arena *a, struct val *list);
struct val *val_list_push(struct arena *a, struct val *list, struct val *v);

/* The field's value, or NULL. */
const struct val *val_get(const struct val *obj, struct str name);
/* False for empty strings, false, empty lists. */
bool val_truthy(const struct val *v);

#endif
