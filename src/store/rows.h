/*
 * rows.h — row readers and column lists that more than one area of the
 * store reads or writes (private to src/store/): the user's public fields
 * (the accounts area's reader, which the administration area shares
 * without the password hash), an organisation's profile (the organisations
 * area's, which the administration area reads with a few more columns, and
 * the parameters it writes it with, which `mamori seed` inserts too), and
 * the lock on an organisation's row that the organisations and policy
 * areas take before a change that depends on what they read, and a
 * consultation's recipient, read by both files of the consultations area.
 *
 * Each column list and its reader go together: the reader takes the
 * columns in the list's order from column 0; so do a list of columns
 * written and the parameters written to them, from $1.
 */
#ifndef MAMORI_STORE_ROWS_H
#define MAMORI_STORE_ROWS_H

#include "store/sql.h"

/* A user's fields but the password hash, for store_read_user_public. */
#define STORE_USER_PUBLIC_COLUMNS                                                                  \
	"id, email, name, lang, coalesce(confirmed_at, 0), is_admin, coalesce(disabled_at, 0),"    \
	" coalesce(disabled_reason, ''), created_at"
#define STORE_USER_PUBLIC_NCOLUMNS 9

/* Reads STORE_USER_PUBLIC_COLUMNS into a struct user (store/account.h),
 * its password_hash "". */
void store_read_user_public(struct arena *a, const struct sql_row *r, void *item);

/* An organisation's profile, for store_read_org_profile. */
#define STORE_ORG_PROFILE_COLUMNS                                                                  \
	"id, public_id, name, name_kana, coalesce(corporate_number, ''), sole_proprietor,"         \
	" postal_code, prefecture, address, industry, trade, employees,"                           \
	" coalesce(capital_yen, -1), representative_title, representative_name, contact_name,"     \
	" contact_email, contact_phone, website, updated_at, support_name, support_phone,"         \
	" support_url"
#define STORE_ORG_PROFILE_NCOLUMNS 23

/* Reads STORE_ORG_PROFILE_COLUMNS into a struct org_profile (store/org.h). */
void store_read_org_profile(struct arena *a, const struct sql_row *r, void *item);

/* The columns an organisation's profile is written to, $1 … $19 of
 * store_org_profile_args in this order. The statements that write them
 * turn "" into NULL for the corporate number ($4) and -1 into NULL for the
 * capital ($12), as the profile's reader turns them back. */
#define STORE_ORG_PROFILE_WRITTEN_COLUMNS                                                          \
	"public_id, name, name_kana, corporate_number, sole_proprietor, postal_code, prefecture,"  \
	" address, industry, trade, employees, capital_yen, representative_title,"                 \
	" representative_name, contact_name, contact_email, contact_phone, website, updated_at"
#define STORE_ORG_PROFILE_ARGS 19

struct org_profile;
/* The profile o, changed at now, as the parameters of
 * STORE_ORG_PROFILE_WRITTEN_COLUMNS into out. */
void store_org_profile_args(struct store_arg out[STORE_ORG_PROFILE_ARGS],
                            const struct org_profile *o, int64_t now);

/* Locks organisation org_id's row until the transaction ends, so that a
 * change that depends on what it reads next (the owners left, the last
 * policy version) waits for another such change of the organisation: on
 * PostgreSQL FOR NO KEY UPDATE, in a statement of its own (READ COMMITTED
 * takes a new snapshot per statement); SQLite's writers are serialised
 * already (BEGIN IMMEDIATE), and there it only reads the row. Inside a
 * transaction (store_begin). */
MM_MUST_USE enum mm_err store_org_lock(struct store *s, int64_t org_id);

/* A consultation's recipient (store/consult.h: user id, email, lang, from
 * column 0), read by the consultations and by the desk's responders. */
void store_read_consult_recipient(struct arena *a, const struct sql_row *r, void *item);

#endif
