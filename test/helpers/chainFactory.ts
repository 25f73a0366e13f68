// Certificate chains of any length and shape, generated at test time: the chains a forger or
// a broken CA setup would present. Built on the practice server's own certificate issuer.
import { X509Certificate } from 'node:crypto';
import {
  DAY_MS,
  certToPem,
  generateKey,
  issueCertificate,
  privateKeyToPem,
  type Issuer,
  type KeyPair,
} from '../../main/lab/pkiCertificates';

export interface MadeChain {
  /** PEM per certificate, leaf first, then each issuer in turn; the root (if any) last. */
  pems: string[];
  /** The leaf's private key (PKCS#8 PEM), for a test server. */
  keyPem: string;
  /** The certificates as Node sees them, in the same order. */
  certs: X509Certificate[];
}

const validity = () => ({ notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 30 * DAY_MS) });

async function leafUnder(issuer: Issuer, name: string): Promise<{ pem: string; keys: KeyPair }> {
  const keys = await generateKey({ kind: 'ec' });
  const cert = await issueCertificate({
    subject: `CN=${name}, O=Chain Test`,
    subjectKeys: keys,
    issuer,
    dnsNames: [name],
    ipAddresses: ['127.0.0.1'],
    ...validity(),
  });
  return { pem: certToPem(cert), keys };
}

function made(pems: string[], keys: KeyPair): MadeChain {
  return { pems, keyPem: privateKeyToPem(keys.privateKey), certs: pems.map((p) => new X509Certificate(p)) };
}

/**
 * A full path of `length` certificates: a self-signed root, `length - 2` intermediates and a
 * leaf for `name` (length 1: the leaf is the self-signed root itself). `tag` keeps the names
 * of different chains apart.
 */
export async function makeChain(length: number, tag: string, name = 'mail.lab.test'): Promise<MadeChain> {
  const rootKeys = await generateKey({ kind: 'ec' });
  if (length === 1) {
    const cert = await issueCertificate({
      subject: `CN=${name}, O=Chain Test ${tag}`,
      subjectKeys: rootKeys,
      dnsNames: [name],
      ipAddresses: ['127.0.0.1'],
      ...validity(),
    });
    return made([certToPem(cert)], rootKeys);
  }
  const root = await issueCertificate({
    subject: `CN=Chain Root ${tag}, O=Chain Test`,
    subjectKeys: rootKeys,
    ca: {},
    ...validity(),
  });
  let issuer: Issuer = { cert: root, keys: rootKeys };
  const above: string[] = [certToPem(root)];
  for (let i = length - 2; i >= 1; i--) {
    const keys = await generateKey({ kind: 'ec' });
    const cert = await issueCertificate({
      subject: `CN=Chain Intermediate ${tag} ${i}, O=Chain Test`,
      subjectKeys: keys,
      issuer,
      ca: {},
      ...validity(),
    });
    above.unshift(certToPem(cert));
    issuer = { cert, keys };
  }
  const leaf = await leafUnder(issuer, name);
  return made([leaf.pem, ...above], leaf.keys);
}

/** A leaf issued by CA "A", where A was issued by CA "B" and B by A: a path that loops. */
export async function makeLoopChain(tag: string, name = 'mail.lab.test'): Promise<MadeChain> {
  const [aKeys, bKeys] = await Promise.all([generateKey({ kind: 'ec' }), generateKey({ kind: 'ec' })]);
  const aName = `CN=Loop CA A ${tag}, O=Chain Test`;
  const bName = `CN=Loop CA B ${tag}, O=Chain Test`;
  // Each CA certificate needs the other's subject name as its issuer name; a self-signed
  // placeholder supplies it, and the signature is made with the other CA's key.
  const aSelf = await issueCertificate({ subject: aName, subjectKeys: aKeys, ca: {}, ...validity() });
  const bSelf = await issueCertificate({ subject: bName, subjectKeys: bKeys, ca: {}, ...validity() });
  const a = await issueCertificate({
    subject: aName,
    subjectKeys: aKeys,
    issuer: { cert: bSelf, keys: bKeys },
    ca: {},
    ...validity(),
  });
  const b = await issueCertificate({
    subject: bName,
    subjectKeys: bKeys,
    issuer: { cert: aSelf, keys: aKeys },
    ca: {},
    ...validity(),
  });
  const leaf = await leafUnder({ cert: a, keys: aKeys }, name);
  return made([leaf.pem, certToPem(a), certToPem(b)], leaf.keys);
}
