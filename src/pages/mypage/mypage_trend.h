/*
 * mypage_trend.h — the organisation's own trend on マイページ: its
 * self-assessment score year by year (the latest result of each year, with
 * the change from the year before, as a chart and a table) and the
 * history of its level (each declaration, change of level, withdrawal and
 * revocation, newest first). Only the organisation's own records: read
 * with its id, which the page has checked the viewer may see.
 */
#ifndef MM_PAGES_MYPAGE_TREND_H
#define MM_PAGES_MYPAGE_TREND_H

#include "view/value.h"
#include "web/req.h"

#define MYPAGE_TREND_YEARS 20  /* years shown */
#define MYPAGE_LEVEL_EVENTS 30 /* changes of level shown */

/* ctx.trend (years, chart, has_years) and ctx.level_history
 * (has_level_history), for org_id. */
MM_MUST_USE enum mm_err mypage_trend_set(struct req *r, struct val *ctx, int64_t org_id);

#endif
