/*
 * statistics.h — the statistics area of the store: the counters migration
 * 0022 keeps by trigger (declarations in force per prefecture × industry
 * × size class × level; declaration events per day and per month; scores
 * of submitted self-assessments per year and band), their rebuild from
 * the rows they count, the declarant list of the open data read in pages
 * of ids, and the leases of the daily jobs. Written once for every
 * database (store/statistics.c over store/sql.h).
 *
 * Every read here is a bounded read of a small table (at most 47 × 20 × 4
 * × 2 cells, 24 months, a row per year and band), never a scan of
 * declarations: the public page costs the same at any size. Only the
 * rebuild and the open-data list read the large tables, in one pass.
 */
#ifndef MM_STORE_STATISTICS_H
#define MM_STORE_STATISTICS_H

#include "store/store.h"

#define STATISTICS_ACTIVE_MAX 8000     /* cells of statistics_active (47 × 20 × 4 × 2 = 7,520) */
#define STATISTICS_YEARS_MAX 200       /* years × bands read at once */
#define STATISTICS_DECLARANT_PAGE 2000 /* declarants read per query of the open data */
#define STATISTICS_SCORE_BANDS 4

struct statistics_cell {
	int prefecture;
	char industry;  /* 'A'…'T' */
	int size_class; /* enum statistics_size */
	int level;
	int64_t organisations;
};

struct statistics_flow {
	int period; /* a day or a month (see migration 0022) */
	int64_t declared, upgraded, downgraded, withdrawn, revoked;
};

struct statistics_score {
	int year, band;
	int64_t results, score_sum;
};

/* One line of the public declarant list: only what verification shows. */
struct statistics_declarant {
	int64_t id;
	struct str public_id, name, name_kana, corporate_number, status;
	int level, prefecture;
	int64_t declared_at;
};

MM_MUST_USE enum mm_err store_statistics_active(struct store *s, struct arena *a,
                                                struct statistics_cell **out, size_t *n);
/* Months from from_month on, oldest first. */
MM_MUST_USE enum mm_err store_statistics_monthly(struct store *s, struct arena *a, int from_month,
                                                 struct statistics_flow **out, size_t *n);
/* The events of the days from from_day to to_day, every cell summed. */
MM_MUST_USE enum mm_err store_statistics_days(struct store *s, int from_day, int to_day,
                                              struct statistics_flow *sum);
MM_MUST_USE enum mm_err store_statistics_scores(struct store *s, struct arena *a,
                                                struct statistics_score **out, size_t *n);
/* A text that changes whenever any counter does (every table, every row,
 * in order): what the rebuild test compares. */
MM_MUST_USE enum mm_err store_statistics_fingerprint(struct store *s, struct arena *a,
                                                     struct str *out);
/* Recomputes every counter from the declarations, their events and the
 * results, in the caller's transaction. */
MM_MUST_USE enum mm_err store_statistics_rebuild(struct store *s);
/* Declarations with id > after_id, by id, at most STATISTICS_DECLARANT_PAGE;
 * the name is empty for a declarant with no corporate number (a sole
 * proprietor, whose name is personal data). */
MM_MUST_USE enum mm_err store_statistics_declarants(struct store *s, struct arena *a,
                                                    int64_t after_id,
                                                    struct statistics_declarant **out, size_t *n);

/* The administrators' funnel: of the accounts that signed up in each
 * month since `since`, how many belong to an organisation, whose
 * organisation has a submitted self-assessment, a published policy, has
 * declared (any level, any status since), has reached ★★. */
struct statistics_funnel {
	int month;
	int64_t accounts, organisation, assessment, policy, star, two_stars;
};
MM_MUST_USE enum mm_err store_statistics_funnel(struct store *s, struct arena *a, int64_t since,
                                                struct statistics_funnel **out, size_t *n);
/* Days from sign-up to the organisation's first ★ (level 1) or first ★★
 * (level 2), for the owners who signed up since `since`: how many took
 * each number of days. */
struct statistics_days {
	int64_t days, accounts;
};
#define STATISTICS_DAYS_MAX 20000 /* distinct day counts read at once */
MM_MUST_USE enum mm_err store_statistics_time_to(struct store *s, struct arena *a, int level,
                                                 int64_t since, struct statistics_days **out,
                                                 size_t *n);

/* A daily job that one instance at a time runs: MM_OK when this owner
 * now holds the job's lease until lease_until (it is not done for day
 * and nobody else holds a running lease), MM_ERR_CONFLICT otherwise. */
MM_MUST_USE enum mm_err store_job_lease_take(struct store *s, const char *job, struct str owner,
                                             int day, int64_t now, int64_t lease_until);
/* Marks the job done for day and ends owner's lease. */
MM_MUST_USE enum mm_err store_job_lease_done(struct store *s, const char *job, struct str owner,
                                             int day);

#endif
