/*
 * ops.c — the pages for operators: /healthz for load balancers and
 * /metrics for Prometheus. Neither is linked from the site; /metrics
 * answers only the addresses metrics_allow.h allows, 404 to others.
 */

#include "store/store.h"
#include "web/metrics.h"
#include "web/metrics_allow.h"
#include "web/verify_cache.h"
#include "web/page.h"
#include "web/router.h"

enum { METRICS_MAX_BYTES = 256 * 1024 };

static enum mm_err page_healthz(struct req *r, struct res *res)
{
	if (!r->store || store_ping(r->store))
		return page_text(r, res, 503, "text/plain; charset=utf-8", STR("unavailable\n"));
	return page_text(r, res, 200, "text/plain; charset=utf-8", STR("ok\n"));
}

static enum mm_err page_metrics(struct req *r, struct res *res)
{
	struct buf b;
	if (!metrics_allowed(r)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	buf_init(&b, r->arena, METRICS_MAX_BYTES);
	enum mm_err e = metrics_render(&b);
	if (!e)
		e = verify_cache_metrics(&b);
	if (e)
		return e;
	res->compressible = true;
	return page_text(r, res, 200, "text/plain; version=0.0.4; charset=utf-8", buf_str(&b));
}

/* This file's routes, in dispatch order (see home_routes.c). */
const struct route_table ops_routes =
    ROUTE_TABLE(ROUTE_GET("/healthz", page_healthz, RIGHT_PUBLIC),
                ROUTE_GET("/metrics", page_metrics, RIGHT_PUBLIC));
