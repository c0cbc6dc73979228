/*
 * fuzz_check.h — CHECK(cond) for the libFuzzer targets in this folder: a
 * property a target checks on every input. When it does not hold, the
 * target says which (the condition, file and line) and aborts, which
 * libFuzzer reports as a crash and keeps the input that broke it.
 */
#ifndef MM_FUZZ_CHECK_H
#define MM_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
