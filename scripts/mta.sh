#!/usr/bin/env bash
# mta.sh start|stop|drain DIR -- a private, throw-away Postfix instance for the sendmail(8) tests.
#
# Run as root. Mail for $MTA_DOMAINS (default: example.net example.com ca.example.org) is delivered to
# DIR/Maildir/new; bounces and mail for root/postmaster land in DIR/local/new; every other domain is
# bounced at once by error(8). There is no smtp client, no listening socket and no chroot, so nothing
# leaves the machine. Submit with MAIL_CONFIG=DIR/etc (or `sendmail -C DIR/etc`).
# Recipe and measurements: shared/recipes/real-mta.md.
set -euo pipefail

usage() { echo "usage: mta.sh start|stop|drain DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
DIR=$(realpath -m "$2")
ETC=$DIR/etc
SPOOL=$DIR/spool
DOMAINS=${MTA_DOMAINS:-example.net example.com ca.example.org}

fail() { echo "mta.sh: $*" >&2; exit 1; }

# Postfix is asked only about this instance; a missing binary means "not running".
instance_running() {
    command -v postfix >/dev/null && [ -f "$ETC/main.cf" ] && postfix -c "$ETC" status >/dev/null 2>&1
}

# Debian's package, non-interactively: "Local only" so the global instance (which no init system starts
# here anyway) never relays. Note that postfix replaces any other installed MTA.
install_postfix() {
    command -v postfix >/dev/null && return 0
    [ "$(id -u)" -eq 0 ] || fail "postfix is not installed and installing it needs root"
    printf '%s\n' 'postfix postfix/main_mailer_type select Local only' \
        'postfix postfix/mailname string mta-test.invalid' | debconf-set-selections
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends postfix >/dev/null
}

write_config() {
    cat >"$ETC/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $SPOOL
data_directory = $DIR/data
# No syslog daemon runs here: postlogd writes everything to this file instead.
maillog_file = $DIR/maillog
maillog_file_prefixes = $DIR
myhostname = mta-test.invalid
mydestination =
alias_maps =
inet_interfaces = loopback-only
inet_protocols = ipv4
default_transport = error:external delivery disabled in tests
relay_transport = error:external delivery disabled in tests
virtual_mailbox_domains = \$myhostname localhost $DOMAINS
virtual_mailbox_base = $DIR
virtual_mailbox_maps = regexp:$ETC/mailboxes
# virtual(8) refuses to deliver as root; nobody:nogroup owns the mailboxes.
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
EOF
    printf '%s\n' '/@(mta-test\.invalid|localhost)$/ local/' '/./ Maildir/' >"$ETC/mailboxes"
    # Only the services local delivery needs, none chrooted (chroot needs copies of /etc files).
    cat >"$ETC/master.cf" <<'EOF'
pickup    unix  n  -  n  60   1  pickup
cleanup   unix  n  -  n  -    0  cleanup
qmgr      unix  n  -  n  300  1  qmgr
rewrite   unix  -  -  n  -    -  trivial-rewrite
bounce    unix  -  -  n  -    0  bounce
defer     unix  -  -  n  -    0  bounce
trace     unix  -  -  n  -    0  bounce
verify    unix  -  -  n  -    1  verify
flush     unix  n  -  n  1000? 0 flush
showq     unix  n  -  n  -    -  showq
error     unix  -  -  n  -    -  error
retry     unix  -  -  n  -    -  error
discard   unix  -  -  n  -    -  discard
virtual   unix  -  n  n  -    -  virtual
postlog   unix-dgram n - n - 1   postlogd
EOF
    # Files younger than ~2 s make every postfix command pause "to let main.cf cool down".
    touch -d '-1 min' "$ETC"/*
}

start() {
    install_postfix
    instance_running && return 0
    mkdir -p "$ETC" "$SPOOL" "$DIR"/Maildir/{cur,new,tmp} "$DIR"/local/{cur,new,tmp}
    chmod 755 "$DIR"
    chown -R nobody:nogroup "$DIR/Maildir" "$DIR/local"
    # The postfix daemons and the delivery user must be able to reach DIR (mktemp -d makes 0700 parents).
    runuser -u nobody -- test -w "$DIR/Maildir/new" ||
        fail "a parent of $DIR is not searchable by others (chmod o+x it)"
    write_config
    postfix -c "$ETC" start >/dev/null 2>&1 || {
        tail -5 "$DIR/maillog" >&2 2>/dev/null || true
        fail "postfix did not start"
    }
}

# This instance's daemons all run with their working directory in its queue directory; that (not a
# process name) is how they are told apart from any other Postfix on the machine.
instance_pids() {
    local p
    for p in /proc/[0-9]*; do
        [ "$p/cwd" -ef "$SPOOL" ] 2>/dev/null && echo "${p#/proc/}"
    done
    return 0
}

stop() {
    # What `postfix stop` does (SIGTERM to the master), without its one-second polling sleep.
    if [ -f "$SPOOL/pid/master.pid" ]; then
        kill "$(awk '{print $1; exit}' "$SPOOL/pid/master.pid")" 2>/dev/null || true
    fi
    local pids
    for _ in $(seq 50); do
        pids=$(instance_pids)
        [ -z "$pids" ] && return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086 # one PID per word
    kill -9 $pids 2>/dev/null || true
}

drain() {
    # Done when maildrop, incoming and active are empty on two looks in a row (10 s at most).
    local empty=0
    for _ in $(seq 200); do
        if [ -z "$(find "$SPOOL"/{maildrop,incoming,active} -type f 2>/dev/null)" ]; then
            empty=$((empty + 1))
            [ "$empty" -ge 2 ] && return 0
        else
            empty=0
        fi
        sleep 0.05
    done
    echo "mta.sh: queue not drained" >&2
    tail -20 "$DIR/maillog" >&2 2>/dev/null || true
    exit 1
}

case $command in
start) start ;;
stop) stop ;;
drain) drain ;;
*) usage ;;
esac
