/*
 * audit.c — the audit log's entry point (store/audit.h): passes the call
 * to the connection's driver.
 */
#include "store/audit.h"

enum mm_err store_audit_insert(struct store *s, const struct audit_entry *e)
{
	return s->driver->audit->insert(s, e);
}
