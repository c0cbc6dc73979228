/*
 * search_text.h — how the declarant search compares text, the one split
 * shared by the store that indexes a declaration and the query that
 * searches for it, so that the two never disagree.
 *
 * Text is folded first: hiragana U+3041…U+3096 become katakana (as
 * core/kana.h does), A–Z become a–z, control characters become spaces.
 * Everything else is kept (the text is NFKC-normalised before: names on
 * input, the query by the page). A declaration's search text is its
 * folded name, a separator (SEARCH_TEXT_SEPARATOR, which folding never
 * leaves in a text) and its folded kana; its tokens are every distinct
 * unigram and bigram (one or two code points) of either part, never
 * across the separator.
 *
 * A search finds the declarations whose search text contains the folded
 * query. A query of one or two code points is itself a token: the rows of
 * that token are exactly the answers. A longer query needs every one of
 * its bigrams; a row that has them must still contain the whole text.
 *
 * Pure: no I/O; results live in the arena handed in. Text must be valid
 * UTF-8 (this never validates it).
 */
#ifndef MM_CORE_SEARCH_TEXT_H
#define MM_CORE_SEARCH_TEXT_H

#include <stdbool.h>

#include "lib/str.h"

#define SEARCH_TEXT_SEPARATOR '\x1f'
/* The longest text a name part is folded from, and a query, in bytes. */
#define SEARCH_TEXT_MAX_BYTES 4096
#define SEARCH_QUERY_MAX_BYTES 1024

struct search_tokens {
	struct str *items; /* sorted bytewise, distinct */
	size_t n;
};

/* text folded (see the top) into the arena. */
MM_MUST_USE enum mm_err core_search_fold(struct arena *a, struct str text, struct str *out);
/* text folded as core_search_fold does, and then each old or variant
 * form of a kanji that names are often written in (旧字体 such as 險,
 * 國, 澤; variants such as 髙, 﨑) made its everyday form (険, 国, 沢, 高,
 * 崎), so that either form finds the other: the service catalogue's
 * search (store/service_index.h), writer and query alike. The length
 * never changes (both forms are three bytes). The declarant search does
 * not use it. */
MM_MUST_USE enum mm_err core_search_fold_variants(struct arena *a, struct str text,
                                                  struct str *out);
/* The search text of a declaration: fold(name), the separator, fold(kana). */
MM_MUST_USE enum mm_err core_search_text(struct arena *a, struct str name, struct str kana,
                                         struct str *out);
/* The tokens of a search text (core_search_text): the unigrams and bigrams
 * of each part. */
MM_MUST_USE enum mm_err core_search_tokens(struct arena *a, struct str search_text,
                                           struct search_tokens *out);
/* The tokens a folded query needs: itself when it has one or two code
 * points (*whole = true: the token's rows are the answers), else its
 * distinct bigrams in the order they appear (*whole = false). An empty
 * query needs none. */
MM_MUST_USE enum mm_err core_search_query_tokens(struct arena *a, struct str folded,
                                                 struct search_tokens *out, bool *whole);

#endif
