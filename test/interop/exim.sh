#!/usr/bin/env bash
# The second real MTA of the interop suite: Debian's Exim, run from an unpacked copy.
#
#   bash test/interop/exim.sh install   unpack Exim into test/interop/.exim/ (needs root)
#   bash test/interop/exim.sh status    is it there, which version
#
# Exim conflicts with Postfix as an installed package (both are the system's MTA), so it is
# never installed: `apt-get download` fetches the .deb files and `dpkg-deb -x` unpacks them.
# Nothing is started: test/interop/eximBounces.test.ts writes its own configuration and
# hands each message to `exim -C CONFIG -odi`, which delivers it (or bounces it) at once and
# exits. The binary loses its setuid bit, so it runs with the caller's rights and finds its
# unpacked libraries; it looks up its compiled-in user, Debian-exim, which is created as
# Debian's exim4-base package creates it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=$here/.exim
# exim4-daemon-light's binary, and libidn12, which it links and a Postfix machine lacks.
packages=(exim4-daemon-light libidn12)

log() { printf 'exim.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

cmd_install() {
  [ "$(id -u)" -eq 0 ] || die "run as root (it adds the Debian-exim system user)"
  if [ -x "$dest/exim" ] && "$dest/exim" -C /dev/null -bV >/dev/null 2>&1; then log "install: already unpacked in $dest"; return; fi
  rm -rf "$dest"
  mkdir -p "$dest/debs" "$dest/root"
  (cd "$dest/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1) ||
    { apt-get update -qq && (cd "$dest/debs" && apt-get download "${packages[@]}" >/dev/null); }
  for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
  chmod u-s "$dest/root/usr/sbin/exim4"
  getent passwd Debian-exim >/dev/null ||
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin Debian-exim
  # Exim re-executes itself (exim_path) for each delivery: this wrapper finds the libraries.
  cat >"$dest/exim" <<WRAPPER
#!/bin/sh
LD_LIBRARY_PATH=$dest/root/usr/lib/x86_64-linux-gnu exec $dest/root/usr/sbin/exim4 "\$@"
WRAPPER
  chmod 0755 "$dest/exim"
  "$dest/exim" -C /dev/null -bV 2>/dev/null | head -1 | sed 's/^/exim.sh: install: /' >&2
}

cmd_status() {
  if [ -x "$dest/exim" ] && "$dest/exim" -C /dev/null -bV 2>/dev/null | head -1; then return; fi
  echo "not unpacked (run: sudo bash test/interop/exim.sh install)"
  return 1
}

case ${1:-} in
  install) cmd_install ;;
  status) cmd_status ;;
  *) sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
