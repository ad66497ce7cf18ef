#!/usr/bin/env bash
# pg_server.sh start|stop DIR PORT - a throwaway PostgreSQL server for the ledger tests,
# from Debian's postgresql package: data in DIR/data, listening only on a unix socket in
# DIR (no TCP at all), trust authentication, database sa_ledger_test. `start` writes the
# libpq connection string to DIR/conninfo; `stop` stops the server and removes DIR.
# Run as root it runs the server as the `postgres` user (initdb refuses root).
set -euo pipefail
action=${1:?usage: pg_server.sh start|stop DIR PORT}
dir=${2:?DIR}
port=${3:?PORT}
case "$(basename "$dir")" in
  sa-ledger-pg*) ;;
  *) echo "pg_server.sh: refusing DIR not named sa-ledger-pg*: $dir" >&2; exit 2 ;;
esac

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg_server.sh: no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start)
    stop
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    chmod 0755 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt \
      -c "CREATE DATABASE sa_ledger_test" >/dev/null
    echo "host=$dir port=$port user=postgres dbname=sa_ledger_test" >"$dir/conninfo"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir/.s.PGSQL.$port"
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR PORT" >&2
    exit 2
    ;;
esac
