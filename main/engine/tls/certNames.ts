// A certificate's issuer and subject Names as DER bytes, read without parsing the whole
// certificate: enough to find the few roots that could have issued a certificate among the
// ~140 Node bundles, so that only those are ever parsed (RFC 5280 §4.1). A CA encodes the
// issuer of what it signs as its own subject (RFC 5280 §4.1.2.4), so equal bytes are the match.

/** One DER TLV at `at`: where its contents start and where it ends. */
function tlv(der: Buffer, at: number): { start: number; end: number } | null {
  if (at + 2 > der.length) return null;
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes < 1 || bytes > 3 || start + bytes > der.length) return null;
    length = der.readUIntBE(start, bytes);
    start += bytes;
  }
  const end = start + length;
  return end <= der.length ? { start, end } : null;
}

const SEQUENCE = 0x30;
const VERSION = 0xa0; // [0] EXPLICIT Version, absent in v1 certificates

/** Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serialNumber,
 * signature, issuer, validity, subject, … } … } (RFC 5280 §4.1); hex of issuer and subject. */
export function certNames(der: Buffer): { issuer: string; subject: string } | null {
  const cert = der[0] === SEQUENCE ? tlv(der, 0) : null;
  const tbs = cert && der[cert.start] === SEQUENCE ? tlv(der, cert.start) : null;
  if (!tbs) return null;
  const fields: Buffer[] = [];
  let at = tbs.start;
  if (der[at] === VERSION) at = tlv(der, at)?.end ?? tbs.end;
  while (fields.length < 5 && at < tbs.end) {
    const field = tlv(der, at);
    if (!field) return null;
    fields.push(der.subarray(at, field.end));
    at = field.end;
  }
  // serialNumber, signature, issuer, validity, subject
  if (fields.length < 5 || fields[2][0] !== SEQUENCE || fields[4][0] !== SEQUENCE) return null;
  return { issuer: fields[2].toString('hex'), subject: fields[4].toString('hex') };
}

/** The DER inside a PEM block. */
export function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
