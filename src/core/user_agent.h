/*
 * user_agent.h — the browser and the system a User-Agent header names, in
 * the words a person knows them by ("Chrome", "iPhone"), for the list of
 * signed-in devices on /account: the raw header
 * ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 …")
 * tells a small firm's owner nothing about which device is theirs.
 *
 * Only a recognisable name is ever returned, never a piece of the header:
 * what is not known is NULL, and the caller shows the header as it is.
 * The order of the checks is the point of this file: Edge, Opera and
 * Samsung Internet also say "Chrome", Chrome also says "Safari", Android
 * also says "Linux" and an iPhone also says "Mac OS X".
 *
 * Pure: no I/O, no allocation; the names are static strings.
 */
#ifndef MM_CORE_USER_AGENT_H
#define MM_CORE_USER_AGENT_H

#include "lib/str.h"

struct user_agent_names {
	const char *browser; /* "Edge", "Chrome", "Safari", …; NULL when not known */
	const char *system;  /* "Windows", "iPhone", "Android", …; NULL when not known */
};

struct user_agent_names core_user_agent_names(struct str header);

#endif
