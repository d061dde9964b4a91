#!/usr/bin/env bash
# The Debian package, judged as an operator meets it (run by `make test`; needs root, as CI is):
# it builds, lintian reports no errors, it installs with dpkg -i, and as the vouch user, from /tmp,
# with only the installed files, `vouch init`, a delivered registration mail and `vouch jobs run`
# work and `vouch doctor` is content; the units pass systemd-analyze verify, the man page renders,
# and dpkg -r removes the package but leaves the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then echo "test-deb: needs root (dpkg -i); CI runs as root" >&2; exit 1; fi
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

package=$(scripts/deb.sh | tail -1)
echo "test-deb: built $package"

lintian_output=$(lintian --tag-display-limit 0 "$package" 2>&1 | grep -v '^running with root privileges' || true)
[ -n "$lintian_output" ] && echo "$lintian_output"
echo "$lintian_output" | grep -q '^E:' && fail "lintian reports errors"

dpkg -r vouch >/dev/null 2>&1 || true
dpkg -i "$package" >/dev/null || fail "dpkg -i"
trap 'dpkg -r vouch >/dev/null 2>&1 || true' EXIT
getent passwd vouch >/dev/null || fail "postinst made no vouch user"
[ "$(stat -c '%a %U' /var/lib/vouch)" = "700 vouch" ] || fail "/var/lib/vouch is not 0700 vouch"

# Only the installed files: a fresh data directory, run from /tmp where no Templates/ or Content/ is.
data=/var/lib/vouch/test-deb-$$
as_vouch() { (cd /tmp && runuser -u vouch -- env -i PATH=/usr/bin:/bin HOME=/var/lib/vouch "$@"); }
as_vouch sh -c "umask 077; printf 'package test passphrase\n' >$data.pass; printf 'package root passphrase\n' >$data.root"
as_vouch /usr/bin/vouch init --data "$data" --name "Package Test CA" --mail-domain ca.example.org \
    --base-url https://ca.example.org/ --passphrase-file "$data.pass" --root-passphrase-file "$data.root" \
    --root-key-out "$data.root-key.pem" --root-key p384 >/dev/null || fail "vouch init as the vouch user"
printf 'From: Alice <alice@example.org>\nTo: register@ca.example.org\nMessage-ID: <deb-1@example.org>\nSubject: join\n\nName: Alice Example\nDate-Of-Birth: 1980-04-01\n' |
    as_vouch /usr/bin/vouch deliver --data "$data" || fail "vouch deliver"
as_vouch /usr/bin/vouch jobs run --data "$data" --passphrase-file "$data.pass" >/dev/null || fail "vouch jobs run"
grep -rlq 'alice@example.org' "$data/mail/outbox" || fail "no reply to the registration in the outbox"
as_vouch /usr/bin/vouch doctor --data "$data" --passphrase-file "$data.pass" || fail "vouch doctor on a healthy data directory"

systemd-analyze verify /lib/systemd/system/vouch-jobs.service /lib/systemd/system/vouch-jobs.timer ||
    fail "systemd-analyze verify"
exposure=$(systemd-analyze security --offline=true /lib/systemd/system/vouch-jobs.service 2>&1 | sed -n 's/.*Overall exposure level for vouch-jobs.service: \([0-9.]*\).*/\1/p')
echo "test-deb: systemd-analyze security exposure $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e + 0 <= 2.0) }' || fail "the unit's exposure is $exposure (above 2.0)"
man -l /usr/share/man/man1/vouch.1.gz 2>/dev/null | grep -q 'community certificate authority' || fail "man page"
/usr/bin/vouch --version | grep -q '^OpenSSL 3' || fail "--version names no OpenSSL"

dpkg -r vouch >/dev/null || fail "dpkg -r"
trap - EXIT
[ ! -e /usr/bin/vouch ] || fail "dpkg -r left /usr/bin/vouch"
[ -f "$data/config.toml" ] || fail "dpkg -r took the data directory"
rm -rf "$data" "$data".*
echo "test-deb: passed"
