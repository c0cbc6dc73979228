#!/usr/bin/env bash
# bench/writes.sh — durable writes per second on both stores: SQLite (WAL,
# synchronous=FULL, as mamori always runs it) and a throw-away PostgreSQL
# with its durable defaults (fsync on, synchronous_commit=on;
# scripts/pg-test.sh with PG_TEST_DURABLE=1). BENCH_WRITERS visitors (8)
# save a part of the self-assessment for BENCH_WRITE_SECONDS (10) each
# (bench/writes.mjs). `make bench` runs it after bench/run.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${MAMORI_BIN:-$root/build/mamori}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
clients="${BENCH_WRITERS:-8}"
seconds="${BENCH_WRITE_SECONDS:-10}"
[ -x "$bin" ] || { echo "bench: no mamori binary at $bin" >&2; exit 1; }

tmp="$(mktemp -d /tmp/mamori-writes.XXXXXX)"
chmod 755 "$tmp" # the PostgreSQL server runs as postgres when we are root
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	"$root/scripts/pg-test.sh" stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

port() { echo $((20000 + RANDOM % 40000)); }

run() { # store-name db-address
	local name=$1 db=$2 p
	"$bin" migrate --db "$db" >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; exit 1; }
	p=$(port)
	# One serving thread per writer: a commit waits on the disk, not on a
	# core, so with one thread per core the writers would queue for threads.
	MAMORI_MAIL_DIR="$tmp/mail" "$bin" serve --listen "127.0.0.1:$p" --db "$db" --threads "$clients" \
		>"$tmp/$name.log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && break
		sleep 0.1
	done
	printf 'writes %-10s ' "$name:"
	node "$root/bench/writes.mjs" "http://127.0.0.1:$p" "$clients" "$seconds"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=""
}

run sqlite "$tmp/mamori.db"
url=$(PG_TEST_DURABLE=1 "$root/scripts/pg-test.sh" start "$tmp/pg")
run postgres "$url"
