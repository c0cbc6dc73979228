/*
 * declaration.h — the rules of a ★/★★ declaration: which changes a
 * declaration in a given state allows (the state machine), the reason
 * categories of a revocation, and the review signals that put a new
 * declaration in the administrators' queue without blocking it.
 * Pure: no I/O, no clock, no allocation; the caller hands in every buffer.
 *
 * States of one declaration (one row, one public ID):
 *
 *   NONE ──declare──▶ ACTIVE ──withdraw──▶ WITHDRAWN
 *                     │  ▲ │ ──revoke────▶ REVOKED
 *      upgrade (★→★★) │  │ │ details (name, address… copied again)
 *   downgrade (★★→★) ─┘  └─┘
 *
 * WITHDRAWN and REVOKED are final: the ID stays verifiable with its
 * history and is never reused. An organisation that declares again gets a
 * new declaration (a new ID) — that is a DECLARE from NONE. Clearing the
 * review flag is allowed in every state while the flag is set; a
 * revocation also takes the declaration out of the queue.
 *
 * ★★ needs a submitted self-assessment and a published basic policy; the
 * score does not matter (it is a self-declaration). ★ needs the pledge to
 * practise the five rules and the terms of use of the mark.
 */
#ifndef MM_CORE_DECLARATION_H
#define MM_CORE_DECLARATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "lib/str.h"

#define DECLARATION_LEVEL_ONE 1 /* ★ */
#define DECLARATION_LEVEL_TWO 2 /* ★★ */
#define DECLARATION_RULE_COUNT 5

/* A declaration from one address within a day beyond this many is worth a
 * look: firms declare once, a script declares many. */
#define DECLARATION_IP_BURST 20
#define DECLARATION_IP_WINDOW (24 * 60 * 60)

/* Review keys are cut to this many code points; longer names compare by
 * their first part, which is plenty to spot a near-duplicate. */
#define DECLARATION_KEY_MAX_CHARS 80
/* Bytes a key buffer needs (UTF-8, up to 4 bytes a code point, "NN|"). */
#define DECLARATION_KEY_BYTES (DECLARATION_KEY_MAX_CHARS * 4 + 8)

enum declaration_status {
	DECLARATION_NONE = 0, /* not made yet */
	DECLARATION_ACTIVE,
	DECLARATION_WITHDRAWN,
	DECLARATION_REVOKED,
};

enum declaration_action {
	DECLARATION_DECLARE,
	DECLARATION_UPGRADE,   /* ★ → ★★ by the owner, same ID */
	DECLARATION_DOWNGRADE, /* ★★ → ★ when the policy is unpublished */
	DECLARATION_DETAILS,   /* organisation details copied again */
	DECLARATION_WITHDRAW,  /* by the owner */
	DECLARATION_REVOKE,    /* by an administrator */
	DECLARATION_CLEAR_FLAG,
};
#define DECLARATION_ACTION_COUNT 7

struct declaration_state {
	enum declaration_status status;
	int level; /* 1 or 2; 0 with DECLARATION_NONE */
	bool flagged;
};

/* What the caller knows about the request; each action reads its part. */
struct declaration_request {
	int level;            /* declare: 1 or 2 */
	bool pledged;         /* declare: five rules and terms of use confirmed */
	bool has_assessment;  /* declare ★★, upgrade: a submitted self-assessment */
	bool has_policy;      /* declare ★★, upgrade: a published basic policy */
	bool details_changed; /* details: a copied fact differs from the profile */
	bool flagged;         /* declare: a review signal was found */
	struct str reason;    /* revoke: a reason category (core_declaration_revoke_reason_valid) */
	struct str note;      /* revoke: what the administrator saw, not empty */
};

enum declaration_refusal {
	DECLARATION_ALLOWED = 0,
	DECLARATION_REFUSED_EXISTS,     /* declare: this declaration was already made */
	DECLARATION_REFUSED_NOT_ACTIVE, /* withdrawn or revoked, or never made */
	DECLARATION_REFUSED_LEVEL,      /* no such level, or already at it */
	DECLARATION_REFUSED_NO_PLEDGE,
	DECLARATION_REFUSED_NO_ASSESSMENT, /* ★★ without a submitted self-assessment */
	DECLARATION_REFUSED_NO_POLICY,     /* ★★ without a published policy */
	DECLARATION_REFUSED_NO_CHANGE,     /* details: nothing to copy */
	DECLARATION_REFUSED_REASON,        /* revoke: no or unknown reason category */
	DECLARATION_REFUSED_NOTE,          /* revoke: no note */
	DECLARATION_REFUSED_NOT_FLAGGED,   /* clear flag: not in the queue */
};

/* Decides whether action is allowed on a declaration in state from; on
 * DECLARATION_ALLOWED, *to is the state afterwards (else *to = from). */
enum declaration_refusal core_declaration_transition(struct declaration_state from,
                                                     enum declaration_action action,
                                                     const struct declaration_request *req,
                                                     struct declaration_state *to);

/* "active", "withdrawn", "revoked" (the values stored); NULL otherwise. */
const char *core_declaration_status_name(enum declaration_status status);
/* The inverse; false for anything else (DECLARATION_NONE has no name). */
bool core_declaration_status_parse(struct str name, enum declaration_status *out);

/* Reason categories an administrator chooses from when revoking. */
extern const char *const core_declaration_revoke_reasons[];
extern const size_t core_declaration_revoke_reason_count;
bool core_declaration_revoke_reason_valid(struct str reason);

/* ---- review signals ------------------------------------------------------ */

enum declaration_signal {
	SIGNAL_CORPORATE_NUMBER_REUSED = 1u << 0, /* another declaration had this number */
	SIGNAL_SIMILAR_NAME_ADDRESS = 1u << 1,    /* a near-identical name at the same address */
	SIGNAL_DISPOSABLE_EMAIL = 1u << 2,        /* contact address at a throwaway domain */
	SIGNAL_IP_BURST = 1u << 3,                /* many declarations from one address */
	SIGNAL_EARLIER_REVOKED = 1u << 4,         /* the organisation had a declaration revoked */
	SIGNAL_EARLIER_WITHDRAWN = 1u << 5,       /* the organisation withdrew a declaration */
	/* the owner asks to change the corporate number of an active
	 * declaration: only an administrator's approval applies it */
	SIGNAL_CORPORATE_NUMBER_CHANGE = 1u << 6,
};
#define DECLARATION_SIGNAL_COUNT 7

/* What the store found about a new declaration, or about an active one
 * whose identity (name, corporate number, prefecture) changes. */
struct declaration_signal_facts {
	int64_t other_declarations_with_number; /* any status, other organisations */
	bool similar_name_at_address;
	bool disposable_email;
	int64_t earlier_from_ip;      /* declarations from the same address in the window */
	int64_t earlier_revoked;      /* the organisation's own revoked declarations */
	int64_t earlier_withdrawn;    /* the organisation's own withdrawn declarations */
	bool corporate_number_change; /* a new number asked for an active declaration */
};

/* The signals (a set of enum declaration_signal) the facts raise. */
unsigned core_declaration_signals(const struct declaration_signal_facts *f);
/* Signal codes, comma-separated, in the order of the enum, into out
 * ("" for none). MM_ERR_TOO_LONG when cap is too small. */
MM_MUST_USE enum mm_err core_declaration_signal_codes(unsigned signals, char *out, size_t cap);
/* The set of signals named by comma-separated codes (unknown codes are
 * skipped): the inverse of core_declaration_signal_codes. */
unsigned core_declaration_signal_parse(struct str codes);
/* The code of one signal ("corporate_number_reused", …); NULL otherwise. */
const char *core_declaration_signal_name(enum declaration_signal signal);

/* email's domain (after the last '@', ASCII case ignored) is one of
 * domains or a subdomain of one. Lines of the list that are empty or
 * start with '#' are skipped by core_declaration_domain_listed. */
bool core_declaration_email_disposable(struct str email, const struct str domains[], size_t n);
/* The same against a text list, one domain a line. */
bool core_declaration_domain_listed(struct str email, struct str list);

/* The key two names are compared by: NFKC-normalised name (the caller
 * normalises) without white space, punctuation and legal-form words
 * (株式会社, (有), …), ASCII lower-cased, cut to DECLARATION_KEY_MAX_CHARS.
 * out gets a NUL-terminated key; its length is returned. */
size_t core_declaration_name_key(struct str nfkc_name, char out[DECLARATION_KEY_BYTES]);
/* The key two addresses are compared by: "PP|" and the NFKC-normalised
 * address without white space, with 丁目/番地/番/号 and dashes as '-'.
 * An empty address gives an empty key (never similar to anything). */
size_t core_declaration_address_key(int prefecture, struct str nfkc_address,
                                    char out[DECLARATION_KEY_BYTES]);
/* Two name keys are the same, one contains the other (the shorter has at
 * least 4 characters), or they differ by one character (both at least 3
 * long) or two (both at least 8 long). Empty keys are never similar. */
bool core_declaration_names_similar(struct str key_a, struct str key_b);

#endif
