/*
 * benchmark.c — see benchmark.h.
 */
#include "core/benchmark.h"

static const struct benchmark_scale scales[BENCHMARK_KINDS] = {
    [BENCHMARK_ASSESSMENT] = {.low = -25, .high = 100, .width = 5, .measures = 3},
    [BENCHMARK_MANAGEMENT] = {.low = 0, .high = 500, .width = 50, .measures = 10},
};

const struct benchmark_scale *core_benchmark_scale(enum benchmark_kind k)
{
	return &scales[k == BENCHMARK_MANAGEMENT ? BENCHMARK_MANAGEMENT : BENCHMARK_ASSESSMENT];
}

const char *core_benchmark_kind_name(enum benchmark_kind k)
{
	return k == BENCHMARK_MANAGEMENT ? "management" : "assessment";
}

int core_benchmark_bins(enum benchmark_kind k)
{
	const struct benchmark_scale *s = core_benchmark_scale(k);
	return (s->high - s->low) / s->width + 1;
}

int core_benchmark_bin(enum benchmark_kind k, int total)
{
	const struct benchmark_scale *s = core_benchmark_scale(k);
	if (total < s->low)
		total = s->low;
	if (total > s->high)
		total = s->high;
	return (total - s->low) / s->width;
}

int core_benchmark_bin_low(enum benchmark_kind k, int b)
{
	const struct benchmark_scale *s = core_benchmark_scale(k);
	return s->low + b * s->width;
}

/* The prefectures of each regional bureau of METI: Kanto's reaches
 * Niigata, Yamanashi, Nagano and Shizuoka; Fukui belongs to Kinki's. */
int core_benchmark_region(int prefecture)
{
	static const unsigned char region[48] = {
	    0, 1,                   /* 01 Hokkaido */
	    2, 2, 2, 2, 2, 2,       /* 02–07 Tohoku */
	    3, 3, 3, 3, 3, 3, 3, 3, /* 08–15 Ibaraki … Niigata: Kanto */
	    4, 4,                   /* 16 Toyama, 17 Ishikawa: Chubu */
	    5,                      /* 18 Fukui: Kinki */
	    3, 3,                   /* 19 Yamanashi, 20 Nagano: Kanto */
	    4,                      /* 21 Gifu: Chubu */
	    3,                      /* 22 Shizuoka: Kanto */
	    4, 4,                   /* 23 Aichi, 24 Mie: Chubu */
	    5, 5, 5, 5, 5, 5,       /* 25–30 Kinki */
	    6, 6, 6, 6, 6,          /* 31–35 Chugoku */
	    7, 7, 7, 7,             /* 36–39 Shikoku */
	    8, 8, 8, 8, 8, 8, 8,    /* 40–46 Kyushu */
	    9,                      /* 47 Okinawa */
	};
	return prefecture >= 1 && prefecture <= 47 ? region[prefecture] : 0;
}

int core_benchmark_industry_index(char industry)
{
	return industry >= 'A' && industry <= 'T' ? industry - 'A' : -1;
}

double core_benchmark_mean(int64_t sum, int64_t n)
{
	return n > 0 ? (double)sum / (double)n : 0;
}

/* Newton's square root of v > 0 (the program links no maths library):
 * from above, it halves the error each step and then doubles the digits;
 * 64 steps reach the nearest double for any v a group can have. */
static double square_root(double v)
{
	double x = v > 1 ? v : 1;
	for (int i = 0; i < 64; i++)
		x = 0.5 * (x + v / x);
	return x;
}

double core_benchmark_sd(int64_t sum, int64_t squares, int64_t n)
{
	if (n < 2)
		return 0;
	double mean = (double)sum / (double)n;
	double var = (double)squares / (double)n - mean * mean;
	return var > 0 ? square_root(var) : 0;
}

int core_benchmark_percentile(const int64_t *bins, int nbins, int bin)
{
	int64_t n = 0, below = 0;
	for (int b = 0; b < nbins; b++) {
		n += bins[b];
		if (b < bin)
			below += bins[b];
	}
	if (n <= 0 || bin < 0 || bin >= nbins)
		return -1;
	/* (below + own / 2) / n in whole percent, rounded half up, in integers */
	int64_t twice = 2 * below + bins[bin];
	return (int)((twice * 100 + n) / (2 * n));
}

void core_benchmark_sum(const struct benchmark_cells *c, int industry, int size,
                        struct benchmark_group *out)
{
	*out = (struct benchmark_group){0};
	for (int i = 0; i < BENCHMARK_INDUSTRIES; i++)
		for (int s = 0; s < BENCHMARK_SIZES; s++) {
			const struct benchmark_group *g = &c->cell[i][s];
			if ((industry >= 0 && i != industry) || (size >= 0 && s != size) ||
			    !g->orgs)
				continue;
			out->orgs += g->orgs;
			out->total_sum += g->total_sum;
			out->total_squares += g->total_squares;
			for (int m = 0; m < BENCHMARK_MEASURES_MAX; m++) {
				out->sum[m] += g->sum[m];
				out->squares[m] += g->squares[m];
			}
			for (int b = 0; b < BENCHMARK_BINS_MAX; b++)
				out->bins[b] += g->bins[b];
		}
}

void core_benchmark_counts_of(const struct benchmark_cells *c, struct benchmark_counts *out)
{
	for (int i = 0; i < BENCHMARK_INDUSTRIES; i++)
		for (int s = 0; s < BENCHMARK_SIZES; s++)
			out->cell[i][s] = c->cell[i][s].orgs;
}

static int64_t industry_orgs(const struct benchmark_counts *c, int i)
{
	int64_t n = 0;
	for (int s = 0; s < BENCHMARK_SIZES; s++)
		n += c->cell[i][s];
	return n;
}

/* 0 or at least BENCHMARK_MIN_ORGS: a piece that may be worked out. */
static bool safe_rest(int64_t n)
{
	return n == 0 || n >= BENCHMARK_MIN_ORGS;
}

bool core_benchmark_cell_shown(const struct benchmark_counts *c, int industry, int size)
{
	if (industry < 0 || industry >= BENCHMARK_INDUSTRIES || size < 0 || size >= BENCHMARK_SIZES)
		return false;
	return c->cell[industry][size] >= BENCHMARK_MIN_ORGS;
}

/* What is left of the division once its shown cells are taken away. */
static int64_t industry_rest(const struct benchmark_counts *c, int i)
{
	int64_t rest = industry_orgs(c, i);
	for (int s = 0; s < BENCHMARK_SIZES; s++)
		if (core_benchmark_cell_shown(c, i, s))
			rest -= c->cell[i][s];
	return rest;
}

bool core_benchmark_industry_shown(const struct benchmark_counts *c, int industry)
{
	if (industry < 0 || industry >= BENCHMARK_INDUSTRIES)
		return false;
	return industry_orgs(c, industry) >= BENCHMARK_MIN_ORGS &&
	       safe_rest(industry_rest(c, industry));
}

bool core_benchmark_all_shown(const struct benchmark_counts *c)
{
	int64_t all = 0, rest = 0;
	for (int i = 0; i < BENCHMARK_INDUSTRIES; i++) {
		all += industry_orgs(c, i);
		/* a shown division covers its cells; otherwise its shown cells
		 * are the nested groups and the rest of it stays */
		if (!core_benchmark_industry_shown(c, i))
			rest += industry_rest(c, i);
	}
	return all >= BENCHMARK_MIN_ORGS && safe_rest(rest);
}

enum benchmark_level core_benchmark_choose(const struct benchmark_counts *c, int industry, int size)
{
	if (core_benchmark_cell_shown(c, industry, size))
		return BENCHMARK_CELL;
	if (core_benchmark_industry_shown(c, industry))
		return BENCHMARK_INDUSTRY;
	if (core_benchmark_all_shown(c))
		return BENCHMARK_ALL;
	return BENCHMARK_NONE;
}
