/*
 * mix.h — splitmix64's finaliser: 64 bits in, 64 well-spread bits out.
 * For hash-table slots of sequential keys and for cheap request IDs;
 * not for anything secret.
 */
#ifndef MM_MIX_H
#define MM_MIX_H

#include <stdint.h>

static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#endif
