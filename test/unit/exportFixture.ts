// A transcript shaped like the engine's (the diagram tests' STARTTLS session), for the export
// unit tests. The integration tests (test/integration/export*.test.ts) use real sessions.
import {
  TRANSCRIPT_SCHEMA,
  type CertInfo,
  type Finding,
  type Transcript,
  type TranscriptEvent,
} from '../../shared/transcript';
import { starttlsSession } from './ladderSessions';

export function cert(subject: string, issuer: string, fingerprint256: string, san: string[] = []): CertInfo {
  return {
    subject,
    issuer,
    san,
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    fingerprint256,
    serialNumber: '01',
    keyType: 'EC prime256v1',
    keyBits: 256,
    sigAlg: 'ecdsa-with-SHA256',
    aiaIssuers: [],
    isCA: false,
    selfIssued: false,
    pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  };
}

export function transcriptOf(events: TranscriptEvent[], extra: Partial<Transcript> = {}): Transcript {
  return {
    schema: TRANSCRIPT_SCHEMA,
    app: { name: 'smtp-lens', version: '0.0.0' },
    target: { host: 'mx.example', port: 2525, tls: 'starttls', servername: null },
    startedAt: '2026-11-27T17:59:46.649Z',
    events,
    tls: null,
    findings: [],
    outcome: { ok: true, stage: 'quit' },
    ...extra,
  };
}

export function finding(id: string, event: number | null, fields: Partial<Finding> = {}): Finding {
  return {
    id,
    severity: 'error',
    title: `Title of ${id}`,
    explanation: 'Why it happened.',
    fix: 'How to fix it.',
    refs: ['RFC 5321 §4.2'],
    event,
    ...fields,
  };
}

/** The STARTTLS + AUTH session with a verified two-certificate chain. */
export function starttlsTranscript(opts: Parameters<typeof starttlsSession>[0] = {}): Transcript {
  const leaf = cert('CN=mx.example, O=Example Corp', 'CN=Example Issuing CA, O=Example Corp', 'AA:BB:CC:DD', [
    'mx.example',
    'mail.example',
  ]);
  const intermediate = cert(
    'CN=Example Issuing CA, O=Example Corp',
    'CN=Example Root CA, O=Example Corp',
    '11:22:33:44',
  );
  return transcriptOf(starttlsSession(opts), {
    tls: {
      mode: 'starttls',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      group: 'X25519',
      servername: 'mx.example',
      sentChain: [leaf, intermediate],
      sentChainSource: 'handshake',
      verification: {
        ok: true,
        chainOk: true,
        hostnameOk: true,
        checkedName: 'mx.example',
        anchor: 'CN=Example Root CA, O=Example Corp',
        storeAdded: [],
        failingLink: null,
        libraryCode: null,
        problems: [],
      },
    },
  });
}
