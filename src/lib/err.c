/* err.c — names of result codes, for logs and tests. */
#include "lib/err.h"

const char *mm_err_name(enum mm_err err)
{
	switch (err) {
	case MM_OK:
		return "ok";
	case MM_ERR_NOMEM:
		return "out of memory";
	case MM_ERR_TOO_LONG:
		return "too long";
	case MM_ERR_INVALID:
		return "invalid";
	case MM_ERR_DUPLICATE:
		return "duplicate";
	case MM_ERR_NOT_FOUND:
		return "not found";
	case MM_ERR_CONFLICT:
		return "conflict";
	case MM_ERR_DB:
		return "database error";
	case MM_ERR_IO:
		return "i/o error";
	case MM_ERR_TEMPLATE:
		return "template error";
	}
	return "unknown error";
}
