/*
 * user_agent.c — see user_agent.h. Each table is read top to bottom and
 * the first token found in the header wins.
 */
#include "core/user_agent.h"

#include <string.h>

struct token_name {
	const char *token, *name;
};

static const struct token_name browsers[] = {
    {"Edg/", "Edge"},
    {"EdgA/", "Edge"},
    {"EdgiOS/", "Edge"},
    {"OPR/", "Opera"},
    {"SamsungBrowser/", "Samsung Internet"},
    {"Firefox/", "Firefox"},
    {"FxiOS/", "Firefox"},
    {"CriOS/", "Chrome"},
    {"Chrome/", "Chrome"},
    {"Safari/", "Safari"},
};

static const struct token_name systems[] = {
    {"iPhone", "iPhone"}, {"iPad", "iPad"},     {"Android", "Android"}, {"Windows", "Windows"},
    {"CrOS", "ChromeOS"}, {"Macintosh", "Mac"}, {"Linux", "Linux"},
};

static const char *first_named(struct str header, const struct token_name *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (header.n && memmem(header.p, header.n, table[i].token, strlen(table[i].token)))
			return table[i].name;
	return NULL;
}

struct user_agent_names core_user_agent_names(struct str header)
{
	return (struct user_agent_names){
	    .browser = first_named(header, browsers, sizeof browsers / sizeof browsers[0]),
	    .system = first_named(header, systems, sizeof systems / sizeof systems[0]),
	};
}
