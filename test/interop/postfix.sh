#!/usr/bin/env bash
# The real Postfix the interop suite (test/interop/*.test.ts) talks to.
#
#   bash test/interop/postfix.sh install   Debian packages: postfix, Cyrus SASL, swaks, openssl
#   bash test/interop/postfix.sh up        install if needed, then (re)start a fresh instance
#   bash test/interop/postfix.sh status    is it running, on which ports
#   bash test/interop/postfix.sh down      stop this instance and delete its folder
#   bash test/interop/postfix.sh test      up, run the interop suite, down
#
# The instance lives in its own temporary folder (/tmp/smtp-lens-postfix.XXXXXX: main.cf,
# master.cf, queue, TLS files, SASL db, mailboxes, maillog) and is started and stopped only
# through `postfix -c THAT_FOLDER`, so a system Postfix, if there is one, is never touched.
# It listens on 127.0.0.1 only, on high ports (SMTP_LENS_POSTFIX_PORT_BASE, default 12000,
# plus 25..32, 465, 587), has no service on port 25, does no DNS, and its one SMTP client
# only reaches three ports on 127.0.0.1: base+40, a practice server the bounce test starts;
# base+41, kept closed (test/interop/postfixBounces.test.ts); base+42, the listener
# (test/interop/postfixRelayClient.test.ts).
# `up` writes test/interop/.state/ports.json, which is how the tests find it.
# Needs root (Postfix's master must start as root); re-runs itself with sudo otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state_dir=$here/.state
state_json=$state_dir/ports.json
# Plain-text copy of the folder for this script, so `down` needs no JSON parser.
state_dir_file=$state_dir/config-dir
base=${SMTP_LENS_POSTFIX_PORT_BASE:-12000}
# Package list: what the instance and the suite's comparison clients need. swaks does TLS
# through Net::SSLeay, which Debian only "Recommends" (not installed with --no-install-recommends).
packages=(postfix sasl2-bin libsasl2-modules swaks libnet-ssleay-perl openssl ca-certificates)

log() { printf 'postfix.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -- "$@"; fi
}
require_root() {
  [ "$(id -u)" -eq 0 ] && return
  command -v sudo >/dev/null || die "run as root (Postfix's master starts as root)"
  exec sudo --preserve-env=SMTP_LENS_POSTFIX_PORT_BASE -- bash "${BASH_SOURCE[0]}" "$@"
}

cmd_install() {
  local missing=() p t0
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then log "install: all packages present"; return; fi
  t0=$(now)
  # "No configuration": the package installs binaries only. It writes no /etc/postfix/main.cf,
  # so no system Postfix starts and nothing listens on port 25 (the question would otherwise
  # default to "Internet Site"). debconf-set-selections comes with debconf, on every Debian.
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "install: ${missing[*]} in $(since "$t0")s"
}

port_of() {
  case $1 in
    mx) echo $((base + 25)) ;; leafOnly) echo $((base + 26)) ;; wrongName) echo $((base + 27)) ;;
    expired) echo $((base + 28)) ;; noStarttls) echo $((base + 29)) ;; tls12Only) echo $((base + 30)) ;;
    weakCiphers) echo $((base + 33)) ;;
    bareLfNormalize) echo $((base + 31)) ;; bareLfReject) echo $((base + 32)) ;;
    submission) echo $((base + 587)) ;; submissions) echo $((base + 465)) ;;
    refusingMx) echo $((base + 40)) ;; closedMx) echo $((base + 41)) ;; listen) echo $((base + 42)) ;;
  esac
}
scenarios=(mx leafOnly wrongName expired noStarttls tls12Only weakCiphers bareLfNormalize bareLfReject submission submissions)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The mailboxes must belong to an ordinary user (virtual(8) refuses uids below
# virtual_minimum_uid, 100). The developer who ran sudo can then read them; otherwise nobody.
mailbox_owner() {
  if [ -n "${SUDO_UID:-}" ] && [ "$SUDO_UID" -ge 100 ]; then echo "$SUDO_UID ${SUDO_GID:-$SUDO_UID}"
  else echo "$(id -u nobody) $(id -g nobody)"; fi
}

render() { # template output: fills @DIR@, @PORT_*@, @MAILBOX_UID@, @MAILBOX_GID@
  local s args=(-e "s|@DIR@|$dir|g" -e "s|@MAILBOX_UID@|$uid|g" -e "s|@MAILBOX_GID@|$gid|g")
  for s in MX:mx LEAF_ONLY:leafOnly WRONG_NAME:wrongName EXPIRED:expired NO_STARTTLS:noStarttls \
    TLS12:tls12Only WEAK_CIPHERS:weakCiphers BARE_LF_NORMALIZE:bareLfNormalize BARE_LF_REJECT:bareLfReject SUBMISSION:submission SUBMISSIONS:submissions \
    REFUSING_MX:refusingMx CLOSED_MX:closedMx LISTEN:listen; do
    args+=(-e "s|@PORT_${s%%:*}@|$(port_of "${s#*:}")|g")
  done
  sed "${args[@]}" "$1" >"$2"
}

write_state() {
  local s first=1
  mkdir -p "$state_dir"
  chmod 0755 "$state_dir"
  {
    printf '{\n  "instanceDir": "%s",\n  "configDir": "%s",\n  "servername": "mail.lab.test",\n' "$dir" "$dir/etc"
    printf '  "caPath": "%s",\n  "intermediatePath": "%s",\n' "$dir/etc/tls/root.pem" "$dir/etc/tls/intermediate.pem"
    printf '  "user": "alice@lab.test",\n  "password": "%s",\n' "$password"
    printf '  "mailboxes": { "alice@lab.test": "%s", "bob@lab.test": "%s", "full@lab.test": "%s" },\n' \
      "$dir/mail/lab.test/alice" "$dir/mail/lab.test/bob" "$dir/mail/lab.test/full"
    printf '  "remotes": { "refusingMx": %s, "closedMx": %s, "listen": %s },\n' "$(port_of refusingMx)" "$(port_of closedMx)" "$(port_of listen)"
    printf '  "maillog": "%s",\n  "ports": {' "$dir/maillog"
    for s in "${scenarios[@]}"; do
      [ $first -eq 1 ] || printf ','
      first=0
      printf '\n    "%s": %s' "$s" "$(port_of "$s")"
    done
    printf '\n  }\n}\n'
  } >"$state_json.tmp"
  chmod 0644 "$state_json.tmp"
  mv "$state_json.tmp" "$state_json"
}

cmd_up() {
  local t0 s port
  cmd_install
  cmd_down quiet
  t0=$(now)
  for s in "${scenarios[@]}"; do
    port=$(port_of "$s")
    port_open "$port" && die "127.0.0.1:$port ($s) is already in use; set SMTP_LENS_POSTFIX_PORT_BASE"
  done
  for s in refusingMx closedMx listen; do
    port_open "$(port_of "$s")" && die "127.0.0.1:$(port_of "$s") ($s) must be free; set SMTP_LENS_POSTFIX_PORT_BASE"
  done
  dir=$(mktemp -d /tmp/smtp-lens-postfix.XXXXXX)
  # Recorded at once, so that `down` cleans up even after a failed start.
  mkdir -p "$state_dir"
  echo "$dir" >"$state_dir_file"
  # Postfix daemons run as "postfix" and must reach the queue below this folder.
  chmod 0755 "$dir"
  read -r uid gid < <(mailbox_owner)
  local etc=$dir/etc
  mkdir -p "$etc"/{tls,sasl} "$dir"/{data,queue,mail/lab.test}
  chown postfix "$dir/data"
  chown "$uid:$gid" "$dir/mail/lab.test"
  bash "$here/pki.sh" "$etc/tls"
  render "$here/config/main.cf.in" "$etc/main.cf"
  render "$here/config/master.cf.in" "$etc/master.cf"
  render "$here/config/smtpd.conf.in" "$etc/sasl/smtpd.conf"
  # virtual_mailbox_maps: address -> mbox file under virtual_mailbox_base (no trailing "/",
  # so an mbox file, not a Maildir).
  printf 'alice@lab.test lab.test/alice\nbob@lab.test lab.test/bob\nfull@lab.test lab.test/full\n' >"$etc/vmailbox"
  # full@ is already over its 2 KB quota (virtual-quota in master.cf): the next message bounces.
  { printf 'From old@lab.test Thu Jan  1 00:00:00 2026\nSubject: old\n\n'; head -c 3000 /dev/zero | tr '\0' x; printf '\n\n'; } \
    >"$dir/mail/lab.test/full"
  chown "$uid:$gid" "$dir/mail/lab.test/full"
  # Where the bounce tests' mail goes (transport(5)): nothing else uses lab-smtp.
  render "$here/config/transport.in" "$etc/transport"
  # A fresh random password each time: nothing secret is committed or reused.
  password=$(openssl rand -hex 12)
  printf '%s' "$password" | saslpasswd2 -p -c -f "$etc/sasl/sasldb2" -u lab.test alice
  # smtpd (running as postfix) reads the sasldb on every AUTH.
  chown root:postfix "$etc/sasl/sasldb2"
  chmod 0640 "$etc/sasl/sasldb2"
  # `postfix start` runs the same checks as `postfix check` (and creates the queue folders).
  # postfix(1) prints errors only to a terminal; without one they are in maillog_file.
  postfix -c "$etc" start || { tail -20 "$dir/maillog" >&2 || true; die "postfix start failed"; }
  for _ in $(seq 100); do
    local all=1
    for s in "${scenarios[@]}"; do port_open "$(port_of "$s")" || all=0; done
    [ $all -eq 1 ] && break
    sleep 0.1
  done
  [ "${all:-0}" -eq 1 ] || { tail -20 "$dir/maillog" >&2 || true; die "Postfix did not open every port"; }
  write_state
  log "up: $(postconf -c "$dir/etc" -h mail_version | sed 's/^/Postfix /') in $dir, started in $(since "$t0")s"
  cmd_status
}

# Stops only the instance recorded in .state, through its own config folder.
cmd_down() {
  local old
  [ -f "$state_dir_file" ] || { [ "${1:-}" = quiet ] || log "down: no instance recorded"; return 0; }
  old=$(cat "$state_dir_file")
  [[ $old =~ ^/tmp/smtp-lens-postfix\.[A-Za-z0-9]+$ ]] || die "refusing to touch '$old' (not a folder made by up)"
  if [ -f "$old/etc/main.cf" ] && postfix -c "$old/etc" status >/dev/null 2>&1; then
    postfix -c "$old/etc" stop
  fi
  rm -rf -- "$old"
  rm -f "$state_json" "$state_dir_file"
  [ "${1:-}" = quiet ] || log "down: stopped and removed $old"
}

cmd_status() {
  local dir
  [ -f "$state_dir_file" ] || { echo "not running (no $state_json; start it with: bash test/interop/postfix.sh up)"; return 1; }
  dir=$(cat "$state_dir_file")
  if as_root postfix -c "$dir/etc" status 2>/dev/null; then
    echo "running: master pid $(as_root sed -n 's/ //gp' "$dir/queue/pid/master.pid"), config $dir/etc/main.cf, log $dir/maillog"
    # The ports the instance was started with, from the state the tests read.
    sed -n 's/^    "\([A-Za-z0-9]*\)": \([0-9]*\),\{0,1\}$/  \1 127.0.0.1:\2/p' "$state_json"
  else
    echo "not running (stale state for $dir; run: bash test/interop/postfix.sh up)"
    return 1
  fi
}

cmd_test() {
  local rc=0
  as_root bash "${BASH_SOURCE[0]}" up
  (cd "$here/../.." && npx vitest run test/interop) || rc=$?
  as_root bash "${BASH_SOURCE[0]}" down
  return $rc
}

case ${1:-} in
  install) require_root "$@"; cmd_install ;;
  up) require_root "$@"; cmd_up ;;
  down) require_root "$@"; cmd_down ;;
  status) cmd_status ;;
  test) cmd_test ;;
  *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
