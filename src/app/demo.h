/*
 * demo.h — `mamori seed-demo`: the demo organisations of
 * content/demo/organisations.json, inserted once (running it again changes
 * nothing), checked as real input would be.
 */
#ifndef MM_DEMO_H
#define MM_DEMO_H

#include "store/store.h"

MM_MUST_USE enum mm_err demo_seed(struct store *s, int *inserted, char err[256]);

#endif
