#!/bin/bash
# postfix_instance.sh - start, flush and stop a throw-away private Postfix 3.7 instance for
# tests (run as root). Everything lives under one temp dir: config, queue, data, Maildirs,
# log. SMTP listens on 127.0.0.1:PORT only; nothing is relayed or looked up in DNS (every
# non-local transport is error:), so no mail can leave the machine. Mail for the test domains
# is delivered by the virtual agent into DIR/maildir/<domain>/<localpart>/ (Maildir format,
# owned by 65534). This script does not start or configure any milter: it only points
# Postfix at the socket it is given ("none": no milter).
#
#   postfix_instance.sh start DIR PORT MILTER_SOCKET DEFAULT_ACTION
#   postfix_instance.sh flush DIR [SECONDS]   wait until only held mail is queued
#   postfix_instance.sh stop DIR              stop, kill leftovers, forget DIR
#
# Layout: DIR/etc (config_directory), DIR/spool (queue_directory), DIR/data
# (data_directory), DIR/maildir (virtual_mailbox_base), DIR/maillog (maillog_file).
# Read the hold queue with `postqueue -c DIR/etc -j` and `postcat -c DIR/etc -q ID`.
#
# SA_TEST_CHROOT=stock: master.cf is Debian's stock one (/usr/share/postfix/master.cf.dist,
# chroot y for smtpd, cleanup and most services) with only the smtpd line moved to the test
# port, and the files chrooted daemons read are copied into DIR/spool/etc (as Debian's
# postfix start does for /var/spool/postfix). Default: every service with chroot n.
set -u -o pipefail

TEST_DOMAINS="grant.example.lg.jp example.lg.jp example.jp"
# Addresses with a Maildir of their own, DIR/maildir/<domain>/<localpart>/ (override with
# the environment variable SA_TEST_MAILBOXES).
MAILBOXES=${SA_TEST_MAILBOXES:-hojokin@grant.example.lg.jp tokyo-review@grant.example.lg.jp other@grant.example.lg.jp cyber@grant.example.lg.jp}
DEFAULT_MAIN_CF=/etc/postfix/main.cf
LOCK=/etc/postfix/.sa-triage-test.lock

die() { echo "postfix_instance: $*" >&2; exit 1; }

# Adds ($1 = add) or removes ($1 = remove) DIR/etc in alternate_config_directories of the
# default main.cf: `postfix -c X` refuses a config directory not listed there. Debian's
# postfix installed with "No configuration" has no main.cf at all; then a minimal one is
# created (it only serves this list; the default instance is never started by us).
# Concurrent test runs share that file, so edits are serialised with flock.
edit_alternate_dirs() {
  local op=$1 cfdir=$2
  exec 9>"$LOCK" || die "cannot open $LOCK"
  flock -w 20 9 || die "timeout waiting for $LOCK"
  if [[ ! -f $DEFAULT_MAIN_CF ]]; then
    printf '%s\n' "# Minimal main.cf created by sa-triage tests/postfix/postfix_instance.sh" \
      "compatibility_level = 3.6" >"$DEFAULT_MAIN_CF"
  fi
  local current new=() d
  current=$(postconf -c /etc/postfix -h alternate_config_directories 2>/dev/null) || current=
  for d in ${current//,/ }; do
    [[ $d == "$cfdir" ]] || new+=("$d")
  done
  [[ $op == add ]] && new+=("$cfdir")
  postconf -c /etc/postfix -e "alternate_config_directories = ${new[*]:-}" ||
    die "cannot edit $DEFAULT_MAIN_CF"
  exec 9>&-
}

write_config() {
  local dir=$1 port=$2 milter=$3 action=$4 milters=
  [[ $milter == none ]] || milters=$milter
  local inline="" a
  for a in $MAILBOXES; do inline+=" $a=${a#*@}/${a%@*}/,"; done
  inline=${inline%,}
  cat >"$dir/etc/main.cf" <<CF
# Private test instance (sa-triage tests/postfix): loopback only, nothing leaves the machine.
compatibility_level = 3.6
config_directory = $dir/etc
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.sa-triage.test
mydomain = sa-triage.test
myorigin = \$myhostname
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
# No relaying, no delivery other than our Maildirs: everything else bounces here.
default_transport = error:private test instance delivers nowhere
relay_transport = error:private test instance delivers nowhere
local_transport = error:private test instance has no local delivery
relayhost =
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_helo_required = no
smtputf8_enable = no
biff = no
notify_classes =
# Bounces of test mail (null sender) would only pile up; drop them at once.
bounce_queue_lifetime = 0
maximal_queue_lifetime = 1h
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
message_size_limit = 52428800
virtual_mailbox_limit = 0
virtual_mailbox_domains = $TEST_DOMAINS
virtual_mailbox_base = $dir/maildir
# The trailing slash = Maildir. virtual(8) forbids regexp substitutions, so the test
# mailboxes are listed (one Maildir each: the tests tell the grant inbox from
# add_recipients copies) and every other address in the test domains lands in catchall/.
virtual_mailbox_maps = inline:{$inline}, static:catchall/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_milters = $milters
non_smtpd_milters = $milters
milter_default_action = $action
milter_protocol = 6
milter_connect_timeout = 10s
milter_command_timeout = 20s
milter_content_timeout = 60s
CF
  if [[ ${SA_TEST_CHROOT:-} == stock ]]; then
    write_stock_master_cf "$dir" "$port"
    return
  fi
  # Every service with chroot n (5th column); smtpd only on the loopback test port.
  cat >"$dir/etc/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
}

# Debian's stock master.cf, chroot column untouched; the public smtp listener becomes the
# loopback test port.
write_stock_master_cf() {
  local dir=$1 port=$2 stock=/usr/share/postfix/master.cf.dist f
  [[ -f $stock ]] || die "no $stock (Debian package postfix)"
  sed -E "s/^smtp([[:space:]]+)inet([[:space:]])/127.0.0.1:$port\1inet\2/" "$stock" >"$dir/etc/master.cf"
  grep -q "^127.0.0.1:$port[[:space:]]*inet[[:space:]].*[[:space:]]y[[:space:]].*smtpd" \
    "$dir/etc/master.cf" || die "stock master.cf has no chrooted smtp inet line"
  mkdir -p "$dir/spool/etc"
  for f in localtime services resolv.conf hosts host.conf nsswitch.conf; do
    [[ -e /etc/$f ]] && cp -L "/etc/$f" "$dir/spool/etc/$f"
  done
  return 0
}

# The master's pid, when the instance's master runs.
master_pid() {
  local pid
  pid=$(tr -dc 0-9 2>/dev/null <"$1/spool/pid/master.pid") || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Pids of processes left from this instance: Postfix daemons chdir to queue_directory.
instance_pids() {
  local p cwd
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    [[ $cwd == "$1/spool" || $cwd == "$1/spool/"* ]] && echo "${p#/proc/}"
  done
}

cmd_start() {
  local dir=${1:?DIR} port=${2:?PORT} milter=${3:?MILTER_SOCKET} action=${4:?DEFAULT_ACTION}
  [[ $(id -u) == 0 ]] || die "must run as root"
  [[ $dir == /* ]] || die "DIR must be absolute"
  [[ $port =~ ^[0-9]+$ ]] || die "bad port $port"
  if ! getent passwd postfix >/dev/null || ! getent group postdrop >/dev/null; then
    die "needs the postfix user and postdrop group (Debian package postfix)"
  fi
  if [[ -n $(master_pid "$dir") ]]; then cmd_stop "$dir"; fi
  # A fresh instance every time: old queue files or Maildirs would spoil the accounting.
  rm -rf "${dir:?}/etc" "${dir:?}/spool" "${dir:?}/data" "${dir:?}/maildir" "${dir:?}/maillog"
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/maildir" || die "cannot create $dir"
  # Postfix daemons (user postfix) and virtual (65534) must reach into DIR.
  chmod 755 "$dir"
  chown postfix "$dir/data"
  chown 65534:65534 "$dir/maildir"
  chmod 700 "$dir/maildir"
  write_config "$dir" "$port" "$milter" "$action"
  edit_alternate_dirs add "$dir/etc"
  # `postfix check` runs post-install create-missing: it makes the queue subdirectories
  # with the owners from mail_owner/setgid_group (maildrop and public group postdrop).
  postfix -c "$dir/etc" check >>"$dir/start.log" 2>&1 || {
    cat "$dir/start.log" >&2
    die "postfix check failed"
  }
  postfix -c "$dir/etc" start >>"$dir/start.log" 2>&1 || {
    cat "$dir/start.log" "$dir/maillog" >&2 2>/dev/null
    die "postfix start failed"
  }
  # Wait (bounded) until smtpd answers on the port.
  local i
  for ((i = 0; i < 100; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "postfix_instance: started $dir on 127.0.0.1:$port (master $(master_pid "$dir"))"
      return 0
    fi
    sleep 0.1
  done
  cat "$dir/maillog" >&2 2>/dev/null
  die "smtpd does not answer on 127.0.0.1:$port"
}

cmd_flush() {
  local dir=${1:?DIR} limit=${2:-60} i n q
  [[ -n $(master_pid "$dir") ]] || die "instance $dir is not running"
  postqueue -c "$dir/etc" -f 2>/dev/null
  for ((i = 0; i < limit * 5; i++)); do
    # One JSON object per queued message; count those not in the hold queue.
    if ! q=$(postqueue -c "$dir/etc" -j 2>/dev/null); then sleep 0.2; continue; fi
    n=$(grep '"queue_id"' <<<"$q" | grep -vc '"queue_name": *"hold"')
    # The incoming directory can hold a file that is not listed yet: check it too.
    if [[ $n == 0 && -z $(find "$dir/spool/incoming" "$dir/spool/maildrop" -type f 2>/dev/null) ]]; then
      return 0
    fi
    ((i % 25 == 24)) && postqueue -c "$dir/etc" -f 2>/dev/null
    sleep 0.2
  done
  postqueue -c "$dir/etc" -p >&2
  die "queue of $dir not empty after ${limit}s"
}

cmd_stop() {
  local dir=${1:?DIR} pid i
  if [[ -f $dir/etc/main.cf ]]; then
    postfix -c "$dir/etc" stop >>"$dir/start.log" 2>&1
    for ((i = 0; i < 50; i++)); do
      [[ -z $(master_pid "$dir") ]] && break
      sleep 0.1
    done
    pid=$(master_pid "$dir") && kill -9 "$pid" 2>/dev/null
  fi
  # Children exit when the master goes; anything still here is killed by pid.
  for ((i = 0; i < 30; i++)); do
    [[ -z $(instance_pids "$dir") ]] && break
    sleep 0.1
  done
  for pid in $(instance_pids "$dir"); do kill -9 "$pid" 2>/dev/null; done
  [[ -f $DEFAULT_MAIN_CF ]] && edit_alternate_dirs remove "$dir/etc"
  return 0
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  flush) shift; cmd_flush "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) die "usage: $0 start DIR PORT MILTER_SOCKET DEFAULT_ACTION | flush DIR [SECONDS] | stop DIR" ;;
esac
