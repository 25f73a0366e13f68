// Real bounces from the real Postfix, explained. Each message is handed to Postfix's own
// sendmail(1), so the queue manager, the delivery agents and bounce(8) do what they do for
// any user: the DSN that lands in alice's mailbox, and the lines in the maillog, are
// Postfix's own words. `smtp-lens explain` reads both, as an admin would paste them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../main/lab/labServer';
import { scenarioOffset } from '../../shared/lab/scenarioCatalog';
import { runCli } from '../helpers/cli';
import { waitForLogLine, waitForMessage } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';

const lookup = findPostfix();
let pf: PostfixInstance;
let lab: Lab | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-bounces-'));

beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

beforeAll(async () => {
  const found = await lookup;
  if (!found.ok) return;
  // The refusing MX of refusing.test: the practice server's relay-denied scenario, where
  // the transport table points.
  const port = found.postfix.remotes.refusingMx;
  lab = await startLab({ scenarios: ['relay-denied'], basePort: port - scenarioOffset('relay-denied') });
});
afterAll(async () => lab?.close());

interface Bounce {
  dsn: string;
  queueId: string;
}

/** Submits through Postfix's sendmail(1) and waits for the DSN Postfix returns to alice. */
async function bounceOf(recipient: string): Promise<Bounce> {
  const marker = `bounce-${Date.now()}-${Math.random().toString(36).slice(2)}@client.example`;
  const message = `From: Alice <alice@lab.test>\nTo: ${recipient}\nSubject: report\nMessage-ID: <${marker}>\n\nThe report is attached.\n`;
  execFileSync('/usr/sbin/sendmail', ['-C', pf.configDir, '-f', 'alice@lab.test', recipient], { input: message });
  const dsn = await waitForMessage(pf.mailboxes['alice@lab.test'], marker);
  const queueId = /X-Postfix-Queue-ID: (\w+)/.exec(dsn)?.[1];
  if (!queueId) throw new Error(`no queue id in:\n${dsn}`);
  return { dsn, queueId };
}

/** The file a user saves from the mailbox (with the mbox "From " line, as mail clients export it). */
function saved(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function explainJson(file: string) {
  const r = await runCli(['explain', file, '--json']);
  return { code: r.code, out: JSON.parse(r.stdout), stderr: r.stderr };
}

/** The maillog lines of one queue id, once the message has left the queue. */
async function logOf(queueId: string): Promise<string> {
  await waitForLogLine(pf.maillog, new RegExp(`: ${queueId}: removed`));
  return readFileSync(pf.maillog, 'utf8')
    .split('\n')
    .filter((l) => l.includes(`: ${queueId}: `))
    .join('\n');
}

describe('real Postfix bounces, explained', () => {
  it('an unknown local user: userunknown, 5.1.1, permanent; the log line says the same', async () => {
    const b = await bounceOf('nobody@lab.test');
    expect(b.dsn).toContain('Status: 5.1.1');
    const { code, out } = await explainJson(saved('unknown.eml', b.dsn));
    expect(code).toBe(0);
    expect(out.kind).toBe('bounce');
    expect(out.results).toEqual([
      expect.objectContaining({
        recipient: 'nobody@lab.test',
        reason: 'userunknown',
        permanent: true,
        status: '5.1.1',
        reportingMta: 'mail.lab.test',
        diagnostic: 'unknown user: "nobody@lab.test"',
      }),
    ]);
    const text = (await runCli(['explain', saved('unknown.eml', b.dsn)])).stdout;
    expect(text).toContain('nobody@lab.test · userunknown · permanent');
    expect(text).toContain('Next: smtp-lens domain lab.test');

    const log = await logOf(b.queueId);
    expect(log).toMatch(/status=bounced \(unknown user/);
    const fromLog = await explainJson(saved('unknown.log', log));
    expect(fromLog.out.kind).toBe('log');
    expect(fromLog.out.results).toEqual([
      expect.objectContaining({
        recipient: 'nobody@lab.test',
        reason: 'userunknown',
        status: '5.1.1',
        permanent: true,
        // relay=virtual is the local delivery agent, not a server to probe.
        remoteMta: null,
      }),
    ]);
  });

  it('a mailbox over its quota: mailboxfull, 5.2.2, permanent, in the DSN and in the log', async () => {
    const b = await bounceOf('full@lab.test');
    const { code, out } = await explainJson(saved('full.eml', b.dsn));
    expect(code).toBe(0);
    expect(out.results).toEqual([
      expect.objectContaining({ recipient: 'full@lab.test', reason: 'mailboxfull', permanent: true, status: '5.2.2' }),
    ]);
    // The DSN's own Diagnostic-Code is "x-unix; input/output error"; its human part says why.
    expect(b.dsn).toContain('Diagnostic-Code: x-unix; input/output error');
    expect(out.results[0].diagnostic).toMatch(/error writing message: File too large$/);
    expect(out.results[0].fix).toMatch(/^The recipient must clear space/);
    const log = await logOf(b.queueId);
    expect(log).toMatch(/dsn=5\.2\.2, status=bounced \(.*File too large\)/);
    const fromLog = await explainJson(saved('full.log', log));
    expect(fromLog.out.results).toEqual([
      expect.objectContaining({ recipient: 'full@lab.test', reason: 'mailboxfull', permanent: true }),
    ]);
  });

  it('a domain whose MX refuses (the practice relay-denied server): norelaying at RCPT TO, with the MX to probe', async () => {
    const b = await bounceOf('someone@refusing.test');
    expect(b.dsn).toContain('Relay access denied');
    const { code, out } = await explainJson(saved('refused.eml', b.dsn));
    expect(code).toBe(0);
    expect(out.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@refusing.test',
        reason: 'norelaying',
        permanent: true,
        status: '5.7.1',
        replyCode: 554,
        command: 'rcpt',
        remoteMta: '127.0.0.1',
        findingId: 'smtp.relay-denied',
      }),
    ]);
    const text = (await runCli(['explain', saved('refused.eml', b.dsn)])).stdout;
    expect(text).toContain('127.0.0.1 refused RCPT TO: 554 5.7.1 <someone@refusing.test>: Relay access denied');
    expect(text).toContain('Next: smtp-lens probe 127.0.0.1 --port 25 --to someone@refusing.test --quit-after rcpt');

    const log = await logOf(b.queueId);
    const fromLog = await explainJson(saved('refused.log', log));
    expect(fromLog.out.results).toEqual([
      expect.objectContaining({ recipient: 'someone@refusing.test', reason: 'norelaying', command: 'rcpt' }),
    ]);
  });

  it('a message deferred and then expired (maximal_queue_lifetime = 0): expired, the sender gave up', async () => {
    const b = await bounceOf('someone@unreachable.test');
    expect(b.dsn).toMatch(/Action: failed\nStatus: 4\.4\.1/);
    const { code, out } = await explainJson(saved('expired.eml', b.dsn));
    expect(code).toBe(0);
    expect(out.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@unreachable.test',
        reason: 'expired',
        permanent: true,
        status: '4.4.1',
      }),
    ]);
    expect(out.results[0].diagnostic).toContain('Connection refused');
    const text = (await runCli(['explain', saved('expired.eml', b.dsn)])).stdout;
    expect(text).toContain('Next: smtp-lens domain unreachable.test');

    // The log holds the deferral and then qmgr's "expired": one result, the deferral that expired.
    const log = await logOf(b.queueId);
    expect(log).toMatch(/status=deferred \(connect to .*Connection refused\)/);
    expect(log).toMatch(/status=expired, returned to sender/);
    const fromLog = await explainJson(saved('expired.log', log));
    expect(fromLog.out.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@unreachable.test',
        reason: 'expired',
        permanent: true,
        diagnostic: 'connect to 127.0.0.1[127.0.0.1]:12041: Connection refused',
      }),
    ]);
  });
});
