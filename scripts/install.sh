#!/bin/sh
# Installs a qaledger release on Linux or macOS: downloads the archive for this machine and its
# .sha256, refuses it unless the checksum matches, and puts `qaledger` in ~/.local/bin (its man
# pages in ~/.local/share/man/man1). Published with each release; the README's one-liner is
#
#   curl -fsSL https://github.com/CHANGE-ME/qaledger/releases/download/v0.2.0/install.sh | sh
#
# Settings (environment): QALEDGER_VERSION (default: the release this script came with),
# QALEDGER_TARGET (default: this machine's; x86_64 Linux gets the static musl build, which runs
# on any distribution), QALEDGER_INSTALL_DIR (default ~/.local/bin), QALEDGER_DOWNLOAD (where
# releases are downloaded from; scripts/publish-assets sets it to the repository's own).
set -eu

version=${QALEDGER_VERSION:-0.2.0}
download=${QALEDGER_DOWNLOAD:-https://github.com/CHANGE-ME/qaledger/releases/download}
bin_dir=${QALEDGER_INSTALL_DIR:-$HOME/.local/bin}
man_dir=${QALEDGER_MAN_DIR:-$HOME/.local/share/man/man1}

fail() {
  echo "qaledger install: $*" >&2
  exit 1
}

if [ -n "${QALEDGER_TARGET:-}" ]; then
  target=$QALEDGER_TARGET
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64 | Linux-amd64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
    Darwin-arm64 | Darwin-aarch64) target=aarch64-apple-darwin ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    *) fail "no release is built for $(uname -s) $(uname -m): install with cargo (see the README)" ;;
  esac
fi

name="qaledger-$version-$target"
archive="$name.tar.gz"
url="$download/v$version/$archive"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,file' -fsSL "$1" -o "$2"
  elif command -v wget >/dev/null 2>&1; then
    wget -q "$1" -O "$2"
  else
    fail "needs curl or wget"
  fi
}

echo "Downloading $url" >&2
fetch "$url" "$tmp/$archive" || fail "could not download $url"
fetch "$url.sha256" "$tmp/$archive.sha256" || fail "could not download $url.sha256"

expected=$(cut -d ' ' -f 1 <"$tmp/$archive.sha256")
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$tmp/$archive" | cut -d ' ' -f 1)
else
  actual=$(shasum -a 256 "$tmp/$archive" | cut -d ' ' -f 1)
fi
[ -n "$expected" ] && [ "$actual" = "$expected" ] ||
  fail "checksum mismatch for $archive (expected $expected, got $actual): not installed"
echo "Checksum verified (SHA-256 $actual)" >&2

tar -xzf "$tmp/$archive" -C "$tmp"
mkdir -p "$bin_dir" "$man_dir"
cp "$tmp/$name/qaledger" "$bin_dir/qaledger.new"
chmod 755 "$bin_dir/qaledger.new"
mv "$bin_dir/qaledger.new" "$bin_dir/qaledger"
cp "$tmp/$name"/man/*.1 "$man_dir/"

"$bin_dir/qaledger" --version
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "Add $bin_dir to your PATH (e.g. in ~/.profile: export PATH=\"$bin_dir:\$PATH\")." >&2 ;;
esac
