// Real bounces from the second real MTA, Exim (Debian's, unpacked: test/interop/exim.sh), and
// its own log lines, explained. Exim writes its notice and an RFC 3464 report with only a
// Status (no Diagnostic-Code), so the recipient's words come from the notice itself.
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../main/lab/labServer';
import { runCli } from '../helpers/cli';
import { missingInCi } from '../helpers/systemComponent';
import { EXIM_HINT, type EximInstance, haveExim, startExim } from './eximInstance';
import { waitForMessage } from './mailbox';

let lab: Lab | undefined;
let exim: EximInstance;

/** A port nothing listens on: bound, then closed again. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  if (!haveExim()) return;
  lab = await startLab({ scenarios: ['relay-denied'], basePort: 0 });
  exim = startExim({ refusing: lab.portOf('relay-denied'), closed: await closedPort() });
});
afterAll(async () => lab?.close());
beforeEach((ctx) => {
  if (!haveExim())
    missingInCi(
      ctx,
      `Exim is not unpacked in test/interop/.exim, or this is not root; ${EXIM_HINT}`,
      'CI must unpack it (.ci/run)',
    );
});

/** Sends as alice and returns the bounce Exim put in her mailbox, saved as a user saves it. */
async function bounceOf(recipient: string): Promise<string> {
  const marker = `exim-${Date.now()}-${Math.random().toString(36).slice(2)}@client.example`;
  await exim.send(
    'alice@lab.test',
    recipient,
    `From: alice@lab.test\nSubject: report\nMessage-ID: <${marker}>\n\nhello\n`,
  );
  const dsn = await waitForMessage(exim.mailbox('alice'), marker);
  const file = path.join(exim.dir, `${recipient}.eml`);
  writeFileSync(file, dsn);
  return file;
}

const explainJson = async (file: string) => JSON.parse((await runCli(['explain', file, '--json'])).stdout);

/** The mainlog lines of the message to this recipient. */
function logFor(recipient: string): string {
  const lines = readFileSync(exim.mainlog, 'utf8').split('\n');
  const id = lines.find((l) => l.includes(` ${recipient}`) && /\*\*|==/.test(l))?.split(' ')[2];
  const file = path.join(exim.dir, `${recipient}.log`);
  writeFileSync(file, lines.filter((l) => id && l.includes(id)).join('\n'));
  return file;
}

describe('real Exim bounces, explained', () => {
  it('an unknown local user: userunknown, from the words of the notice (the report has Status 5.0.0 only)', async () => {
    const file = await bounceOf('nobody@lab.test');
    expect(readFileSync(file, 'utf8')).toMatch(/Status: 5\.0\.0/);
    const out = await explainJson(file);
    expect(out.kind).toBe('bounce');
    expect(out.results).toEqual([
      expect.objectContaining({
        recipient: 'nobody@lab.test',
        reason: 'userunknown',
        permanent: true,
        reportingMta: 'mail.exim.test',
        diagnostic: 'Unknown user',
      }),
    ]);
    const log = await explainJson(logFor('nobody@lab.test'));
    expect(log.kind).toBe('log');
    expect(log.results).toEqual([expect.objectContaining({ recipient: 'nobody@lab.test', reason: 'userunknown' })]);
  });

  it('a domain whose MX refuses (the practice relay-denied server): norelaying at RCPT TO, the MX named', async () => {
    const file = await bounceOf('someone@refusing.test');
    const out = await explainJson(file);
    expect(out.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@refusing.test',
        reason: 'norelaying',
        permanent: true,
        replyCode: 554,
        status: '5.7.1',
        command: 'rcpt',
        remoteMta: '127.0.0.1',
        findingId: 'smtp.relay-denied',
      }),
    ]);
    const log = await explainJson(logFor('someone@refusing.test'));
    expect(log.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@refusing.test',
        reason: 'norelaying',
        command: 'rcpt',
        remoteMta: '127.0.0.1',
      }),
    ]);
  });

  it('a closed port with no retry rules: expired ("retry timeout exceeded"); the log keeps the refused connection', async () => {
    const file = await bounceOf('someone@unreachable.test');
    const out = await explainJson(file);
    expect(out.results).toEqual([
      expect.objectContaining({ recipient: 'someone@unreachable.test', reason: 'expired', permanent: true }),
    ]);
    const log = await explainJson(logFor('someone@unreachable.test'));
    expect(log.results).toEqual([
      expect.objectContaining({
        recipient: 'someone@unreachable.test',
        reason: 'expired',
        permanent: true,
        diagnostic: 'Connection refused',
      }),
    ]);
  });
});
