/*
 * declaration_facts.h — what a declaration copies from its organisation's
 * profile when it is made or its details are brought up to date (public
 * facts, address, contact e-mail, the keys the review compares), what
 * stops a declaration in those facts, and the review signals computed
 * from them (core_declaration_signals: a corporate number declared by
 * another organisation, a similar name at the same address, a disposable
 * e-mail domain, many declarations from one address, the organisation's
 * own earlier revocations and withdrawals, a change of corporate number).
 *
 * Shared by the owner's pages (declaration.c, declaration_new.c). Reads
 * the store for the signals; never writes and never renders.
 */
#ifndef MM_DECLARATION_FACTS_H
#define MM_DECLARATION_FACTS_H

#include "store/declaration.h"
#include "store/org.h"
#include "web/req.h"

#define DECLARATION_DISPOSABLE_LIST "content/declaration/disposable_domains.txt"
#define DECLARATION_FLAG_REASONS_MAX 256

/* Problems with the organisation's details that stop a declaration. */
enum declaration_fact_problem {
	FACT_MISSING_NAME = 1u << 0,
	FACT_MISSING_KANA = 1u << 1,
	FACT_MISSING_PREFECTURE = 1u << 2,
	FACT_MISSING_INDUSTRY = 1u << 3,
	FACT_CORPORATE_NUMBER_INVALID = 1u << 4,
	FACT_CORPORATE_NUMBER_MISSING = 1u << 5, /* and not a sole proprietor */
};

/* The facts of the profile a declaration copies (public ones, address,
 * contact e-mail, review keys) into d; problems as a set of enum
 * declaration_fact_problem. */
MM_MUST_USE enum mm_err declaration_copy_facts(struct req *r, const struct org_profile *o,
                                               struct declaration *d, unsigned *problems);
/* The copied public facts differ from the profile's. */
bool declaration_details_differ(const struct declaration *copy, const struct declaration *now);

/* Review signals (a set of enum declaration_signal) from what the store
 * knows, for a new declaration d of organisation org_id or for an active
 * one whose identity changes (d with its new facts; number_change when a
 * new corporate number is asked for, which always needs a review). */
MM_MUST_USE enum mm_err declaration_signals(struct req *r, struct store *s,
                                            const struct declaration *d, int64_t org_id,
                                            bool number_change, unsigned *signals);

#endif
