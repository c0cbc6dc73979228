# shellcheck shell=bash disable=SC2154,SC2034
# bench/lib.sh — what bench/run.sh and bench/instances.sh share: ports,
# waiting for a server, wrk runs and their figures, a throw-away PostgreSQL,
# seeding with its time and memory, the seeded IDs and the database size.
# Sourced, not run. The caller sets: root, bin, tmp, duration, warmup,
# conns, wrk_threads; it may define measure_begin NAME / measure_end NAME,
# which run_wrk calls right before and after each measured wrk run.

die() { echo "bench: $*" >&2; exit 1; }

# A TCP port nobody listens on right now (racy, as any such check is).
free_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	die "no free port found"
}

wait_http() { # url pid name [seconds, default 15]
	local url="$1" pid="$2" name="$3" tries=$((${4:-15} * 10))
	for _ in $(seq "$tries"); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || die "$name exited during startup (see $tmp)"
		sleep 0.1
	done
	die "$name did not answer 200 on $url within ${4:-15} s"
}

# Converts a wrk duration (123.45us, 1.2ms, 1.01s, 2.00m) to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v == "") { print "-"; exit }
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000;
		else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000;
		printf "%.3f", n }'
}

# a / b, two decimals; two significant digits below 0.1 (a slow search).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b + 0 <= 0) { print "-"; exit }
		r = a / b; printf (r >= 0.1 || r == 0) ? "%.2f" : "%.2g", r }'
}

# Bytes as MiB with one decimal.
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

declare -A rps p50 p99 errs reqs
run_wrk() { # name url [wrk script]
	local name="$1" url="$2" out="$tmp/wrk-$1.txt" script=()
	[ -n "${3:-}" ] && script=(-s "$3")
	# BENCH_COOKIE: a Cookie header for pages that belong to a visitor
	[ -n "${BENCH_COOKIE:-}" ] && script+=(-H "Cookie: $BENCH_COOKIE")
	wrk -t"$wrk_threads" -c"$conns" -d"$warmup" -H 'Accept-Language: ja' "${script[@]}" "$url" >/dev/null 2>&1 || true
	# Let the server finish the warmup's last requests: their connections
	# still count against the per-address limit (64) when the measured run
	# opens its own.
	sleep 1
	if declare -F measure_begin >/dev/null; then measure_begin "$name"; fi
	if ! wrk -t"$wrk_threads" -c"$conns" -d"$duration" --latency -H 'Accept-Language: ja' "${script[@]}" "$url" >"$out" 2>&1; then
		echo "bench: wrk failed for $url:" >&2
		cat "$out" >&2
	fi
	if declare -F measure_end >/dev/null; then measure_end "$name"; fi
	rps[$name]="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
	reqs[$name]="$(awk '/ requests in / {print $1}' "$out")"
	p50[$name]="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
	p99[$name]="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
	local non2xx sockerr
	non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
	sockerr="$(awk -F'Socket errors: ' '/Socket errors:/ {print $2}' "$out")"
	errs[$name]="${non2xx:-0} non-2xx${sockerr:+; socket errors: $sockerr}"
	: "${rps[$name]:=0}" "${reqs[$name]:=0}"
}

# ---------------------------------------------------------------- stores
is_pg() { case "$1" in postgres://* | postgresql://*) return 0 ;; esac; return 1; }

# One value of a query, on either store.
db_scalar() { # db sql
	if is_pg "$1"; then
		psql -X -qAt -v ON_ERROR_STOP=1 "$1" -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

# Starts a throw-away PostgreSQL in DIR (scripts/pg-test.sh: its own
# cluster, a Unix socket in DIR, fsync off) and prints its URL. As root the
# server runs as postgres, who must be able to reach DIR.
pg_start() { # dir
	command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client)"
	[ "$(id -u)" = 0 ] && chmod 755 "$(dirname "$1")"
	"$root/scripts/pg-test.sh" start "$1" || die "could not start a PostgreSQL (scripts/pg-test.sh start $1)"
}

pg_stop() { # dir
	"$root/scripts/pg-test.sh" stop "$1" >/dev/null 2>&1 || true
}

# `mamori seed --orgs ORGS --seed 1` into DB, in the background: its
# progress and memory go to stderr once a second (one line, rewritten), and
# on return seed_secs holds the wall time and seed_peak_kb the peak
# resident memory of the seeding process — from /usr/bin/time when
# installed (exact), else the kernel's high-water mark (VmHWM) read every
# 0.2 s. seed_pid is set while it runs, for the caller's cleanup.
seed_pid=""
seed_measured() { # db orgs log-prefix
	local db="$1" orgs="$2" log="$3" wrap=() pid child hwm rss peak=0 tick=0 rc=0 t0 t1 line
	[ -x /usr/bin/time ] && wrap=(/usr/bin/time -f '%M' -o "$log.maxrss")
	t0=$(date +%s.%N)
	"${wrap[@]}" "$bin" seed --orgs "$orgs" --seed 1 --db "$db" >"$log.out" 2>"$log.err" &
	pid=$!
	seed_pid=$pid
	while kill -0 "$pid" 2>/dev/null; do
		child=$pid
		if [ ${#wrap[@]} -gt 0 ]; then
			child="$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null || true)"
		fi
		if [ -n "$child" ]; then
			read -r hwm rss < <(cat "/proc/$child/status" 2>/dev/null |
				awk '/^VmHWM:/ {h = $2} /^VmRSS:/ {r = $2} END {print h + 0, r + 0}')
			[ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
		fi
		if [ $((tick % 5)) = 0 ] && [ "${rss:-0}" -gt 0 ]; then
			line="$(tail -c 200 "$log.err" | tr '\r' '\n' | grep '^seed:' | tail -1 || true)"
			printf '\r  %s, RSS %s MiB (peak %s MiB)  ' "${line:-seed: first batch}" \
				"$(mib $((rss * 1024)))" "$(mib $((peak * 1024)))" >&2
		fi
		tick=$((tick + 1))
		sleep 0.2
	done
	wait "$pid" || rc=$?
	seed_pid=""
	t1=$(date +%s.%N)
	[ "$tick" -gt 0 ] && printf '\n' >&2
	if [ "$rc" != 0 ]; then
		tr '\r' '\n' <"$log.err" | tail -5 >&2
		die "mamori seed failed (exit $rc)"
	fi
	if [ -s "$log.maxrss" ]; then
		peak="$(tail -1 "$log.maxrss")"
	fi
	seed_secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	seed_peak_kb="$peak"
}

# Stops a seeding still running (an interrupted bench): the seeding
# process itself first, since /usr/bin/time does not pass SIGTERM on.
seed_stop() {
	[ -n "$seed_pid" ] || return 0
	local child
	for child in $(cat "/proc/$seed_pid/task/$seed_pid/children" 2>/dev/null || true); do
		kill "$child" 2>/dev/null || true
	done
	kill "$seed_pid" 2>/dev/null || true
	wait "$seed_pid" 2>/dev/null || true
	seed_pid=""
}

# The seeded declarations' public IDs (IDS, one a line) and "ID,corporate
# number" pairs (PAIRS), streamed to files: sqlite3 writes as it reads,
# psql through COPY (a plain SELECT would hold every row in psql's memory).
export_ids() { # db ids pairs
	local db="$1" ids="$2" pairs="$3"
	if is_pg "$db"; then
		psql -X -q -v ON_ERROR_STOP=1 "$db" -c "COPY (SELECT public_id FROM declaration) TO STDOUT" >"$ids"
		psql -X -q -v ON_ERROR_STOP=1 "$db" \
			-c "COPY (SELECT public_id || ',' || coalesce(corporate_number, '') FROM declaration) TO STDOUT" >"$pairs"
	else
		command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
		sqlite3 "$db" "SELECT public_id FROM declaration" >"$ids"
		sqlite3 "$db" "SELECT public_id || ',' || coalesce(corporate_number, '') FROM declaration" >"$pairs"
	fi
}

# The size of the database: db_size_bytes, and db_size_how, what was
# measured (SQLite: the file and its -wal; PostgreSQL: pg_database_size).
db_size() { # db
	local db="$1" main wal=0
	if is_pg "$db"; then
		db_size_bytes="$(psql -X -qAt -v ON_ERROR_STOP=1 "$db" -c "SELECT pg_database_size(current_database())")"
		db_size_how="pg_database_size"
	else
		main="$(stat -c %s "$db")"
		[ -f "$db-wal" ] && wal="$(stat -c %s "$db-wal")"
		db_size_bytes=$((main + wal))
		db_size_how="file $(mib "$main") MiB + -wal $(mib "$wal") MiB"
	fi
}
