#!/usr/bin/env bash
# nsd_server.sh start DIR TTL [DOMAIN...] | stop DIR - a throwaway authoritative DNS server
# for the DKIM tests, from Debian's nsd package: it serves the test-only DKIM public keys of
# tests/auth/fixtures/keys/key_file.txt as TXT records at <selector>._domainkey.<domain>,
# every record with TTL seconds, on 127.0.0.1 (UDP and TCP) on a free port. Only the zones
# of the DOMAINs given are served (default: every domain of the key file); a name in
# another zone gets REFUSED. Config, zones, pid file and log are in DIR; `start` writes the
# port to DIR/port and returns once the server answers; `stop` stops it (DIR is left).
set -euo pipefail
action=${1:?usage: nsd_server.sh start DIR TTL [DOMAIN...] | stop DIR}
dir=${2:?DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
key_file="$here/../auth/fixtures/keys/key_file.txt"

stop() {
  [ -f "$dir/nsd.pid" ] || return 0
  local pid
  pid=$(cat "$dir/nsd.pid")
  rm -f "$dir/nsd.pid"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# A port free for both UDP and TCP on 127.0.0.1 a moment ago.
free_port() {
  python3 -c '
import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    port = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(port)
    break'
}

# The zone file of one domain: SOA, NS and every key of the key file under it. A TXT
# character-string holds at most 255 bytes, so a key record is split into several.
write_zone() {
  local domain=$1 ttl=$2
  {
    echo "\$ORIGIN $domain."
    echo "\$TTL $ttl"
    echo "@ IN SOA ns.$domain. hostmaster.$domain. 1 3600 600 86400 $ttl"
    echo "@ IN NS ns.$domain."
    echo "ns IN A 127.0.0.1"
    while read -r name record; do
      [ -n "$name" ] || continue
      case "$name" in
        *._domainkey."$domain") ;;
        *) continue ;;
      esac
      local label=${name%."$domain"} strings="" rest=$record
      while [ -n "$rest" ]; do
        strings+=" \"${rest:0:250}\""
        rest=${rest:250}
      done
      echo "$label IN TXT$strings"
    done <"$key_file"
  } >"$dir/$domain.zone"
}

start() {
  local ttl=$1; shift
  local domains=("$@")
  if [ ${#domains[@]} -eq 0 ]; then
    mapfile -t domains < <(sed -n 's/^[^ ]*\._domainkey\.\([^ ]*\) .*/\1/p' "$key_file" | sort -u)
  fi
  command -v nsd >/dev/null || { echo "nsd_server.sh: no nsd (apt-get install nsd)" >&2; exit 1; }
  stop
  mkdir -p "$dir"
  for domain in "${domains[@]}"; do write_zone "$domain" "$ttl"; done
  for attempt in 1 2 3 4 5; do
    local port
    port=$(free_port)
    {
      echo "server:"
      echo "  ip-address: 127.0.0.1@$port"
      echo "  port: $port"
      echo "  do-ip6: no"
      echo "  username: \"\""
      echo "  chroot: \"\""
      echo "  zonesdir: \"$dir\""
      echo "  pidfile: \"$dir/nsd.pid\""
      echo "  logfile: \"$dir/nsd.log\""
      echo "  database: \"\""
      echo "  zonelistfile: \"$dir/zone.list\""
      echo "  xfrdfile: \"$dir/xfrd.state\""
      echo "  xfrdir: \"$dir\""
      echo "  server-count: 1"
      echo "  verbosity: 1"
      echo "remote-control:"
      echo "  control-enable: no"
      for domain in "${domains[@]}"; do
        echo "zone:"
        echo "  name: $domain"
        echo "  zonefile: \"$domain.zone\""
      done
    } >"$dir/nsd.conf"
    nsd-checkconf "$dir/nsd.conf"
    nsd -c "$dir/nsd.conf" || { sleep 0.2; continue; }
    for _ in $(seq 100); do
      if dig +tries=1 +time=1 -p "$port" @127.0.0.1 "${domains[0]}" SOA 2>/dev/null |
        grep -q 'status: NOERROR'; then
        echo "$port" >"$dir/port"
        echo "nsd $(nsd -v 2>&1 | head -n 1 | awk '{print $3}') on 127.0.0.1:$port," \
          "zones ${domains[*]}, TTL $ttl"
        return 0
      fi
      sleep 0.1
    done
    cat "$dir/nsd.log" >&2 2>/dev/null || true
    stop
    echo "nsd_server.sh: attempt $attempt: nsd did not answer on port $port" >&2
  done
  exit 1
}

case "$action" in
  start)
    start "${3:?TTL}" "${@:4}"
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: nsd_server.sh start DIR TTL [DOMAIN...] | stop DIR" >&2
    exit 2
    ;;
esac
