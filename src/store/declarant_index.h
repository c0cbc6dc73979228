/*
 * declarant_index.h — the declarant search index of the migration declarant_search: each
 * active declaration's tokens (core/search_text.h) in listing order, and
 * the listing order itself as a number (declaration.sort_rank), so that a
 * search of any length walks one token's rows in the order it shows them
 * (store/verification.c reads them).
 *
 * Kept by the store, never by a trigger, since the split is C's: the
 * declarations store calls store_declarant_index_add() after inserting a
 * declaration or changing its name, and store_declarant_index_remove()
 * when one stops being active or before its name changes; the
 * organisations store calls it before deleting an organisation (whose
 * active declaration a trigger withdraws).
 *
 * Ranks: equal for an equal (kana, name), increasing with it, so that
 * "ORDER BY sort_rank, id" is the listing order. The rebuild gives them
 * DECLARANT_RANK_GAP apart (room for 2^23 distinct names in 64 bits); a
 * new (kana, name) takes the middle of its neighbours' gap. A gap used up
 * (40 names put between the same two neighbours since the last rebuild)
 * gives the new name its lower neighbour's rank: both then list by id,
 * until the next rebuild puts them back in order (`mamori migrate` runs one
 * after "UPDATE declarant_index SET built = false"). Two PostgreSQL
 * transactions putting new names in the same gap at once may do the same.
 */
#ifndef MM_STORE_DECLARANT_INDEX_H
#define MM_STORE_DECLARANT_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define DECLARANT_RANK_GAP ((int64_t)1 << 40)
#define DECLARANT_REBUILD_CHUNK 2000 /* declarations read and written at once */

/* Ranks declaration id (its row written, its search text set) and, when
 * it is active, writes its tokens. Nothing while the index is deferred. */
MM_MUST_USE enum mm_err store_declarant_index_add(struct store *s, struct arena *a, int64_t id);
/* Deletes the tokens of declaration id as its row holds them now. */
MM_MUST_USE enum mm_err store_declarant_index_remove(struct store *s, struct arena *a, int64_t id);
/* The same, in working space of its own: for the calls that are given no
 * arena (a declaration's status changed, an organisation deleted). */
MM_MUST_USE enum mm_err store_declarant_index_remove_with_scratch(struct store *s, int64_t id);
/* Marks the index incomplete, so that writes stop keeping it until the
 * next rebuild: for bulk loads (`mamori seed`), which rebuild at the end. */
MM_MUST_USE enum mm_err store_declarant_index_defer(struct store *s);
/* Called with the number of declarations done so far. */
typedef void (*declarant_index_progress)(void *ctx, int64_t done);
/* Ranks every declaration and writes every active one's tokens afresh, in
 * one transaction; *declarations gets the number read. */
MM_MUST_USE enum mm_err store_declarant_index_rebuild(struct store *s,
                                                      declarant_index_progress progress, void *ctx,
                                                      int64_t *declarations);
/* Rebuilds when the index is incomplete (after the migration declarant_search on a
 * database with declarations, or a bulk load cut short); *rebuilt says
 * whether it did. */
MM_MUST_USE enum mm_err store_declarant_index_ensure(struct store *s, bool *rebuilt);
/* Before a bulk load: more memory for this connection (SQLite's page
 * cache, PostgreSQL's sorts); a short-lived process's. */
MM_MUST_USE enum mm_err store_prepare_bulk_load(struct store *s);
/* After a bulk load: the planner's statistics (ANALYZE), and the space of
 * rows rewritten given back (SQLite: VACUUM; PostgreSQL: VACUUM FULL of
 * the declarations, VACUUM of the rest). Outside any transaction. */
MM_MUST_USE enum mm_err store_tidy_after_load(struct store *s);

#endif
