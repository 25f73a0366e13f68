// The SMTP smuggling probe against the real Postfix (CVE-2023-51764). The MX keeps Postfix
// 3.7's default `smtpd_forbid_bare_newline = no`; two more listeners have the fix on, in
// `normalize` mode (the default from 3.9) and in `reject` mode (master.cf.in).
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NoteEvent, Transcript } from '../../shared/transcript';
import { findingIds, lens } from './lensSession';
import { waitForLogLine, waitForMessage } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance, type Scenario } from './postfixInstance';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

/** One setting of one listener, as `postconf -P` shows master.cf's overrides. */
function listenerSetting(scenario: Scenario, name: string): string {
  const service = `127.0.0.1:${pf.ports[scenario]}/inet/${name}`;
  const line = execFileSync('postconf', ['-c', pf.configDir, '-P', service], { encoding: 'utf8' }).trim();
  return line.split(' = ')[1] ?? '';
}

/** A message with a marker of its own, so the mailbox entry can be found. */
function probeSession(scenario: Scenario): { marker: string; session: Promise<Transcript> } {
  const marker = `smuggling-${scenario}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const data = [
    'From: <alice@lab.test>',
    'To: <bob@lab.test>',
    `Subject: ${marker}`,
    '',
    'Testing the end-of-data handling.',
  ].join('\r\n');
  // The pause after each sequence is the command timeout (up to 2 s); 1 s is plenty on loopback.
  return {
    marker,
    session: lens(pf, scenario, 'starttls', {
      from: 'alice@lab.test',
      to: ['bob@lab.test'],
      data,
      probeSmuggling: true,
      timeout: 1_000,
    }),
  };
}

const notes = (t: Transcript, code: string) =>
  t.events.filter((e): e is NoteEvent => e.type === 'note' && e.code === code);
const dataReplies = (t: Transcript) =>
  t.events.flatMap((e) => (e.type === 'reply' && e.stage === 'data' ? [e.lines.join('\n')] : []));

describe('Postfix 3.7 with its default smtpd_forbid_bare_newline = no', () => {
  it('ends the data at <LF>.<LF>: sec.smuggling-accepted, and delivers the message cut there', async () => {
    expect(
      execFileSync('postconf', ['-c', pf.configDir, '-h', 'smtpd_forbid_bare_newline'], { encoding: 'utf8' }).trim(),
    ).toBe('no');
    const { marker, session } = probeSession('mx');
    const t = await session;
    expect(findingIds(t)).toEqual(['sec.smuggling-accepted']);
    expect(t.findings[0]!.title).toBe('The server accepted a non-standard end of message (<LF>.<LF>)');
    expect(notes(t, 'smuggling-sent')).toHaveLength(1);
    expect(dataReplies(t)).toEqual([
      '354 End data with <CR><LF>.<CR><LF>',
      expect.stringMatching(/^250 2\.0\.0 Ok: queued as \w+$/),
    ]);
    const delivered = await waitForMessage(pf.mailboxes['bob@lab.test'], marker);
    expect(delivered).toContain('SMTP Lens smuggling probe 1/4: <LF>.<LF> follows');
    expect(delivered).not.toContain('probe 2/4');
  });
});

describe('Postfix with the fix on (smtpd_forbid_bare_newline)', () => {
  it('normalize, the default from 3.9: waits for <CR><LF>.<CR><LF>, sec.smuggling-not-accepted (info)', async () => {
    expect(listenerSetting('bareLfNormalize', 'smtpd_forbid_bare_newline')).toBe('normalize');
    const { marker, session } = probeSession('bareLfNormalize');
    const t = await session;
    expect(notes(t, 'smuggling-sent')).toHaveLength(4);
    expect(findingIds(t)).toEqual(['sec.smuggling-not-accepted']);
    expect(t.findings[0]).toMatchObject({
      severity: 'info',
      title: 'Not open to SMTP smuggling: no non-standard end of message was accepted',
    });
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
    const delivered = await waitForMessage(pf.mailboxes['bob@lab.test'], marker);
    for (const n of [1, 2, 3, 4]) expect(delivered).toContain(`SMTP Lens smuggling probe ${n}/4`);
  });

  it('reject: refuses the message with "bare <LF> received", reported as the good outcome, not a protocol error', async () => {
    expect(listenerSetting('bareLfReject', 'smtpd_forbid_bare_newline')).toBe('reject');
    const { session } = probeSession('bareLfReject');
    const t = await session;
    expect(dataReplies(t).at(-1)).toBe('550 5.5.2 mail.lab.test Error: bare <LF> received');
    expect(findingIds(t)).toEqual(['sec.smuggling-not-accepted']);
    expect(t.findings[0]!.title).toBe('Not open to SMTP smuggling: bare line endings are refused');
    expect(t.findings[0]!.explanation).toContain('"550 5.5.2 mail.lab.test Error: bare <LF> received"');
    await waitForLogLine(pf.maillog, /bare-lf-reject.*bare <LF> received/);
  });
});
