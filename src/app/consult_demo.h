/*
 * consult_demo.h — the demo consultations of `mamori seed-demo`
 * (content/demo/consultations.json): invented questions of the demo
 * organisations, some waiting (offered to the responders they match, one
 * to the expert it names), one answered and one closed by the demo
 * experts, so that the desk's queue and figures and the responders' pages
 * have something to show. Loaded only into a database with no
 * consultation; no mail is sent.
 */
#ifndef MM_APP_CONSULT_DEMO_H
#define MM_APP_CONSULT_DEMO_H

#include "store/store.h"

/* *inserted: how many (0 when the database had consultations already). */
MM_MUST_USE enum mm_err consult_demo_seed(struct store *s, int *inserted, char err[256]);

#endif
