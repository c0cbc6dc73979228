/*
 * labels.h — catalogue labels for the facts pages show about firms and
 * supporters: a prefecture, a JSIC industry division, any fixed value
 * named by a PREFIX.VALUE key; counts with thousands separators; catalogue
 * text with {names} filled in; and the select options built from these
 * ({value, label, selected} lists). Shared by the organisation, supporter,
 * declaration, policy and admin pages.
 *
 * Lookups into the loaded catalogues, results in the caller's arena. This
 * file never reads a request or the store, and never builds a key from a
 * value it has not checked: a prefecture outside 1…47 or an industry that
 * is not one letter gets an empty label.
 */
#ifndef MM_VIEW_LABELS_H
#define MM_VIEW_LABELS_H

#include <stdint.h>

#include "view/i18n.h"
#include "view/value.h"

/* The text of catalogue key PREFIX.VALUE; "" when the key would not fit. */
struct str labels_keyed(enum lang l, const char *prefix, struct str value);
/* "東京都" for 13; "" outside 1…PREFECTURE_COUNT. */
struct str labels_prefecture(enum lang l, int prefecture);
/* "製造業" for "E"; "" unless industry is one letter. */
struct str labels_industry(enum lang l, struct str industry);
/* Catalogue text with each {name} replaced by its value (names[i] ↔
 * values[i]); "" when the arena is full. */
struct str labels_fill(struct arena *a, enum lang l, const char *key, const char *const names[],
                       const struct str values[], size_t n);
/* 1234567 → "1,234,567" (a negative count shows as 0); NULL when the
 * arena is full. */
char *labels_format_count(struct arena *a, int64_t v);

/* Select options {value, label, selected} as the list ctx.NAME: the 47
 * prefectures, the industry divisions A…T ("E 製造業"), or fixed values
 * labelled by catalogue keys PREFIX.VALUE. */
MM_MUST_USE enum mm_err labels_options_prefecture(struct arena *a, enum lang l, struct val *ctx,
                                                  const char *name, struct str selected);
MM_MUST_USE enum mm_err labels_options_industry(struct arena *a, enum lang l, struct val *ctx,
                                                const char *name, struct str selected);
MM_MUST_USE enum mm_err labels_options_fixed(struct arena *a, enum lang l, struct val *ctx,
                                             const char *name, const char *const values[], size_t n,
                                             const char *prefix, struct str selected);

#endif
