/*
 * news_demo.h — the demo news of `mamori seed-demo` (content/demo/news.json):
 * invented articles of the operator, one of them scheduled a week ahead
 * (so the editors' list shows one waiting and the public does not see
 * it), and one of the first community's (the demo communities of the
 * events area come first in seed-demo). An article whose slug is taken
 * is left as it is, so running it again changes nothing; the community's
 * article waits for a community to exist.
 */
#ifndef MM_APP_NEWS_DEMO_H
#define MM_APP_NEWS_DEMO_H

#include "store/store.h"

/* *inserted: how many articles were new. */
MM_MUST_USE enum mm_err news_demo_seed(struct store *s, int *inserted, char err[256]);

#endif
