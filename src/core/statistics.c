/*
 * statistics.c — see statistics.h.
 */
#include "core/statistics.h"

enum statistics_size core_statistics_size(enum size_class c)
{
	switch (c) {
	case SIZE_CLASS_SMALL:
		return STATISTICS_SIZE_SMALL;
	case SIZE_CLASS_SME:
		return STATISTICS_SIZE_MEDIUM;
	case SIZE_CLASS_NOT_SME:
		return STATISTICS_SIZE_LARGE;
	}
	return STATISTICS_SIZE_UNKNOWN;
}

/* A line of the table: n values from first, step apart. */
struct line {
	size_t first, step, n;
};

/* Hides one more value of a line that has exactly one hidden: the
 * smallest shown one among its cells, or its total when every cell is
 * hidden already (the one hidden value was then a cell, alone). True when
 * it hid something. */
static bool protect_line(const int64_t *v, bool *hidden, struct line l, size_t cells)
{
	size_t hidden_count = 0, pick = SIZE_MAX;
	for (size_t k = 0; k < l.n; k++)
		hidden_count += hidden[l.first + k * l.step];
	if (hidden_count != 1)
		return false;
	for (size_t k = 0; k < cells; k++) {
		size_t i = l.first + k * l.step;
		if (!hidden[i] && (pick == SIZE_MAX || v[i] < v[pick]))
			pick = i;
	}
	if (pick == SIZE_MAX) /* only the total is left shown */
		pick = l.first + (l.n - 1) * l.step;
	hidden[pick] = true;
	return true;
}

bool core_statistics_suppress(size_t rows, size_t cols, bool margins, const int64_t *v,
                              bool *hidden)
{
	if (rows == 0 || cols == 0 || rows > STATISTICS_TABLE_MAX || cols > STATISTICS_TABLE_MAX)
		return false;
	size_t width = cols + margins, height = rows + margins;
	if (width * height > STATISTICS_TABLE_MAX)
		return false;
	for (size_t i = 0; i < width * height; i++)
		hidden[i] = v[i] < STATISTICS_MIN_COUNT;
	if (!margins)
		return true; /* no total to subtract from */
	/* Each pass hides at least one more value or stops: at most every
	 * value once. */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t r = 0; r < height; r++)
			changed |=
			    protect_line(v, hidden, (struct line){r * width, 1, width}, cols);
		for (size_t c = 0; c < width; c++)
			changed |= protect_line(v, hidden, (struct line){c, width, height}, rows);
	}
	return true;
}
