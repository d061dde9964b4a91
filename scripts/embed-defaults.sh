#!/bin/sh
# Writes OUTPUT_DIR/EmbeddedDefaults.swift: every file under ROOT's Templates/ and Content/, base64,
# keyed by its path. Run by the EmbedDefaults build plugin before every build, so a file added,
# changed or removed there is in the next binary; the output is replaced only when it changed.
# usage: embed-defaults.sh OUTPUT_DIR ROOT
set -eu
output_dir=$1
root=$2
mkdir -p "$output_dir"
target="$output_dir/EmbeddedDefaults.swift"
temporary="$target.$$.tmp"
trap 'rm -f "$temporary"' EXIT
{
    echo "// Generated before each build by scripts/embed-defaults.sh from Templates/ and Content/; do not edit."
    echo ""
    echo "/// The default templates and content, by their path under the package root, base64-encoded."
    echo "enum EmbeddedDefaults {"
    echo "    static let files: [String: String] = ["
    cd "$root"
    find Templates Content -type f ! -path '*/.*' 2>/dev/null | LC_ALL=C sort | while IFS= read -r path; do
        case "$path" in *'"'* | *'\'*) continue ;; esac
        printf '        "%s": "%s",\n' "$path" "$(base64 <"$path" | tr -d '\n')"
    done
    echo "        \"\": \"\","
    echo "    ]"
    echo "}"
} >"$temporary"
if ! cmp -s "$temporary" "$target"; then mv "$temporary" "$target"; fi
