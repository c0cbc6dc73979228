/*
 * news_access.c — see news_access.h.
 */
#include "pages/news/news_access.h"

#include "store/community.h"

enum mm_err news_may_write(struct req *r, int64_t community_id, bool *ok)
{
	*ok = false;
	if (!r->user)
		return MM_OK;
	if (r->user->is_admin) {
		*ok = true;
		return MM_OK;
	}
	if (!community_id)
		return MM_OK;
	return store_community_is_organiser(r->store, community_id, r->user->id, ok);
}
