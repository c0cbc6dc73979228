#!/usr/bin/env bash
# Installs what mamori needs to build, run and test, from Debian's packages
# and the npm registry. Idempotent and quiet when everything is present, so
# the Makefile can call it before every build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and runtime libraries, test tools, a Japanese font (without one,
# Chromium draws Japanese as boxes and screenshots are meaningless), and a
# PostgreSQL server the tests start for themselves (scripts/pg-test.sh).
packages=(
	gcc clang clang-format make meson ninja-build pkg-config
	libmicrohttpd-dev libsqlite3-dev libsodium-dev libutf8proc-dev
	libjansson-dev libcmark-dev libqrencode-dev libcairo2-dev libpango1.0-dev
	libcurl4-openssl-dev libcjose-dev libpq-dev zlib1g-dev libcmocka-dev
	libclang-rt-14-dev chromium fonts-noto-cjk fonts-ipaexfont-gothic
	sqlite3 curl nginx-light wrk poppler-utils cracklib-runtime zbar-tools
	postgresql postgresql-contrib
)
# Node.js and npm come with the machine (any packaging); Debian's are the
# fallback when neither is there.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Test tools (playwright-core, axe-core, html-validate, and oidc-provider:
# the OpenID Connect provider the sign-in tests start), pinned by the lock
# file.
# A node_modules that is a symbolic link belongs to another checkout (a
# second work tree sharing the first one's): npm ci would empty it there.
if [ -L node_modules ]; then
	:
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: npm ci"
	npm ci --silent --no-audit --no-fund
fi
