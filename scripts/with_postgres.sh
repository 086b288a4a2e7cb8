#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: Debian's `postgresql`, initialised in a
# temporary folder, listening on a free loopback port, removed afterwards. The command sees
# HARDCALL_TEST_POSTGRES=postgres://hardcall@127.0.0.1:PORT/postgres.
#
#   scripts/with_postgres.sh COMMAND [ARGS...]
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (Debian: apt-get install postgresql)" >&2; exit 2; }
dir="$(mktemp -d)"
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    as=(runuser -u postgres --)
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop() {
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U hardcall > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start > /dev/null
export HARDCALL_TEST_POSTGRES="postgres://hardcall@127.0.0.1:$port/postgres"
"$@"
