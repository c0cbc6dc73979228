/*
 * org_ids.c — see org_ids.h.
 */
#include "pages/org/org_ids.h"

#include <sodium.h>

void org_random_text(char *out, size_t n, const char *alphabet)
{
	/* 256 is a multiple of 32: the low five bits of a random byte are
	 * uniform over the alphabet. */
	unsigned char raw[64];
	size_t done = 0;
	while (done < n) {
		size_t chunk = n - done < sizeof raw ? n - done : sizeof raw;
		randombytes_buf(raw, chunk);
		for (size_t i = 0; i < chunk; i++)
			out[done + i] = alphabet[raw[i] & 31];
		done += chunk;
	}
	out[n] = '\0';
}
