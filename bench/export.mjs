// Exporting a 100,000-event transcript (issue 21: HTML ≤ 0.5 s, Markdown and text ≤ 0.3 s,
// JSON under 2 s; at most 300 MB of memory). Each format goes through exportTranscript as the
// app and the CLI call it (secret guard included, with a password to look for), side by side
// with a peer doing the least any export must do: JSON.stringify of the same transcript.
// Reports both times (medians), the ratio, the target, and the peak memory of a process that
// builds the transcript and exports it once.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bundleForBench } from './benchTools.mjs';

const EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 5);
/** Absolute targets, on the median run. */
const TARGET_MS = { text: 300, md: 300, json: 2_000, html: 500 };
const MEMORY_LIMIT_MB = 300;
/** Against JSON.stringify: about twice what each format took when this bench was written, to
 * catch a regression (an accidental quadratic loop) long before the absolute limit. */
const RATIO_LIMIT = { text: 15, md: 20, json: 10, html: 60 };

/** The export modules are TypeScript: bundle them once for this process. */
async function loadExporters() {
  const outfile = await bundleForBench('shared/export/index.ts', 'export');
  return { ...(await import(`${pathToFileURL(outfile).href}?${Date.now()}`)), outfile };
}

/** Peak resident memory (MB) of a fresh process that builds the transcript and exports it. */
function peakMemoryMb(outfile, format) {
  const script = `
    const { exportTranscript } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
    const { bigTranscript } = await import(${JSON.stringify(import.meta.url)});
    const r = exportTranscript(bigTranscript(${EVENTS}), ${JSON.stringify(format)}, { secrets: [{ user: 'alice@example.com', secret: 'not-in-the-transcript' }] });
    if (!r.ok) throw new Error(r.message);
    process.stdout.write(String(process.resourceUsage().maxRSS));`;
  const kb = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  return kb / 1024;
}

function cert(cn, issuer, fp) {
  return {
    subject: `CN=${cn}, O=Example`,
    issuer: `CN=${issuer}, O=Example`,
    san: [cn],
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    fingerprint256: fp,
    serialNumber: '01',
    keyType: 'RSA',
    keyBits: 2048,
    sigAlg: 'sha256WithRSAEncryption',
    aiaIssuers: [],
    isCA: false,
    selfIssued: false,
    pem: '',
  };
}

/** A long real-looking session: STARTTLS, AUTH, then many recipients (one in ten refused,
 * each with a finding) and a large message, until there are EVENTS events. */
export function bigTranscript(n = EVENTS) {
  let t = 0;
  const at = () => (t += 0.3);
  const events = [
    { t: at(), type: 'connect', address: '192.0.2.10', port: 587 },
    { t: at(), type: 'connected', localAddress: '192.0.2.1', localPort: 50000 },
    { t: at(), type: 'reply', stage: 'banner', code: 220, enhanced: null, lines: ['220 mx.example.com ESMTP'] },
    { t: at(), type: 'send', stage: 'ehlo', line: 'EHLO client.example' },
    {
      t: at(),
      type: 'reply',
      stage: 'ehlo',
      code: 250,
      enhanced: null,
      lines: ['250-mx.example.com', '250-STARTTLS', '250 SIZE 10485760'],
    },
    { t: at(), type: 'send', stage: 'tls', line: 'STARTTLS' },
    { t: at(), type: 'reply', stage: 'tls', code: 220, enhanced: '2.0.0', lines: ['220 2.0.0 Ready'] },
    { t: at(), type: 'tls-start', mode: 'starttls', servername: 'mx.example.com' },
    { t: at(), type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519' },
    { t: at(), type: 'send', stage: 'ehlo', line: 'EHLO client.example' },
    {
      t: at(),
      type: 'reply',
      stage: 'ehlo',
      code: 250,
      enhanced: null,
      lines: ['250-mx.example.com', '250-AUTH PLAIN LOGIN', '250 SIZE 10485760'],
    },
    {
      t: at(),
      type: 'note',
      stage: 'auth',
      text: 'Authenticating as "alice@example.com" with PLAIN. Credentials are redacted in this transcript.',
    },
    { t: at(), type: 'send', stage: 'auth', line: 'AUTH PLAIN [redacted]', redacted: true },
    {
      t: at(),
      type: 'reply',
      stage: 'auth',
      code: 235,
      enhanced: '2.7.0',
      lines: ['235 2.7.0 Authentication successful'],
    },
    { t: at(), type: 'send', stage: 'mail', line: 'MAIL FROM:<alice@example.com>' },
    { t: at(), type: 'reply', stage: 'mail', code: 250, enhanced: '2.1.0', lines: ['250 2.1.0 Ok'] },
  ];
  const findings = [];
  const rcpts = Math.floor((n - events.length - 10) / 4);
  for (let i = 0; i < rcpts; i++) {
    events.push({ t: at(), type: 'send', stage: 'rcpt', line: `RCPT TO:<user${i}@example.net>` });
    const refused = i % 10 === 9;
    events.push({
      t: at(),
      type: 'reply',
      stage: 'rcpt',
      code: refused ? 550 : 250,
      enhanced: refused ? '5.1.1' : '2.1.5',
      lines: [refused ? `550 5.1.1 <user${i}@example.net>: Recipient address rejected: User unknown` : '250 2.1.5 Ok'],
    });
    if (refused) {
      findings.push({
        id: 'smtp.recipient-unknown',
        severity: 'warning',
        title: 'Unknown recipient',
        refs: ['RFC 3463 §3.2'],
        event: events.length - 1,
        explanation: `The server does not know user${i}@example.net ("550 5.1.1 <user${i}@example.net>: Recipient address rejected: User unknown").`,
        fix: "Check the address for typos; ask the recipient's admin whether the mailbox exists (`postmap -q` on the server).",
      });
    }
  }
  events.push(
    { t: at(), type: 'send', stage: 'data', line: 'DATA' },
    {
      t: at(),
      type: 'reply',
      stage: 'data',
      code: 354,
      enhanced: null,
      lines: ['354 End data with <CR><LF>.<CR><LF>'],
    },
  );
  while (events.length < n - 5)
    events.push({
      t: at(),
      type: 'send',
      stage: 'data',
      line: `Line ${events.length} of a long message body, with some text to make it realistic.`,
      body: true,
    });
  events.push(
    { t: at(), type: 'send', stage: 'data', line: '.' },
    { t: at(), type: 'reply', stage: 'data', code: 250, enhanced: '2.0.0', lines: ['250 2.0.0 Ok: queued as ABC123'] },
    { t: at(), type: 'send', stage: 'quit', line: 'QUIT' },
    { t: at(), type: 'reply', stage: 'quit', code: 221, enhanced: '2.0.0', lines: ['221 2.0.0 Bye'] },
    { t: at(), type: 'close', by: 'client' },
  );
  return {
    schema: 'smtp-lens/transcript@1',
    app: { name: 'smtp-lens', version: '0.0.0' },
    target: { host: 'mx.example.com', port: 587, tls: 'starttls', servername: null },
    startedAt: '2026-11-27T17:59:46.649Z',
    events,
    tls: {
      mode: 'starttls',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      group: 'X25519',
      servername: 'mx.example.com',
      sentChain: [cert('mx.example.com', 'Example CA', 'AA:BB'), cert('Example CA', 'Example Root', 'CC:DD')],
      sentChainSource: 'handshake',
      verification: {
        ok: true,
        chainOk: true,
        hostnameOk: true,
        checkedName: 'mx.example.com',
        anchor: 'CN=Example Root, O=Example',
        storeAdded: [],
        failingLink: null,
        libraryCode: null,
        problems: [],
      },
    },
    findings,
    outcome: { ok: true, stage: 'quit' },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** One result per format, in the shape bench/run.mjs prints. */
export async function benchExport() {
  const { exportTranscript, EXPORT_FORMAT_IDS, outfile } = await loadExporters();
  const t = bigTranscript();
  const secrets = [{ user: 'alice@example.com', secret: 'not-in-the-transcript' }];
  const results = [];
  for (const format of EXPORT_FORMAT_IDS) {
    const run = () => {
      const r = exportTranscript(t, format, { secrets });
      if (!r.ok) throw new Error(r.message);
    };
    const peer = () => JSON.stringify(t);
    run(); // warm up
    const ours = [];
    const peers = [];
    for (let i = 0; i < RUNS; i++) {
      peers.push(time(peer));
      ours.push(time(run));
    }
    const [o, p] = [median(ours), median(peers)];
    const memory = peakMemoryMb(outfile, format);
    results.push({
      name: `export ${format} of ${t.events.length.toLocaleString('en')} events vs JSON.stringify (peak ${memory.toFixed(0)} MB)`,
      ours: `${o.toFixed(0)} ms`,
      peer: `${p.toFixed(0)} ms`,
      ratio: o / p,
      limit: RATIO_LIMIT[format],
      target: `≤ ${(TARGET_MS[format] / 1000).toFixed(1)} s, ≤ ${MEMORY_LIMIT_MB} MB`,
      ok: o <= TARGET_MS[format] && memory <= MEMORY_LIMIT_MB,
    });
  }
  return results;
}
