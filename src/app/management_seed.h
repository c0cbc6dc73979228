/*
 * management_seed.h — management self-check results for `mamori seed` and
 * `mamori seed-demo` (invented answers).
 *
 * seed: about a third of the organisations that took the 25-item
 * self-assessment get a result a few weeks after their latest one, with
 * levels that follow how careful that firm is, a few "don't know"
 * answers, and for one in four of them an earlier, weaker result a year
 * before (so that the result page has a previous result to draw). Scores
 * are worked out by core_management_score() as for a real result, and the
 * results go in through the store's own insert, in transactions of a few
 * hundred. A random stream of its own (from the seed number) keeps the
 * organisations' data the same as without it.
 *
 * seed-demo: two demo organisations (さくら精密工業, 北国運輸) get two
 * results each, unless they have one already.
 */
#ifndef MM_APP_MANAGEMENT_SEED_H
#define MM_APP_MANAGEMENT_SEED_H

#include "store/store.h"

MM_MUST_USE enum mm_err management_seed_run(struct store *s, uint64_t seed, int64_t *results,
                                            char err[256]);
MM_MUST_USE enum mm_err management_seed_demo(struct store *s, int *inserted, char err[256]);

#endif
