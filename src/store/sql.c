/*
 * sql.c — see sql.h: the statement helpers every area uses, over the
 * driver's run() and its column readers.
 */
#include "store/sql.h"

#include <assert.h>
#include <string.h>

static const struct sql_driver *driver_of(struct store *s)
{
	return s->driver->sql;
}

const char *sql_col_cstr(const struct sql_row *r, int col)
{
	size_t n;
	const char *p = r->columns->text(r, col, &n);
	return p ? p : "";
}

struct str sql_col_str(struct arena *a, const struct sql_row *r, int col)
{
	size_t n = 0;
	const char *p = r->columns->text(r, col, &n);
	char *copy = p ? arena_strndup(a, p, n) : NULL;
	return copy ? (struct str){copy, n} : STR("");
}

int sql_col_name_index(const struct sql_row *r, int col, const char *const names[], size_t n)
{
	size_t len = 0;
	const char *p = r->columns->text(r, col, &len);
	for (size_t i = 0; p && i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], p, len) == 0)
			return (int)i;
	return 0;
}

void sql_read_int64(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(int64_t *)item = sql_col_int64(r, 0);
}

void sql_read_str(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct str *)item = sql_col_str(a, r, 0);
}

enum mm_err sql_exec_count(struct store *s, const struct sql *q, const struct store_arg *args,
                           size_t n, const char *what, int64_t *changed)
{
	*changed = 0;
	return driver_of(s)->run(s, q, args, n, what, NULL, NULL, changed);
}

enum mm_err sql_exec(struct store *s, const struct sql *q, const struct store_arg *args, size_t n,
                     const char *what)
{
	int64_t changed;
	return sql_exec_count(s, q, args, n, what, &changed);
}

enum mm_err sql_exec_steps(struct store *s, const struct sql *const steps[], size_t n,
                           const char *what)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; i < n && !e; i++)
		e = sql_exec(s, steps[i], NO_ARGS, what);
	return e;
}

enum mm_err sql_exec_one(struct store *s, const struct sql *q, const struct store_arg *args,
                         size_t n, const char *what)
{
	int64_t changed;
	enum mm_err e = sql_exec_count(s, q, args, n, what, &changed);
	return e ? e : changed ? MM_OK : MM_ERR_NOT_FOUND;
}

enum mm_err sql_each(struct store *s, const struct sql *q, const struct store_arg *args, size_t n,
                     sql_each_row each, void *ctx, const char *what)
{
	int64_t changed;
	return driver_of(s)->run(s, q, args, n, what, each, ctx, &changed);
}

struct rows_text {
	struct buf *b;
	int columns;
	enum mm_err e;
};

static bool append_row_text(const struct sql_row *r, void *ctx)
{
	struct rows_text *t = ctx;
	for (int i = 0; i < t->columns && !t->e; i++)
		t->e =
		    buf_printf(t->b, "%s%s", sql_col_cstr(r, i), i + 1 < t->columns ? "," : "\n");
	return !t->e;
}

enum mm_err sql_append_rows_text(struct store *s, const struct sql *q, const struct store_arg *args,
                                 size_t n, int columns, struct buf *b, const char *what)
{
	struct rows_text t = {b, columns, MM_OK};
	enum mm_err e = sql_each(s, q, args, n, append_row_text, &t, what);
	return e ? e : t.e;
}

struct first {
	bool found;
	struct arena *a;
	sql_row_reader read;
	void *out;
	int64_t value;
};

static bool first_int64(const struct sql_row *r, void *ctx)
{
	struct first *f = ctx;
	f->found = true;
	f->value = sql_col_int64(r, 0);
	return false;
}

enum mm_err sql_int64_of(struct store *s, const struct sql *q, const struct store_arg *args,
                         size_t n, const char *what, int64_t *out)
{
	struct first f = {0};
	enum mm_err e = sql_each(s, q, args, n, first_int64, &f, what);
	if (e)
		return e;
	if (!f.found)
		return MM_ERR_NOT_FOUND;
	*out = f.value;
	return MM_OK;
}

enum mm_err sql_exists(struct store *s, const struct sql *q, const struct store_arg *args, size_t n,
                       const char *what, bool *found)
{
	int64_t first;
	enum mm_err e = sql_int64_of(s, q, args, n, what, &first);
	*found = e == MM_OK;
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

enum mm_err sql_insert(struct store *s, const struct sql *q, const struct store_arg *args, size_t n,
                       const char *what, int64_t *id)
{
	int64_t changed = 0;
	enum mm_err e = id ? sql_int64_of(s, q, args, n, what, id)
	                   : sql_exec_count(s, q, args, n, what, &changed);
	if (!e && !id && changed == 0)
		e = MM_ERR_NOT_FOUND;
	return e == MM_ERR_NOT_FOUND ? MM_ERR_CONFLICT : e;
}

static bool first_row(const struct sql_row *r, void *ctx)
{
	struct first *f = ctx;
	f->found = true;
	f->read(f->a, r, f->out);
	return false;
}

enum mm_err sql_row(struct store *s, struct arena *a, const struct sql *q,
                    const struct store_arg *args, size_t n, sql_row_reader read, void *out,
                    const char *what)
{
	struct first f = {.a = a, .read = read, .out = out};
	enum mm_err e = sql_each(s, q, args, n, first_row, &f, what);
	return e ? e : f.found ? MM_OK : MM_ERR_NOT_FOUND;
}

struct collect {
	struct arena *a;
	sql_row_reader read;
	size_t size, max, count, cap;
	char *items;
	bool nomem;
};

static bool collect_row(const struct sql_row *r, void *ctx)
{
	struct collect *c = ctx;
	if (c->count == c->cap) {
		size_t grown = c->cap ? c->cap * 2 : 16;
		if (grown > c->max)
			grown = c->max;
		char *p = arena_realloc(c->a, c->items, c->cap * c->size, grown * c->size);
		if (!p) {
			c->nomem = true;
			return false;
		}
		c->items = p;
		c->cap = grown;
	}
	c->read(c->a, r, c->items + c->count * c->size);
	c->count++;
	return c->count < c->max;
}

enum mm_err sql_rows(struct store *s, struct arena *a, const struct sql *q,
                     const struct store_arg *args, size_t n, size_t size, size_t max,
                     sql_row_reader read, void **out, size_t *count, const char *what)
{
	struct collect c = {.a = a, .read = read, .size = size, .max = max};
	*out = NULL;
	*count = 0;
	if (max == 0)
		return MM_OK;
	enum mm_err e = sql_each(s, q, args, n, collect_row, &c, what);
	if (!e && c.nomem)
		e = MM_ERR_NOMEM;
	if (e)
		return e;
	*out = c.items;
	*count = c.count;
	return MM_OK;
}

enum mm_err sql_rows_counted(struct store *s, struct arena *a, const struct sql *count,
                             const struct sql *list, const struct store_arg *args, size_t n,
                             size_t page_n, size_t size, size_t max, sql_row_reader read,
                             void **out, size_t *rows, int64_t *total, const char *what)
{
	assert(page_n <= n);
	enum mm_err e = sql_int64_of(s, count, args, n - page_n, what, total);
	return e ? e : sql_rows(s, a, list, args, n, size, max, read, out, rows, what);
}

void sql_savepoint_next(struct store *s)
{
	if (driver_of(s)->savepoint_next)
		driver_of(s)->savepoint_next(s);
}

bool sql_in_transaction(struct store *s)
{
	return driver_of(s)->in_transaction(s);
}

/* ---- blobs --------------------------------------------------------------------- */

struct str sql_col_blob(struct arena *a, const struct sql_row *r, int col, size_t n)
{
	unsigned char *p = arena_alloc(a, n + 1);
	if (!p || !sql_col_bytes(r, col, p, n))
		return (struct str){NULL, 0};
	return (struct str){(const char *)p, n};
}

/* ---- fingerprints of derived tables ------------------------------------------ */

/* A fingerprint's text is at most this long (the seeded tables' size). */
#define SQL_FINGERPRINT_MAX (1 << 24)

enum mm_err sql_fingerprint(struct store *s, struct arena *a,
                            const struct sql_fingerprint_table tables[], size_t n, struct str *out,
                            const char *what)
{
	struct buf b;
	enum mm_err e;
	buf_init(&b, a, SQL_FINGERPRINT_MAX);
	for (size_t t = 0; t < n; t++) {
		const struct sql_fingerprint_table *x = &tables[t];
		if ((e = buf_printf(&b, "table %zu\n", t)) ||
		    (e = sql_append_rows_text(s, x->q, x->args, x->n, x->columns, &b, what)))
			return e;
	}
	*out = buf_str(&b);
	return out->p || b.n == 0 ? MM_OK : MM_ERR_NOMEM;
}

/* ---- queries that always answer one row ------------------------------------ */

static enum mm_err no_row_is_db_error(enum mm_err e)
{
	return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
}

enum mm_err sql_one_row(struct store *s, struct arena *a, const struct sql *q,
                        const struct store_arg *args, size_t n, sql_row_reader read, void *out,
                        const char *what)
{
	return no_row_is_db_error(sql_row(s, a, q, args, n, read, out, what));
}

enum mm_err sql_one_int64(struct store *s, const struct sql *q, const struct store_arg *args,
                          size_t n, const char *what, int64_t *out)
{
	return no_row_is_db_error(sql_int64_of(s, q, args, n, what, out));
}

/* ---- many rows at once ------------------------------------------------------- */

bool sql_statement_is_round_trip(struct store *s)
{
	return s->driver != &store_sqlite_driver;
}

/* ---- the drivers' statement caches ------------------------------------------ */

size_t sql_cache_first_slot(const void *key, size_t slots)
{
	assert(slots && (slots & (slots - 1)) == 0);
	/* Fibonacci hashing of the address without its alignment bits. */
	return (size_t)(((uint64_t)(uintptr_t)key >> 3) * 0x9E3779B97F4A7C15u >> 40) & (slots - 1);
}

/* ---- two reads as one list ---------------------------------------------------- */

enum mm_err sql_rows_joined(struct arena *a, const void *first, size_t n1, const void *second,
                            size_t n2, size_t size, void **out, size_t *n)
{
	char *joined = arena_alloc(a, (n1 + n2 + 1) * size);
	*out = joined;
	if (!joined)
		return MM_ERR_NOMEM;
	if (n1)
		memcpy(joined, first, n1 * size);
	if (n2)
		memcpy(joined + n1 * size, second, n2 * size);
	*n = n1 + n2;
	return MM_OK;
}
