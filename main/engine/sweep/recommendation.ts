// What to use, in words, from what the sweep found. Pure: it reads only the rows' cells, so
// it is unit-tested with rows for any port number. It names ports for what they did, never
// for what their numbers usually mean: a 587 that speaks implicit TLS is recommended as such.
import type { PortUse, SubmissionChoice, SweepRecommendation, SweepRow } from '../../../shared/sweep';
import type { PatternContext } from './patterns';
import { capitalise, listWords, portWords } from './wording';

type Row = Pick<
  SweepRow,
  'port' | 'reach' | 'speaks' | 'banner' | 'tls' | 'authBeforeTls' | 'authAfterTls' | 'certificate' | 'use'
>;

/** RFC 8314 §3.3: implicit TLS is preferred for submission; then the registered ports first. */
function preference(c: SubmissionChoice): number {
  return (c.tls === 'implicit' ? 0 : 100_000) + (c.port === 465 || c.port === 587 ? 0 : c.port);
}

const modeWords = (c: Pick<SubmissionChoice, 'tls'>) => (c.tls === 'implicit' ? 'implicit TLS' : 'STARTTLS');
const clientSetting = (c: Pick<SubmissionChoice, 'tls'>) => (c.tls === 'implicit' ? '"SSL/TLS"' : '"STARTTLS"');
const having = (rows: readonly Row[], use: PortUse) => rows.filter((r) => r.use.value === use);
const portsOf = (rows: readonly Row[]) => rows.map((r) => r.port);

function choice(r: Row): SubmissionChoice {
  return {
    port: r.port,
    tls: r.tls.mode === 'implicit' ? 'implicit' : 'starttls',
    mechanisms: r.authAfterTls.mechanisms,
  };
}

/** The choices grouped by TLS mode, implicit TLS first: [[465], [587, 2525]]. */
function byMode(choices: SubmissionChoice[]): SubmissionChoice[][] {
  return (['implicit', 'starttls'] as const)
    .map((mode) => choices.filter((c) => c.tls === mode))
    .filter((group) => group.length);
}

function submissionHeadline(choices: SubmissionChoice[]): string {
  const options = byMode(choices).map(
    (group) =>
      `${listWords(
        group.map((c) => c.port),
        'or',
      )} with ${modeWords(group[0])}`,
  );
  const auth = choices.length === 1 ? ' and AUTH' : choices.length === 2 ? ', both with AUTH' : ', all with AUTH';
  return `For sending from a mail client or app, use ${listWords(options, 'or')}${auth}.`;
}

function clientSettings(choices: SubmissionChoice[]): string {
  const settings = byMode(choices).map(
    (group) => `${clientSetting(group[0])} for ${listWords(group.map((c) => c.port))}`,
  );
  return `In a mail client's settings that is ${listWords(settings)}, with "normal password" login.`;
}

/** One sentence for each kind of port the headline leaves out. */
function otherPorts(rows: readonly Row[], headlineCovers: PortUse[]): string[] {
  const out: string[] = [];
  const relay = having(rows, 'server-to-server');
  if (relay.length && !headlineCovers.includes('server-to-server')) {
    const noTls = relay.filter((r) => r.tls.value !== 'established');
    const they = relay.length === 1 ? 'it offers' : 'they offer';
    let tail = '.';
    if (noTls.length === relay.length) tail = ' and no TLS.';
    else if (noTls.length) tail = `, and ${listWords(portsOf(noTls))} no TLS either.`;
    out.push(
      `${capitalise(portWords(portsOf(relay)))} here ${relay.length === 1 ? 'is' : 'are'} for server-to-server relay: ${they} no AUTH${tail}`,
    );
  }
  const badCert = having(rows, 'submission-cert-problem');
  if (badCert.length && !headlineCovers.includes('submission-cert-problem')) {
    const which = badCert.map((r) => `${r.port} (${r.certificate.label})`);
    const one = badCert.length === 1;
    out.push(
      one
        ? `Port ${badCert[0].port} also offers AUTH over TLS, but its certificate fails verification (${badCert[0].certificate.label}). Fix it before pointing clients there.`
        : `Ports ${listWords(portsOf(badCert))} also offer AUTH over TLS, but their certificates fail verification: ${listWords(which)}. Fix them before pointing clients there.`,
    );
  }
  const clear = having(rows, 'submission-in-clear');
  if (clear.length && !headlineCovers.includes('submission-in-clear')) {
    out.push(
      `${capitalise(portWords(portsOf(clear)))} offer${clear.length === 1 ? 's' : ''} AUTH only without TLS: a password sent there can be read on the way. Do not use ${clear.length === 1 ? 'it' : 'them'} for logging in.`,
    );
  }
  for (const r of having(rows, 'broken-tls')) out.push(`Port ${r.port} offers STARTTLS, but TLS failed: ${r.tls.hint}`);
  for (const r of having(rows, 'refuses-service'))
    out.push(`Port ${r.port} speaks SMTP but refused this client: ${r.use.hint}`);
  for (const r of having(rows, 'no-smtp')) out.push(`Port ${r.port} does not serve SMTP: ${r.speaks.hint}`);
  const down = having(rows, 'unreachable');
  if (down.length) {
    const how = down.map((r) => `${r.port} (${r.reach.label})`);
    out.push(`No connection on ${down.length === 1 ? 'port' : 'ports'} ${listWords(how)}.`);
  }
  return out;
}

function withoutSubmission(
  rows: readonly Row[],
  ctx: PatternContext,
): { headline: string; covers: PortUse[]; advice: string[] } {
  const badCert = having(rows, 'submission-cert-problem');
  if (badCert.length) {
    const one = badCert.length === 1;
    const onlyName = badCert.every((r) =>
      r.certificate.problems.every((p) => p === 'hostname' || p === 'expiring-soon' || p === 'unused'),
    );
    if (onlyName && ctx.hostIsAddress && !ctx.servername) {
      return {
        headline:
          `${capitalise(portWords(portsOf(badCert)))} offer${one ? 's' : ''} AUTH over TLS, but ${one ? 'its certificate was' : 'their certificates were'} checked against an IP address. ` +
          `Sweep again with the server's name (--servername NAME) to know whether mail clients will accept ${one ? 'it' : 'them'}.`,
        covers: ['submission-cert-problem'],
        advice: [],
      };
    }
    const which = badCert.map((r) => `${r.port} (${r.certificate.label})`);
    return {
      headline: `No port is ready for mail clients as it is: ${listWords(which)} offer${one ? 's' : ''} AUTH over TLS, but ${one ? 'its certificate fails' : 'their certificates fail'} verification.`,
      covers: ['submission-cert-problem'],
      advice: [
        "Fix the certificate (each port's findings say how); telling clients to accept a certificate that fails verification would let anyone on the path read the passwords.",
      ],
    };
  }
  const clear = having(rows, 'submission-in-clear');
  if (clear.length) {
    return {
      headline: `No port offers AUTH over TLS. ${capitalise(portWords(portsOf(clear)))} offer${clear.length === 1 ? 's' : ''} AUTH only in plain text, where passwords can be read on the way: set up STARTTLS or implicit TLS before clients log in there.`,
      covers: ['submission-in-clear'],
      advice: [],
    };
  }
  const relay = having(rows, 'server-to-server');
  if (relay.length) {
    return {
      headline: `No port offers AUTH, so a mail client cannot log in and send here. ${capitalise(portWords(portsOf(relay)))} accept${relay.length === 1 ? 's' : ''} server-to-server mail (SMTP without AUTH).`,
      covers: ['server-to-server'],
      advice: [
        'For submission, the server needs 465 with implicit TLS (RFC 8314) or 587 with STARTTLS (RFC 6409), with AUTH inside TLS.',
      ],
    };
  }
  const smtp = rows.some((r) => r.speaks.value === 'plaintext-smtp' || r.speaks.value === 'implicit-tls');
  return {
    headline: smtp
      ? "No port completed an SMTP conversation: see the notes below and each port's transcript."
      : 'No port answered with SMTP.',
    covers: [],
    advice: nothingConnected(rows),
  };
}

/** Refusals mean the host is there and nothing listens; silence means packets are dropped. */
function nothingConnected(rows: readonly Row[]): string[] {
  if (!rows.length || rows.some((r) => r.reach.value === 'connected' || r.reach.value === 'not-tried')) return [];
  if (rows.every((r) => r.reach.value === 'refused')) {
    return [
      'The host answered but refused every port: no mail service listens on them (or a firewall rejects them). Check the host name, and that the mail server is running.',
    ];
  }
  if (rows.every((r) => r.reach.value === 'timed-out')) {
    return [
      "Nothing answered at all: check the host name and address, and whether a firewall (on your network or the server's) drops these ports.",
    ];
  }
  return ['Check the host name and address, and whether a firewall on either side blocks these ports.'];
}

export function recommend(rows: readonly Row[], ctx: PatternContext): SweepRecommendation {
  const submission = having(rows, 'submission-ready')
    .map(choice)
    .sort((a, b) => preference(a) - preference(b) || a.port - b.port);
  const serverToServer = portsOf(having(rows, 'server-to-server'));
  if (submission.length) {
    return {
      submission,
      serverToServer,
      headline: submissionHeadline(submission),
      details: [clientSettings(submission), ...otherPorts(rows, [])],
    };
  }
  const { headline, covers, advice } = withoutSubmission(rows, ctx);
  return { submission, serverToServer, headline, details: [...advice, ...otherPorts(rows, covers)] };
}
