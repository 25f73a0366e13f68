import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_IDS, exportTranscript } from '../../shared/export/index';
import { applySharingProfile } from '../../shared/export/sharingProfile';
import { replyEvent, sendEvent } from './ladderSessions';
import { finding, starttlsTranscript } from './exportFixture';

function sessionWithPeople() {
  const t = starttlsTranscript();
  t.target = { host: 'mx.example', port: 25, tls: 'starttls', servername: null };
  t.events.unshift({
    t: 0,
    type: 'dns',
    host: 'mx.example',
    addresses: [
      { address: '203.0.113.9', family: 4 },
      { address: '2001:db8:1::25', family: 6 },
    ],
  });
  t.events.push(
    sendEvent(20, 'rcpt', 'RCPT TO:<carol@example.net>'),
    replyEvent(21, 'rcpt', ['550 5.1.1 <carol@example.net>: unknown user at mx.example [203.0.113.9]'], '5.1.1'),
    sendEvent(22, 'rcpt', 'RCPT TO:<bob@example.net>'),
    replyEvent(23, 'rcpt', ['250-mx.example says hi to alice@example.org']),
  );
  t.findings = [
    finding('smtp.recipient-unknown', t.events.length - 3, {
      explanation: 'The server does not know carol@example.net (mx.example, 203.0.113.9).',
    }),
  ];
  return t;
}

describe('sharing profile', () => {
  it('masks email local parts, the same address to the same name in every line', () => {
    const m = applySharingProfile(sessionWithPeople(), { emails: true });
    const all = JSON.stringify(m);
    expect(all).not.toMatch(/alice@|bob@|carol@/);
    const sends = m.events.flatMap((e) => (e.type === 'send' ? [e.line] : []));
    expect(sends).toContain('MAIL FROM:<user1@example.org>');
    expect(sends.filter((l) => l === 'RCPT TO:<user2@example.net>')).toHaveLength(2);
    expect(sends).toContain('RCPT TO:<user3@example.net>');
    expect(m.findings[0]!.explanation).toBe('The server does not know user3@example.net (mx.example, 203.0.113.9).');
    // Domains and hosts stay unless asked for.
    expect(m.target.host).toBe('mx.example');
  });

  it('masks host names and certificate names with hosts, consistently, and drops PEMs', () => {
    const m = applySharingProfile(sessionWithPeople(), { hosts: true });
    const all = JSON.stringify(m);
    expect(all).not.toMatch(/mx\.example|mail\.example|example\.net|example\.org|Example Corp|Example Issuing CA/);
    expect(m.target.host).toBe('host1.example');
    expect(m.tls!.sentChain[0]!.subject).toMatch(/^CN=host1\.example, O=name\d$/);
    expect(m.tls!.sentChain[0]!.san).toEqual(['host1.example', expect.stringMatching(/^host\d\.example$/)]);
    expect(m.tls!.sentChain.every((c) => c.pem === '')).toBe(true);
    // Fingerprints stay: they are what compares two chains.
    expect(m.tls!.sentChain[0]!.fingerprint256).toBe('AA:BB:CC:DD');
    const banner = m.events.find((e) => e.type === 'reply' && e.stage === 'banner');
    expect(banner?.type === 'reply' && banner.lines[0]).toBe('220 host1.example ESMTP');
    const ehlo = m.events.find((e) => e.type === 'reply' && e.lines[0]!.startsWith('250-'));
    expect(ehlo?.type === 'reply' && ehlo.lines[0]).toBe('250-host1.example');
  });

  it('masks IP addresses except loopback, and leaves times and fingerprints alone', () => {
    const t = sessionWithPeople();
    t.events.push({
      t: 30,
      type: 'note',
      text: 'Connected from 127.0.0.1 at 17:59:46 to 203.0.113.9 and [2001:db8:1::25]',
    });
    const m = applySharingProfile(t, { ips: true });
    const dns = m.events[0]!;
    expect(dns.type === 'dns' && dns.addresses.map((a) => a.address)).toEqual(['192.0.2.1', '2001:db8::1']);
    const note = m.events.at(-1)!;
    expect(note.type === 'note' && note.text).toBe(
      'Connected from 127.0.0.1 at 17:59:46 to 192.0.2.1 and [2001:db8::1]',
    );
    expect(m.tls!.sentChain[0]!.fingerprint256).toBe('AA:BB:CC:DD');
  });

  it('applies to every format, and changes nothing without a profile', () => {
    const t = sessionWithPeople();
    const before = JSON.stringify(t);
    for (const format of EXPORT_FORMAT_IDS) {
      const r = exportTranscript(t, format, { profile: 'anonymous' });
      expect(r.ok && r.content).not.toMatch(/alice@|carol@|mx\.example|203\.0\.113\.9/);
    }
    expect(JSON.stringify(t)).toBe(before);
    expect(applySharingProfile(t, {})).toBe(t);
  });
});
