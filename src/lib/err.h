/*
 * err.h — the one result code every fallible function in mamori returns.
 * Callers check it at every call site; MM_OK is zero so `if (err)` reads well.
 */
#ifndef MM_ERR_H
#define MM_ERR_H

enum mm_err {
	MM_OK = 0,
	MM_ERR_NOMEM,     /* an arena or buffer limit was reached */
	MM_ERR_TOO_LONG,  /* input longer than its named limit */
	MM_ERR_INVALID,   /* malformed input (encoding, syntax, range) */
	MM_ERR_DUPLICATE, /* a field given twice where one is expected */
	MM_ERR_NOT_FOUND, /* no such record, file, key */
	MM_ERR_CONFLICT,  /* unique constraint or state conflict */
	MM_ERR_DB,        /* the database failed; detail is logged */
	MM_ERR_IO,        /* a file or socket failed; detail is logged */
	MM_ERR_TEMPLATE,  /* a template names something that does not exist */
};

const char *mm_err_name(enum mm_err err);

/* On every function that returns an enum mm_err: a result nobody reads is
 * a compile error (the build is -Werror). A call whose failure truly does
 * not matter says so with MM_IGNORE and a comment why; gcc does not accept
 * a (void) cast for this. */
#define MM_MUST_USE __attribute__((warn_unused_result))
#define MM_IGNORE(call)                                                                            \
	do {                                                                                       \
		enum mm_err mm_ignored_ = (call);                                                  \
		(void)mm_ignored_;                                                                 \
	} while (0)

#endif
