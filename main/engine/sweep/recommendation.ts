// What to use, in words, from what the sweep found. Pure: it reads only the rows' cells, so
// it is unit-tested with rows for any port number. It names ports for what they did, never
// for what their numbers usually mean: a 587 that speaks implicit TLS is recommended as such.
import type { PortUse, SubmissionChoice, SweepRecommendation, SweepRow } from '../../../shared/sweep';
import type { PatternContext } from './patterns';
import { capitalise, listWords, portWords } from './wording';

type Row = Pick<SweepRow, 'port' | 'reach' | 'speaks' | 'banner' | 'tls' | 'authBeforeTls' | 'authAfterTls' | 'certificate' | 'use'>;

/** RFC 8314 §3.3: implicit TLS is preferred for submission; then the registered ports first. */
function preference(c: SubmissionChoice): number {
  return (c.tls === 'implicit' ? 0 : 100_000) + (c.port === 465 || c.port === 587 ? 0 : c.port);
}

const modeWords = (c: Pick<SubmissionChoice, 'tls'>) => (c.tls === 'implicit' ? 'implicit TLS' : 'STARTTLS');
const clientSetting = (c: Pick<SubmissionChoice, 'tls'>) => (c.tls === 'implicit' ? '"SSL/TLS"' : '"STARTTLS"');
const having = (rows: readonly Row[], use: PortUse) => rows.filter((r) => r.use.value === use);
const portsOf = (rows: readonly Row[]) => rows.map((r) => r.port);

function choice(r: Row): SubmissionChoice {
  return { port: r.port, tls: r.tls.mode === 'implicit' ? 'implicit' : 'starttls', mechanisms: r.authAfterTls.mechanisms };
}

function submissionHeadline(choices: SubmissionChoice[]): string {
  const options = choices.map((c) => `${c.port} with ${modeWords(c)}`);
  const auth = choices.length === 1 ? 'and AUTH' : choices.length === 2 ? 'both with AUTH' : 'all with AUTH';
  return `For sending from a mail client or app, use ${listWords(options, 'or')}, ${auth}.`;
}

function clientSettings(choices: SubmissionChoice[]): string {
  const settings = choices.map((c) => `${clientSetting(c)} for ${c.port}`);
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
    out.push(`${capitalise(portWords(portsOf(relay)))} here ${relay.length === 1 ? 'is' : 'are'} for server-to-server relay: ${they} no AUTH${tail}`);
  }
  const badCert = having(rows, 'submission-cert-problem');
  if (badCert.length && !headlineCovers.includes('submission-cert-problem')) {
    const which = badCert.map((r) => `${r.port} (${r.certificate.label})`);
    out.push(`${capitalise(portWords(portsOf(badCert)))} also offer${badCert.length === 1 ? 's' : ''} AUTH over TLS, but the certificate fails verification: ${listWords(which)}. Fix it before pointing clients there.`);
  }
  const clear = having(rows, 'submission-in-clear');
  if (clear.length && !headlineCovers.includes('submission-in-clear')) {
    out.push(`${capitalise(portWords(portsOf(clear)))} offer${clear.length === 1 ? 's' : ''} AUTH only without TLS: a password sent there can be read on the way. Do not use ${clear.length === 1 ? 'it' : 'them'} for logging in.`);
  }
  for (const r of having(rows, 'broken-tls')) out.push(`Port ${r.port} offers STARTTLS, but TLS failed: ${r.tls.hint}`);
  for (const r of having(rows, 'refuses-service')) out.push(`Port ${r.port} speaks SMTP but refused this client: ${r.use.hint}`);
  for (const r of having(rows, 'no-smtp')) out.push(`Port ${r.port} does not serve SMTP: ${r.speaks.hint}`);
  const down = having(rows, 'unreachable');
  if (down.length) {
    const how = down.map((r) => `${r.port} ${r.reach.value === 'refused' ? 'was refused' : r.reach.label}`);
    out.push(`No connection on ${portWords(portsOf(down))}: ${listWords(how)}.`);
  }
  return out;
}

function withoutSubmission(rows: readonly Row[], ctx: PatternContext): { headline: string; covers: PortUse[]; advice: string[] } {
  const badCert = having(rows, 'submission-cert-problem');
  if (badCert.length) {
    const onlyName = badCert.every((r) => r.certificate.problems.every((p) => p === 'hostname' || p === 'expiring-soon' || p === 'unused'));
    if (onlyName && ctx.hostIsAddress && !ctx.servername) {
      return {
        headline: `${capitalise(portWords(portsOf(badCert)))} offer${badCert.length === 1 ? 's' : ''} AUTH over TLS, but the certificate was checked against an IP address. Sweep again with the server's name (--servername NAME) to know whether mail clients will accept it.`,
        covers: ['submission-cert-problem'],
        advice: [],
      };
    }
    const which = badCert.map((r) => `${r.port} (${r.certificate.label})`);
    return {
      headline: `No port is ready for mail clients as it is: ${listWords(which)} offer${badCert.length === 1 ? 's' : ''} AUTH over TLS, but the certificate fails verification.`,
      covers: ['submission-cert-problem'],
      advice: ['Fix the certificate (each port\'s findings say how); telling clients to accept a certificate that fails verification would let anyone on the path read the passwords.'],
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
      advice: ['For submission, the server needs 465 with implicit TLS (RFC 8314) or 587 with STARTTLS (RFC 6409), with AUTH inside TLS.'],
    };
  }
  const smtp = rows.some((r) => r.speaks.value === 'plaintext-smtp' || r.speaks.value === 'implicit-tls');
  return {
    headline: smtp ? 'No port completed an SMTP conversation: see the notes below and each port\'s transcript.' : 'No port answered with SMTP.',
    covers: [],
    advice: rows.every((r) => r.reach.value !== 'connected') ? ['Check the host name and address, and whether a firewall on either side blocks these ports.'] : [],
  };
}

export function recommend(rows: readonly Row[], ctx: PatternContext): SweepRecommendation {
  const submission = having(rows, 'submission-ready').map(choice).sort((a, b) => preference(a) - preference(b) || a.port - b.port);
  const serverToServer = portsOf(having(rows, 'server-to-server'));
  if (submission.length) {
    return { submission, serverToServer, headline: submissionHeadline(submission), details: [clientSettings(submission), ...otherPorts(rows, [])] };
  }
  const { headline, covers, advice } = withoutSubmission(rows, ctx);
  return { submission, serverToServer, headline, details: [...advice, ...otherPorts(rows, covers)] };
}
