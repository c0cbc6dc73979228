/*
 * metrics.h — request counters by route pattern and status, and a latency
 * histogram, exposed at /metrics in Prometheus' text format. Route labels
 * are the patterns of the route table (never raw paths), so the number of
 * series stays bounded whatever clients request.
 */
#ifndef MM_METRICS_H
#define MM_METRICS_H

#include <stdint.h>

#include "lib/str.h"

#define METRICS_MAX_SERIES 512

/* route must be a string that lives as long as the process. */
void metrics_observe(const char *route, int status, uint64_t duration_us);
MM_MUST_USE enum mm_err metrics_render(struct buf *out);

#endif
