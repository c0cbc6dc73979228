#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests: its own cluster in DIR, listening
# only on a Unix socket in DIR (no TCP port to collide with), fsync off
# (the tests need speed, not durability).
#
#   scripts/pg-test.sh start DIR   initdb into DIR, start the server, create
#                                  the database mamori_test with the
#                                  extensions the migrations use, and print
#                                  the URL to give mamori (postgresql://…)
#   scripts/pg-test.sh standby PRIMARY DIR
#                                  a streaming replica of the cluster started
#                                  in PRIMARY: pg_basebackup into DIR, start
#                                  it as a hot standby, print its URL
#   scripts/pg-test.sh stop DIR    stop the server and remove DIR
#
# PostgreSQL refuses to run as root: invoked as root, the server runs as the
# unprivileged user `postgres` (Debian's postgresql package creates it) and
# DIR is made theirs. DIR must be short: a socket path holds 107 bytes.
# PG_TEST_DURABLE=1 keeps PostgreSQL's durable defaults (fsync,
# synchronous_commit, full_page_writes) for measuring writes (bench/);
# PG_TEST_SHARED_BUFFERS sets shared_buffers (default 128 MB).
set -euo pipefail

DB=mamori_test
SUPERUSER=mamori

die() {
	echo "pg-test: $*" >&2
	exit 1
}

# The newest installed server's programs (pg_config of libpq-dev may point
# elsewhere, so look where Debian puts each major version).
bindir() {
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$dir" ] && [ -x "$dir/initdb" ] || dir=$(dirname "$(command -v initdb 2>/dev/null || true)")
	[ -x "$dir/initdb" ] || die "no PostgreSQL server found: run scripts/deps.sh (packages postgresql, postgresql-contrib)"
	echo "$dir"
}

# Runs a server program as the user that owns the cluster.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	local dir=$1 bin
	bin=$(bindir)
	[ ${#dir} -le 80 ] || die "$dir: too long for a socket path"
	case $dir in /*) ;; *) die "$dir: give an absolute directory" ;; esac
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "no user postgres to run the server as (install postgresql)"
		chown postgres "$dir"
		runuser -u postgres -- test -x "$(dirname "$dir")" || die "user postgres cannot reach $dir"
	fi
	chmod 700 "$dir"
	# Sorting in byte order (collation C, as SQLite's BINARY); character
	# classes of UTF-8 (LC_CTYPE C.UTF-8), without which pg_trgm sees no
	# trigram in Japanese text and its index serves no declarant search.
	as_owner "$bin/initdb" -D "$dir/data" -U "$SUPERUSER" -A trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 \
		--no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ "${PG_TEST_DURABLE:-0}" = 1 ] && speed=""
	# PG_TEST_SHARED_BUFFERS (e.g. 4GB): PostgreSQL's own cache, for
	# databases far larger than its default of 128 MB (bench/ at scale).
	[ -n "${PG_TEST_SHARED_BUFFERS:-}" ] && speed="$speed -c shared_buffers=$PG_TEST_SHARED_BUFFERS"
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
		"-k $dir -c listen_addresses='' $speed -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; die "the server did not start"; }
	"$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U "$SUPERUSER" -d postgres \
		-c "CREATE DATABASE $DB" >/dev/null
	# The tests migrate one schema each: the extensions live in public,
	# created once here, so that concurrent tests never race to create them.
	"$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U "$SUPERUSER" -d "$DB" \
		-c "CREATE EXTENSION citext; CREATE EXTENSION pg_trgm" >/dev/null
	echo "postgresql://$SUPERUSER@/$DB?host=$dir"
}

standby() {
	local primary=$1 dir=$2 bin
	bin=$(bindir)
	[ ${#dir} -le 80 ] || die "$dir: too long for a socket path"
	case $dir in /*) ;; *) die "$dir: give an absolute directory" ;; esac
	[ -f "$primary/data/postmaster.pid" ] || die "$primary: no running cluster"
	mkdir -p "$dir"
	[ "$(id -u)" -ne 0 ] || chown postgres "$dir"
	chmod 700 "$dir"
	# -R writes primary_conninfo and standby.signal; -X stream copies the
	# WAL written meanwhile; -c fast checkpoints at once (a spread checkpoint
	# takes minutes). initdb's "trust" covers replication over the socket.
	as_owner "$bin/pg_basebackup" -h "$primary" -U "$SUPERUSER" -D "$dir/data" -R -X stream -c fast \
		--no-sync >"$dir/basebackup.log" 2>&1 ||
		{ cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
		"-k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200 -c hot_standby=on" \
		start >/dev/null || { cat "$dir/server.log" >&2; die "the standby did not start"; }
	echo "postgresql://$SUPERUSER@/$DB?host=$dir"
}

stop() {
	local dir=$1 bin
	[ -d "$dir" ] || return 0
	bin=$(bindir)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case ${1:-} in
start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
standby) [ $# -eq 3 ] || die "usage: $0 standby PRIMARY DIR"; standby "$2" "$3" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
*) die "usage: $0 start|stop DIR | standby PRIMARY DIR" ;;
esac
