/*
 * args.h — a statement's parameters as one typed list, for store/sql.h
 * and the drivers. A call names its SQL constant and its parameters in
 * order, $1 first, each with its type:
 *
 *     sql_exec(s, &SQL_USER_CONFIRM, ARGS(ARG_INT(id), ARG_INT(now)), "user confirm");
 *
 * The list is a compound literal on the caller's stack: nothing is
 * allocated, and each ARG_* macro checks the type of what it is given.
 * Private to the store.
 */
#ifndef MM_STORE_ARGS_H
#define MM_STORE_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

enum store_arg_kind {
	STORE_ARG_NULL,
	STORE_ARG_INT,
	STORE_ARG_BOOL,
	STORE_ARG_TEXT,
	STORE_ARG_BYTES
};

struct store_arg {
	enum store_arg_kind kind;
	int64_t i;       /* INT, BOOL */
	struct str text; /* TEXT; BYTES: the bytes in text.p, text.n */
};

static inline struct store_arg store_arg_int(int64_t v)
{
	return (struct store_arg){.kind = STORE_ARG_INT, .i = v};
}

static inline struct store_arg store_arg_bool(bool v)
{
	return (struct store_arg){.kind = STORE_ARG_BOOL, .i = v};
}

static inline struct store_arg store_arg_text(struct str v)
{
	return (struct store_arg){.kind = STORE_ARG_TEXT, .text = v};
}

static inline struct store_arg store_arg_bytes(const unsigned char *p, size_t n)
{
	return (struct store_arg){.kind = STORE_ARG_BYTES, .text = {(const char *)p, n}};
}

#define ARG_INT(v) store_arg_int(v)
#define ARG_BOOL(v) store_arg_bool(v)
#define ARG_TEXT(v) store_arg_text(v)
#define ARG_CSTR(v) store_arg_text(str_from(v))
#define ARG_BYTES(p, n) store_arg_bytes((p), (n))
#define ARG_NULL ((struct store_arg){.kind = STORE_ARG_NULL})

/* The list and its length, as the helpers take them. */
#define ARGS(...)                                                                                  \
	(const struct store_arg[]){__VA_ARGS__},                                                   \
	    sizeof((const struct store_arg[]){__VA_ARGS__}) / sizeof(struct store_arg)
#define NO_ARGS NULL, 0

#endif
