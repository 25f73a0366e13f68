// The findings rules on recorded sessions, for contexts a loopback test cannot set up: port 25
// (privileged), and a greeting delayed by exact amounts. The end-to-end tests against real
// servers are in test/integration/replyContext.test.ts.

import type { NoteCode } from '../../shared/noteCodes';
import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../main/engine/findings/deriveFindings';
import { ehloSideBySide } from '../../main/engine/findings/ehloTable';
import { annotateFindings } from '../../main/engine/replyAnnotation';
import { ehloLists } from '../../shared/sessionFacts';
import type { Finding, Stage, TlsMode, TranscriptEvent } from '../../shared/transcript';

type Step = ['send', string] | ['reply', number, string, ...string[]] | ['note', NoteCode] | ['tls'] | ['wait', number];

/** A recorded session: sends, replies (stage from the command), notes, TLS; 'wait' moves the clock. */
function session(steps: Step[]): TranscriptEvent[] {
  let t = 0;
  let stage: Stage = 'banner';
  const events: TranscriptEvent[] = [
    { t: 0, type: 'connect', address: '192.0.2.25', port: 25 },
    { t: 1, type: 'connected', localAddress: '192.0.2.1', localPort: 40000 },
  ];
  const stages: Record<string, Stage> = {
    EHLO: 'ehlo',
    HELO: 'ehlo',
    STARTTLS: 'tls',
    AUTH: 'auth',
    MAIL: 'mail',
    RCPT: 'rcpt',
    DATA: 'data',
    QUIT: 'quit',
  };
  for (const step of steps) {
    t += 1;
    if (step[0] === 'wait') t += step[1];
    if (step[0] === 'send') {
      stage = stages[step[1].split(' ')[0]] ?? stage;
      events.push({
        t,
        type: 'send',
        stage,
        line: step[1],
        ...(step[1].startsWith('AUTH PLAIN') ? { redacted: true as const } : {}),
      });
    }
    if (step[0] === 'reply') {
      const [, code, first, ...more] = step;
      const lines = [first, ...more].map((text, i, all) => `${code}${i === all.length - 1 ? ' ' : '-'}${text}`);
      const enhanced = /^([245]\.\d+\.\d+)\s/.exec(first)?.[1] ?? null;
      events.push({ t, type: 'reply', stage, code, enhanced, lines });
    }
    if (step[0] === 'note') events.push({ t, type: 'note', stage: 'auth', text: step[1], code: step[1] });
    if (step[0] === 'tls') {
      events.push({ t, type: 'tls-start', mode: 'starttls', servername: 'mx.example.org' });
      events.push({
        t,
        type: 'tls-established',
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        group: 'X25519',
      });
    }
  }
  return events;
}

function findings(events: TranscriptEvent[], port: number, tls: TlsMode = 'starttls'): Finding[] {
  return deriveFindings({
    target: { host: 'mx.example.org', port, tls, servername: null },
    events,
    tls: null,
    startedAt: new Date(0).toISOString(),
  });
}

const EHLO_PLAIN: Step[] = [
  ['send', 'EHLO client.example'],
  ['reply', 250, 'mx.example.org', 'PIPELINING', 'SIZE 10240000', 'STARTTLS'],
];

describe('a slow greeting (smtp.banner-slow)', () => {
  it('is reported from 5 seconds on, with the wait measured from the TCP connection', () => {
    const slow = findings(
      session([
        ['wait', 6200],
        ['reply', 220, 'mx.example.org ESMTP'],
      ]),
      587,
    );
    expect(slow.map((f) => f.id)).toEqual(['smtp.banner-slow']);
    expect(slow[0].title).toBe('The greeting took 6.2 seconds');
    expect(slow[0].explanation).toContain('on port 587');
    expect(slow[0].explanation).toMatch(/Mail clients.*give up/);
    expect(
      findings(
        session([
          ['wait', 3000],
          ['reply', 220, 'mx.example.org ESMTP'],
        ]),
        587,
      ),
    ).toEqual([]);
  });

  it('explains deliberate greeting pauses (tarpits, postscreen) on port 25', () => {
    const [slow] = findings(
      session([
        ['wait', 8000],
        ['reply', 220, 'mx.example.org ESMTP'],
      ]),
      25,
    );
    expect(slow.explanation).toMatch(/tarpit/);
    expect(slow.explanation).toMatch(/postscreen/);
  });
});

describe('port 25 wording', () => {
  it('relay denied without AUTH on port 25 points to the MX of the domain and to submission', () => {
    const events = session([
      ['reply', 220, 'mx.example.org ESMTP Postfix'],
      ...EHLO_PLAIN,
      ['send', 'MAIL FROM:<alice@example.com>'],
      ['reply', 250, '2.1.0 Ok'],
      ['send', 'RCPT TO:<bob@example.net>'],
      ['reply', 554, '5.7.1 <bob@example.net>: Relay access denied'],
    ]);
    const [relay] = findings(events, 25, 'none');
    expect(relay).toMatchObject({
      id: 'smtp.relay-denied',
      title: 'Relay denied: on port 25 this server takes mail only for its own domains',
      event: 8,
    });
    expect(relay.fix).toMatch(/submission port \(587 or 465\) and log in/);
  });

  it('relay denied by a server that offers no login at all: it acts as an MX, whatever the port', () => {
    const events = session([
      ['reply', 220, 'mx.example.org ESMTP Postfix'],
      ...EHLO_PLAIN,
      ['send', 'MAIL FROM:<alice@example.com>'],
      ['reply', 250, '2.1.0 Ok'],
      ['send', 'RCPT TO:<bob@example.net>'],
      ['reply', 554, '5.7.1 <bob@example.net>: Relay access denied'],
    ]);
    const [relay] = findings(events, 2525, 'none');
    expect(relay.title).toBe('Relay denied: this server takes mail only for its own domains');
    expect(relay.explanation).toContain('AUTH is not in its EHLO reply');
  });

  it('a policy refusal on a submission port, where the session could have logged in and did not', () => {
    const events = session([
      ['reply', 220, 'smtp.example.org ESMTP'],
      ['send', 'EHLO client.example'],
      ['reply', 250, 'smtp.example.org', 'AUTH PLAIN LOGIN'],
      ['send', 'MAIL FROM:<alice@example.com>'],
      ['reply', 250, '2.1.0 Ok'],
      ['send', 'RCPT TO:<bob@example.com>'],
      ['reply', 554, '5.7.1 <bob@example.com>: Recipient address rejected: Access denied'],
    ]);
    const policy = (port: number) => findings(events, port, 'none').find((f) => f.id === 'smtp.policy-rejected');
    expect(policy(587)?.title).toBe('Refused by policy, and this session did not log in');
    expect(policy(25)?.title).toBe("Refused by the server's policy");
  });

  it('no AUTH on port 25 is normal, and said so', () => {
    const events = session([
      ['reply', 220, 'mx.example.org ESMTP'],
      ['send', 'EHLO client.example'],
      ['reply', 250, 'mx.example.org', 'PIPELINING'],
      ['note', 'auth-not-offered'],
    ]);
    const [notOffered] = findings(events, 25, 'none');
    expect(notOffered).toMatchObject({
      id: 'auth.not-offered',
      severity: 'warning',
      title: 'No AUTH on port 25, as usual',
    });
  });

  it('a login demanded on port 25 means this is not the MX for that mail', () => {
    const events = session([
      ['reply', 220, 'smtp.example.org ESMTP'],
      ['send', 'EHLO client.example'],
      ['reply', 250, 'smtp.example.org', 'AUTH PLAIN LOGIN'],
      ['send', 'MAIL FROM:<alice@example.com>'],
      ['reply', 530, '5.7.0 Authentication required'],
    ]);
    expect(findings(events, 25, 'none').find((f) => f.id === 'auth.required')?.title).toBe(
      'This server wants a login even on port 25',
    );
  });
});

describe('AUTH replies', () => {
  it('504 to AUTH names the mechanism tried and the ones offered', () => {
    const events = session([
      ['reply', 220, 'smtp.example.org ESMTP'],
      ['send', 'EHLO client.example'],
      ['reply', 250, 'smtp.example.org', 'STARTTLS'],
      ['send', 'STARTTLS'],
      ['reply', 220, '2.0.0 Ready'],
      ['tls'],
      ['send', 'EHLO client.example'],
      ['reply', 250, 'smtp.example.org', 'AUTH LOGIN PLAIN'],
      ['send', 'AUTH CRAM-MD5'],
      ['reply', 504, '5.5.4 Unrecognized authentication type'],
    ]);
    const f = findings(events, 587).find((x) => x.id === 'auth.mechanism-unsupported');
    expect(f?.title).toBe('The server does not offer CRAM-MD5');
    expect(f?.explanation).toBe('You asked to log in with CRAM-MD5, but the server only offers: LOGIN PLAIN.');
  });
});

describe('the EHLO lists side by side', () => {
  const events = session([
    ['reply', 220, 'mx ESMTP'],
    ['send', 'EHLO client.example'],
    ['reply', 250, 'mx', 'PIPELINING', 'SIZE 10240000', 'STARTTLS'],
    ['send', 'STARTTLS'],
    ['reply', 220, '2.0.0 Ready to start TLS'],
    ['tls'],
    ['send', 'EHLO client.example'],
    ['reply', 250, 'mx', 'PIPELINING', 'SIZE 10240000', 'AUTH PLAIN LOGIN'],
  ]);

  it('puts each keyword on one row and marks what only TLS brought', () => {
    expect(ehloSideBySide(ehloLists(events)).split('\n')).toEqual([
      '  EHLO before TLS   EHLO after TLS',
      '  PIPELINING        PIPELINING',
      '  SIZE 10240000     SIZE 10240000',
      '  STARTTLS          —',
      '  —                 AUTH PLAIN LOGIN  ← only after TLS',
    ]);
  });

  it('says when there was no EHLO after TLS', () => {
    const before = events.slice(0, 6);
    expect(ehloSideBySide(ehloLists(before)).split('\n')[0]).toBe(
      '  EHLO before TLS   EHLO after TLS: not seen (this session did not start TLS)',
    );
  });
});

describe('reply annotations', () => {
  it('annotate copies of every reply with meanings and the findings they produced', () => {
    const events = session([
      ['reply', 220, 'mx.example.org ESMTP Postfix'],
      ...EHLO_PLAIN,
      ['send', 'MAIL FROM:<alice@example.com>'],
      ['reply', 250, '2.1.0 Ok'],
      ['send', 'RCPT TO:<bob@example.net>'],
      ['reply', 554, '5.7.1 <bob@example.net>: Relay access denied'],
    ]);
    const found = findings(events, 2525, 'none');
    const annotated = annotateFindings(events, found);
    expect(events.some((e) => e.type === 'reply' && e.annotation)).toBe(false);
    const replies = annotated.filter((e) => e.type === 'reply');
    expect(replies.every((e) => e.type === 'reply' && e.annotation?.code && Array.isArray(e.annotation.findings))).toBe(
      true,
    );
    expect(annotated[8]).toMatchObject({
      type: 'reply',
      annotation: {
        codeTitle: 'Transaction failed',
        enhancedTitle: 'Delivery not authorized, message refused',
        signature: 'Postfix: relay access denied',
        signatureId: 'postfix.relay-denied',
        findings: ['smtp.relay-denied'],
      },
    });
    expect(annotated[2]).toMatchObject({ type: 'reply', annotation: { codeTitle: 'Service ready', findings: [] } });
  });
});
