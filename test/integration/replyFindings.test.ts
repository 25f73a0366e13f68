// The reply findings, end to end against servers on 127.0.0.1: each refusal a real
// server sends becomes the right finding, worded for the session it happened in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../main/lab/pki';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import type { Finding, ReplyEvent, Transcript } from '../../shared/transcript';
import {
  createTestPki,
  PASSWORD,
  refusingServer,
  stockServer,
  submissionServer,
  USER,
  type RunningServer,
} from '../helpers/policyServers';
import { lineDialogue, startRawServer } from '../helpers/rawServer';

let pki: TestPki;
let submission: RunningServer;

beforeAll(async () => {
  pki = await createTestPki();
  submission = await submissionServer(pki);
});
afterAll(() => submission.close());

const at = (port: number, extra: Partial<SessionOptions>): SessionOptions => ({
  host: '127.0.0.1',
  port,
  tls: 'starttls',
  servername: 'mail.lab.test',
  ca: [pki.root.certPem],
  ehlo: 'client.example',
  ...extra,
});
const login = { auth: { user: USER, secret: PASSWORD }, from: USER };

function only(t: Transcript, id: string): Finding {
  const found = t.findings.filter((f) => f.id === id);
  expect(found, `${id} in ${t.findings.map((f) => f.id).join(', ')}`).toHaveLength(1);
  return found[0];
}

describe('the sender', () => {
  it('a sender domain that does not exist', async () => {
    const t = await probe(at(submission.port, { from: 'ghost@nowhere.invalid', to: ['bob@lab.test'] }));
    const f = only(t, 'smtp.sender-rejected');
    expect(f.title).toBe('The sender address ghost@nowhere.invalid was refused');
    expect(f.fix).toContain('reject_unknown_sender_domain');
  });

  it('logged in, but sending as someone else', async () => {
    const t = await probe(at(submission.port, { ...login, from: 'ceo@lab.test', to: ['bob@lab.test'] }));
    const f = only(t, 'smtp.sender-rejected');
    expect(f.title).toBe('Logged in, but this account may not send as ceo@lab.test');
    expect(f.fix).toContain('smtpd_sender_login_maps');
  });
});

describe('recipients refused for now', () => {
  it('a temporary lookup failure', async () => {
    const f = only(await probe(at(submission.port, { to: ['busy@lab.test'] })), 'smtp.temporary-failure');
    expect(f.severity).toBe('warning');
  });

  it('too many recipients', async () => {
    only(await probe(at(submission.port, { to: ['many@lab.test'] })), 'smtp.rate-limited');
  });
});

describe('the message', () => {
  it('too large, refused at MAIL for the SIZE declared there, with the limit the EHLO reply announced', async () => {
    const data = `Subject: big\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(400);
    const f = only(await probe(at(submission.port, { to: ['bob@lab.test'], data })), 'smtp.message-too-large');
    expect(f.explanation).toContain('SMTP Lens declared the message size in MAIL FROM (SIZE=35200 (35 kB), RFC 1870)');
    expect(f.explanation).toContain('Its EHLO reply announced its limit: SIZE 20000 (20 kB).');
  });

  it('refused by a content filter after it was sent', async () => {
    const t = await probe(at(submission.port, { to: ['filtered@lab.test'] }));
    const f = only(t, 'smtp.policy-rejected');
    expect(f.title).toBe('The message was refused after it was sent');
    expect((t.events[f.event ?? -1] as ReplyEvent).stage).toBe('data');
  });
});

describe('AUTH in context', () => {
  it('not offered before TLS, in a session without TLS: start TLS first, lists side by side', async () => {
    const t = await probe(at(submission.port, { tls: 'none', ...login }));
    const f = only(t, 'auth.not-offered');
    expect(f.title).toBe('AUTH is not offered before TLS');
    expect(f.fix).toContain('--tls starttls');
    expect(f.explanation).toContain('EHLO after TLS: not seen (this session did not start TLS)');
  });

  it('a mechanism the server does not offer', async () => {
    const t = await probe(at(submission.port, { auth: { user: USER, secret: 'token', mechanism: 'XOAUTH2' } }));
    expect(only(t, 'auth.mechanism-unsupported').explanation).toBe(
      'You asked to log in with XOAUTH2, but the server only offers: PLAIN LOGIN.',
    );
  });

  it('a login required before MAIL, on a server that offers AUTH', async () => {
    const stock = await stockServer(pki);
    try {
      const t = await probe(at(stock.port, { tls: 'none', to: ['bob@lab.test'] }));
      const f = only(t, 'auth.required');
      expect(f.title).toBe('The server requires a login before MAIL');
      expect(f.explanation).toContain('"530 Error: authentication Required"');
    } finally {
      await stock.close();
    }
  });
});

describe('the greeting', () => {
  it('554 with a blocklist at the greeting', async () => {
    const server = await refusingServer(
      554,
      '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
    );
    try {
      const f = only(await probe({ host: '127.0.0.1', port: server.port, tls: 'none' }), 'smtp.banner-rejected');
      expect(f.title).toBe('Turned away at the greeting by a blocklist or policy');
      expect(f.fix).toContain('reject_rbl_client');
    } finally {
      await server.close();
    }
  });

  it('a greeting held back for more than 5 seconds', { timeout: 20_000 }, async () => {
    const server = await startRawServer((s) => {
      setTimeout(() => s.write('220 slow.example ESMTP\r\n'), 5_300);
      lineDialogue(s, (line) => s.write(line.startsWith('QUIT') ? '221 Bye\r\n' : '250 slow.example\r\n'));
    });
    try {
      const t = await probe({ host: '127.0.0.1', port: server.port, tls: 'none', quitAfter: 'banner' });
      const f = only(t, 'smtp.banner-slow');
      expect(f.title).toMatch(/^The greeting took 5\.\d seconds$/);
      expect(f.explanation).toMatch(
        /Deliberate greeting pauses \(tarpits, Postfix postscreen\) belong on port 25 only/,
      );
    } finally {
      await server.close();
    }
  });

  it('EHLO refused for a name that is not fully qualified, and HELO refused too', async () => {
    const server = await startRawServer((s) => {
      s.write('220 strict.example ESMTP\r\n');
      lineDialogue(s, (line) => {
        if (/^EHLO/i.test(line)) s.write('502 5.5.2 Error: command not recognized\r\n');
        else if (/^HELO/i.test(line))
          s.write('504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname\r\n');
        else if (/^QUIT/i.test(line)) s.end('221 Bye\r\n');
      });
    });
    try {
      const t = await probe({ host: '127.0.0.1', port: server.port, tls: 'none', ehlo: 'localhost' });
      const f = only(t, 'smtp.ehlo-rejected');
      expect(f.title).toBe('The server rejected HELO as well');
      expect(f.fix).toContain('reject_non_fqdn_helo_hostname');
      // The 502 to EHLO only made the client fall back to HELO: no finding of its own.
      expect(t.findings.map((x) => (t.events[x.event ?? -1] as ReplyEvent).code)).toEqual([504]);
    } finally {
      await server.close();
    }
  });
});
