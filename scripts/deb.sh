#!/usr/bin/env bash
# Builds the Debian package: a release vouch with the Swift standard library linked in (so it
# depends on Debian's libraries only), the systemd units, the Postfix and cron examples, the man
# page and shell completions. Templates and content are embedded in the binary.
# usage: scripts/deb.sh [OUTPUT_DIR]   (default .build/deb; prints the package's path last)
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-.build/deb}
swift=${SWIFT:-swift}

$swift build -c release --static-swift-stdlib --product vouch
binary="$($swift build -c release --static-swift-stdlib --show-bin-path)/vouch"
version=$("$binary" --version | sed -n '1s/^vouch //p')
arch=$(dpkg --print-architecture)

# The man page, from the command definitions
manual=$(mktemp -d)
stage=$(mktemp -d)
trap 'rm -rf "$manual" "$stage"' EXIT
# (swift-argument-parser's generate-manual, run on the release binary itself: the package plugin
# would build a second release copy of everything)
$swift build --product generate-manual >/dev/null
"$($swift build --show-bin-path)/generate-manual" "$binary" --output-directory "$manual" \
    --date "$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)" \
    --authors "The Vouch community" >/dev/null

root="$stage/root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/share/man/man1" \
    "$root/usr/share/doc/vouch/examples" "$root/usr/share/bash-completion/completions" \
    "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$root/usr/bin/vouch"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/vouch"
install -m 0644 jobs/vouch-jobs.service jobs/vouch-jobs.timer "$root/lib/systemd/system/"
install -m 0644 jobs/postfix-master.cf jobs/crontab "$root/usr/share/doc/vouch/examples/"
gzip -9n -c "$manual/vouch.1" >"$root/usr/share/man/man1/vouch.1.gz"
chmod 0644 "$root/usr/share/man/man1/vouch.1.gz"
"$binary" --generate-completion-script bash | sed "1{/^#!/d}" >"$root/usr/share/bash-completion/completions/vouch"
"$binary" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_vouch"
"$binary" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/vouch.fish"
chmod 0644 "$root"/usr/share/*-completion*/completions/* "$root"/usr/share/zsh/vendor-completions/_vouch \
    "$root"/usr/share/fish/vendor_completions.d/vouch.fish
install -m 0644 packaging/debian/copyright "$root/usr/share/doc/vouch/copyright"
sed "s/@VERSION@/$version/" packaging/debian/changelog | gzip -9n >"$root/usr/share/doc/vouch/changelog.gz"
chmod 0644 "$root/usr/share/doc/vouch/changelog.gz"
install -m 0755 packaging/debian/postinst "$root/DEBIAN/"

# Depends: what the binary links, as dpkg-shlibdeps reads it from the installed libraries.
install -d "$stage/debian"
printf 'Source: vouch\n\nPackage: vouch\nArchitecture: any\n' >"$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O -e root/usr/bin/vouch 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    packaging/debian/control.in >"$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
    >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$output"
package="$output/vouch_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$package" >/dev/null
echo "$package"
