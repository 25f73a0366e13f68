// The SMTP smuggling probe (sec.smuggling-accepted, only when asked for), against
// the practice server's vulnerable and strict scenarios and small hostile servers.
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import { exportTranscript } from '../../shared/export/index';
import { replayCommands } from '../../shared/export/replayCommands';
import type { NoteEvent, Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { startRawServer, type RawServer } from '../helpers/rawServer';

let lab: Lab;
const servers: RawServer[] = [];
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['smuggling-vulnerable', 'relay-denied'] });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await lab?.close();
});

const ids = (t: Transcript) => t.findings.map((f) => f.id);
const notes = (t: Transcript, code: string) =>
  t.events.filter((e): e is NoteEvent => e.type === 'note' && e.code === code);
const probeLines = (t: Transcript) =>
  t.events.flatMap((e) =>
    e.type === 'send' && e.body && e.line.startsWith('SMTP Lens smuggling probe') ? [e.line] : [],
  );
const sent = (t: Transcript) => t.events.flatMap((e) => (e.type === 'send' && !e.body ? [e.line] : []));

/** The pause after each sequence is the command timeout, up to 2 s. Where no answer is due, a
 * short one keeps the test short; where one is due, a longer one leaves room for a loaded machine. */
const TIMEOUT = 300;
const ANSWER_DUE = 1_500;

describe('against the practice server', () => {
  it('smuggling-vulnerable ends the data at <LF>.<LF>: sec.smuggling-accepted, nothing sent after it but QUIT', async () => {
    const before = lab.messages('smuggling-vulnerable').length;
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('smuggling-vulnerable'),
      tls: 'none',
      to: ['bob@lab.test'],
      probeSmuggling: true,
      timeout: ANSWER_DUE,
    });
    const finding = t.findings.find((f) => f.id === 'sec.smuggling-accepted');
    expect(finding?.title).toBe('The server accepted a non-standard end of message (<LF>.<LF>)');
    expect(finding?.severity).toBe('error');
    expect(probeLines(t)).toEqual(['SMTP Lens smuggling probe 1/4: <LF>.<LF> follows']);
    const early = t.events.find((e) => e.type === 'reply' && e.stage === 'data' && e.code === 250);
    expect(early?.type === 'reply' && early.lines[0]).toMatch(/^250 2\.0\.0 Ok: queued as/);
    expect(sent(t).slice(-1)).toEqual(['QUIT']);
    // The server stored what came before <LF>.<LF>: the message, cut after the first label.
    const stored = lab.messages('smuggling-vulnerable').slice(before);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.raw.toString('latin1')).toContain('SMTP Lens smuggling probe 1/4');
    expect(stored[0]!.raw.toString('latin1')).not.toContain('probe 2/4');
    expect(t.outcome).toEqual({ ok: false, stage: 'quit' });
    // What a ticket reader gets: the verdict in the text export, and no false promise from swaks.
    expect(exportTranscript(t, 'text')).toMatchObject({
      ok: true,
      content: expect.stringContaining(
        '✖ error  The server accepted a non-standard end of message (<LF>.<LF>)  [sec.smuggling-accepted]',
      ),
    });
    expect(replayCommands(t).notes).toContain(
      'swaks cannot repeat the smuggling probe: it ends its message with <CR><LF>.<CR><LF> only. Run smtp-lens probe --probe-smuggling again instead.',
    );
  });

  it('a strict server ignores all four sequences: only the real end counts, sec.smuggling-not-accepted (info)', async () => {
    const before = lab.messages('relay-denied').length;
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('relay-denied'),
      tls: 'starttls',
      servername: 'mail.lab.test',
      ca: [lab.pki.root.certPem],
      to: ['bob@lab.test'],
      probeSmuggling: true,
      timeout: TIMEOUT,
    });
    expect(notes(t, 'smuggling-sent').map((n) => n.data?.sequence)).toEqual([
      '<LF>.<LF>',
      '<LF>.<CR><LF>',
      '<CR><LF>.<LF>',
      '<CR>.<CR><LF>',
    ]);
    expect(ids(t)).toEqual(['sec.smuggling-not-accepted']);
    expect(t.findings[0]).toMatchObject({
      severity: 'info',
      title: 'Not open to SMTP smuggling: no non-standard end of message was accepted',
    });
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
    const stored = lab.messages('relay-denied').slice(before);
    expect(stored).toHaveLength(1);
    for (const n of [1, 2, 3, 4])
      expect(stored[0]!.raw.toString('latin1')).toContain(`SMTP Lens smuggling probe ${n}/4`);
  });

  it('without the probe, the same vulnerable server simply takes the message: no probe, no finding', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('smuggling-vulnerable'),
      tls: 'none',
      to: ['bob@lab.test'],
      timeout: TIMEOUT,
    });
    expect(probeLines(t)).toEqual([]);
    expect(ids(t)).toEqual([]);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });
});

/** A minimal SMTP server that hands DATA content to `onData` and answers commands itself. */
async function dataServer(onData: (socket: net.Socket, received: string) => void): Promise<number> {
  const server = await startRawServer((socket) => {
    socket.write('220 hostile.example ESMTP\r\n');
    let inData = false;
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (inData) {
        received += text;
        return onData(socket, received);
      }
      for (const line of text.split('\r\n').filter(Boolean)) {
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write(verb === 'EHLO' ? '250-hostile.example\r\n250 8BITMIME\r\n' : '250 ok\r\n');
      }
    });
  });
  servers.push(server);
  return server.port;
}

const run = (port: number, timeout = TIMEOUT) =>
  probe({ host: '127.0.0.1', port, tls: 'none', to: ['bob@example.org'], probeSmuggling: true, timeout });

describe('smtp-lens probe --probe-smuggling', () => {
  it('without a recipient, or stopping before the message, is a usage error: one line, exit 2', async () => {
    const noRecipient = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(lab.portOf('smuggling-vulnerable')),
      '--probe-smuggling',
    ]);
    expect(noRecipient.code).toBe(2);
    expect(noRecipient.stderr.trim().split('\n')).toHaveLength(1);
    expect(noRecipient.stderr).toContain('--probe-smuggling needs --to');
    const early = await runCli([
      'probe',
      '127.0.0.1',
      '--probe-smuggling',
      '--to',
      'bob@lab.test',
      '--quit-after',
      'rcpt',
    ]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('drop --quit-after rcpt');
  });
});

describe('against hostile servers', () => {
  it('one that ends the data at a bare CR: the fourth sequence is named', async () => {
    const port = await dataServer((socket, received) => {
      if (/[^\n]\r\.\r\n/.test(received)) socket.write('250 queued\r\n');
    });
    const t = await run(port, ANSWER_DUE);
    expect(t.findings.find((f) => f.id === 'sec.smuggling-accepted')?.title).toContain('(<CR>.<CR><LF>)');
    expect(notes(t, 'smuggling-sent')).toHaveLength(4);
  });

  it('one that refuses a bare LF at once: the refusal is the good outcome, not a protocol error', async () => {
    const port = await dataServer((socket, received) => {
      if (/[^\r]\n/.test(received)) socket.write('554 5.6.11 bare LF not allowed\r\n');
    });
    const t = await run(port, ANSWER_DUE);
    expect(notes(t, 'smuggling-rejected').map((n) => n.data?.sequence)).toEqual(['<LF>.<LF>']);
    expect(ids(t)).toEqual(['sec.smuggling-not-accepted']);
    expect(t.findings[0]!.title).toBe('Not open to SMTP smuggling: bare line endings are refused');
    expect(t.findings[0]!.explanation).toContain('"554 5.6.11 bare LF not allowed"');
  });

  it('one that ends the data early with a refusal: still vulnerable, the rest would be read as commands', async () => {
    const port = await dataServer((socket, received) => {
      if (received.includes('\n.\n')) socket.write('550 5.7.1 message content rejected\r\n');
    });
    const t = await run(port, ANSWER_DUE);
    expect(notes(t, 'smuggling-accepted')[0]?.text).toMatch(
      /refused the message, but anything sent after it would now be read as commands/,
    );
    expect(ids(t)).toContain('sec.smuggling-accepted');
  });

  it('one that goes silent in DATA: four pauses, then the usual timeout, and the transcript so far survives', async () => {
    const port = await dataServer(() => undefined);
    const t = await run(port);
    expect(notes(t, 'smuggling-sent')).toHaveLength(4);
    expect(t.events.some((e) => e.type === 'error' && e.stage === 'data' && e.code === 'TIMEOUT')).toBe(true);
    expect(ids(t)).toEqual(['smtp.timeout']);
  });

  it('one that hangs up at the first bare LF: a closed connection, never a crash or a verdict', async () => {
    const port = await dataServer((socket, received) => {
      if (/[^\r]\n/.test(received)) socket.destroy();
    });
    const t = await run(port, ANSWER_DUE);
    expect(t.events.some((e) => e.type === 'error' && e.stage === 'data' && e.code === 'CLOSED')).toBe(true);
    expect(ids(t)).not.toContain('sec.smuggling-accepted');
    expect(ids(t)).not.toContain('sec.smuggling-not-accepted');
  });
});
