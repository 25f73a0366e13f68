#!/usr/bin/env bash
# Makes the throw-away test PKI the interop Postfix serves, with openssl alone, at run time
# (generated at test time: no private key is ever committed).
#
#   bash test/interop/pki.sh OUTDIR
#
# Writes into OUTDIR:
#   root.pem                the trust anchor the tests pass as --ca / --tls-ca-path
#   intermediate.pem        the issuing CA (what the leaf-only port "forgets" to send)
#   full-chain.pem          key, leaf (mail.lab.test), intermediate: a correct server file
#   leaf-only.pem           key, leaf: the missing-intermediate mistake
#   wrong-name.pem          key, leaf for other names, intermediate: hostname mismatch
#   expired.pem             key, leaf that expired 30 days ago, intermediate
#   rsa-chain.pem           RSA key, leaf (mail.lab.test), intermediate: for RSA key exchange
# Each server file is in the order smtpd_tls_chain_files wants: key first, then the leaf,
# then its issuers (Postfix TLS_README, "Server-side certificate and private key
# configuration"). Keys are ECDSA P-256: fast to make, accepted by every client here.
set -euo pipefail

out=${1:?usage: pki.sh OUTDIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

# The AIA URL printed in the leaves. Nothing serves it: SMTP Lens only names it in the
# tls.chain-incomplete finding (RFC 5280 §4.2.2.1), it never fetches unless asked.
AIA_URL='http://pki.lab.test/interop-intermediate.cer'
SERVERNAME='mail.lab.test'

# `openssl ca` is the one OpenSSL 3.0 command that can backdate a certificate
# (-startdate/-enddate); `x509 -req` cannot before 3.4. So every certificate goes through it.
stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
cat >"$work/ca.cnf" <<CNF
[ ca ]
default_ca = lab
[ lab ]
dir = $work
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
: >"$work/index.txt"
echo 1000 >"$work/serial"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign NAME SUBJECT ISSUER_CERT ISSUER_KEY START END EXTENSIONS-FILE-SECTION [-selfsign]
sign() {
  local name=$1 subject=$2 icert=$3 ikey=$4 start=$5 end=$6 ext=$7
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr" -config "$work/ca.cnf"
  openssl ca -batch -notext -config "$work/ca.cnf" -in "$work/$name.csr" -out "$work/$name.crt" \
    -startdate "$(stamp "$start")" -enddate "$(stamp "$end")" \
    -extfile "$work/ext.cnf" -extensions "$ext" \
    ${icert:+-cert "$icert"} -keyfile "$ikey" ${8:-} 2>/dev/null
}

leaf_ext() { # section SAN
  cat >>"$work/ext.cnf" <<EXT
[ $1 ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $2
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:$AIA_URL
EXT
}
sed -n '/^\[ v3_ca \]/,$p' "$work/ca.cnf" >"$work/ext.cnf"
cat >>"$work/ext.cnf" <<'EXT'
[ v3_intermediate ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EXT
leaf_ext good "DNS:$SERVERNAME, DNS:localhost, IP:127.0.0.1"
leaf_ext wrong "DNS:smtp.other-provider.example, DNS:mx.other-provider.example"
# RSA key exchange encrypts the premaster secret to the leaf's key (RFC 5246 §7.4.7.1), so that
# leaf needs keyEncipherment too (RFC 5280 §4.2.1.3).
sed -n '/^\[ good \]/,/^authorityInfoAccess/p' "$work/ext.cnf" |
  sed -e 's/^\[ good \]/[ good_rsa ]/' -e 's/digitalSignature$/digitalSignature, keyEncipherment/' >>"$work/ext.cnf"

for k in root intermediate good wrong expired; do key "$work/$k.key"; done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.key" 2>/dev/null

sign root '/O=SMTP Lens/CN=SMTP Lens Interop Root CA' '' "$work/root.key" '-90 days' '+10 years' v3_ca -selfsign
sign intermediate '/O=SMTP Lens/CN=SMTP Lens Interop Intermediate CA' "$work/root.crt" "$work/root.key" '-90 days' '+5 years' v3_intermediate
issue() { sign "$1" "/CN=$2" "$work/intermediate.crt" "$work/intermediate.key" "$3" "$4" "$5"; }
issue good "$SERVERNAME" '-1 day' '+365 days' good
issue wrong smtp.other-provider.example '-1 day' '+365 days' wrong
issue expired "$SERVERNAME" '-60 days' '-30 days' good
issue rsa "$SERVERNAME" '-1 day' '+365 days' good_rsa

install -m 0644 "$work/root.crt" "$out/root.pem"
install -m 0644 "$work/intermediate.crt" "$out/intermediate.pem"
cat "$work/good.key" "$work/good.crt" "$work/intermediate.crt" >"$out/full-chain.pem"
cat "$work/good.key" "$work/good.crt" >"$out/leaf-only.pem"
cat "$work/wrong.key" "$work/wrong.crt" "$work/intermediate.crt" >"$out/wrong-name.pem"
cat "$work/expired.key" "$work/expired.crt" "$work/intermediate.crt" >"$out/expired.pem"
cat "$work/rsa.key" "$work/rsa.crt" "$work/intermediate.crt" >"$out/rsa-chain.pem"
chmod 0600 "$out"/{full-chain,leaf-only,wrong-name,expired,rsa-chain}.pem
