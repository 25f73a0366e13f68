import { describe, expect, it } from 'vitest';
import { layoutWaterfall } from '../../shared/diagram/waterfallLayout';
import { buildWaterfall } from '../../shared/diagram/waterfallModel';
import { RELATIVE_FACTOR, SLOW_FLOOR_MS } from '../../shared/diagram/slowStages';
import type { TranscriptEvent } from '../../shared/transcript';
import { replyEvent, sendEvent, starttlsSession } from './ladderSessions';

/** Moves every event from index `from` on by `ms`: a delay inserted just before that event. */
function delayAt(events: TranscriptEvent[], from: number, ms: number): TranscriptEvent[] {
  return events.map((e, i) => (i >= from ? { ...e, t: e.t + ms } : e));
}

const kinds = (events: TranscriptEvent[]) => buildWaterfall({ events }).stages.map((s) => s.kind);
const stage = (events: TranscriptEvent[], kind: string) =>
  buildWaterfall({ events }).stages.find((s) => s.kind === kind)!;

describe('the timing waterfall', () => {
  it('has one stage per step, in order, on one axis from the start to the close', () => {
    const events: TranscriptEvent[] = [
      { t: 12, type: 'dns', host: 'mx.example', addresses: [{ address: '127.0.0.1', family: 4 }] },
      ...starttlsSession().map((e) => ({ ...e, t: e.t + 12 })),
    ];
    expect(kinds(events)).toEqual([
      'dns',
      'connect',
      'greeting',
      'ehlo',
      'starttls',
      'tls',
      'ehlo',
      'auth',
      'mail',
      'rcpt',
      'data',
      'data-transfer',
      'end-of-data',
      'quit',
    ]);
    const w = buildWaterfall({ events });
    expect([w.start, w.end]).toEqual([0, events.at(-1)!.t]);
    expect(w.stages[0]).toMatchObject({ label: 'DNS lookup', start: 0, end: 12, duration: 12 });
    expect(w.stages.find((s) => s.kind === 'tls')).toMatchObject({
      start: 18.3,
      end: 23,
      detail: 'TLSv1.3',
      encrypted: false,
    });
    expect(w.stages.find((s) => s.kind === 'rcpt')).toMatchObject({
      label: 'RCPT TO',
      detail: '250 2.1.5 · bob@example.net',
      encrypted: true,
    });
    expect(w.stages[6].label).toBe('EHLO again, in TLS');
    // The bar ends at the event the app should select: the reply.
    expect(events[w.stages[2].event]).toMatchObject({ type: 'reply', stage: 'banner' });
  });

  it('counts AUTH as one stage, 334 challenges and answers included', () => {
    const events: TranscriptEvent[] = [
      sendEvent(1, 'auth', 'AUTH LOGIN'),
      replyEvent(2, 'auth', ['334 VXNlcm5hbWU6']),
      sendEvent(3, 'auth', '[redacted]', { redacted: true }),
      replyEvent(4, 'auth', ['334 UGFzc3dvcmQ6']),
      sendEvent(5, 'auth', '[redacted]', { redacted: true }),
      replyEvent(1500, 'auth', ['535 5.7.8 Error: authentication failed'], '5.7.8'),
      sendEvent(1501, 'quit', 'QUIT'),
      replyEvent(1501.5, 'quit', ['221 Bye']),
    ];
    const w = buildWaterfall({ events });
    expect(w.stages.map((s) => [s.label, s.duration, s.outcome])).toEqual([
      ['AUTH LOGIN', 1499, 'rejected'],
      ['QUIT', 0.5, 'ok'],
    ]);
    expect(w.stages[0].events).toEqual([0, 1, 2, 3, 4, 5]);
    expect(w.stages[0].slow).toMatch(/deliberate delay before an error reply/);
  });

  it('flags a greeting held back for 1.5 s as the longest, slow stage, with the likely reason', () => {
    const w = buildWaterfall({ events: starttlsSession({ bannerAt: 1500 }) });
    const greeting = w.stages[w.longest];
    expect(greeting.kind).toBe('greeting');
    expect(greeting.slow).toMatch(/tarpit|postscreen/);
    expect(w.stages.filter((s) => s.slow)).toHaveLength(1);
  });

  it('does not call a stage slow because the server is far away (relative rule)', () => {
    // 300 ms round trips: connect, every command. A 1.2 s greeting is 4 round trips: not slow.
    let events = starttlsSession();
    events = events.map((e, i) => ({ ...e, t: e.t + i * 300 }));
    expect(stage(events, 'connect').duration).toBeGreaterThanOrEqual(300);
    const far = delayAt(events, 2, 1200 - (events[2].t - events[1].t));
    expect(stage(far, 'greeting').duration).toBeCloseTo(1200, 0);
    expect(stage(far, 'greeting').slow).toBeNull();
    // The same greeting on loopback, where a round trip is half a millisecond, is flagged.
    expect(stage(delayAt(starttlsSession(), 2, 1200), 'greeting').slow).not.toBeNull();
  });

  it('does not call a short stage slow, however it compares (absolute floor)', () => {
    const events = delayAt(starttlsSession(), 8, 400); // a 400 ms handshake among 0.5 ms exchanges
    expect(stage(events, 'tls').duration).toBeGreaterThan(RELATIVE_FACTOR * 0.5);
    expect(stage(events, 'tls').duration).toBeLessThan(SLOW_FLOOR_MS.tls);
    expect(stage(events, 'tls').slow).toBeNull();
  });

  it('gives each kind of slow stage its own likely reason', () => {
    const session = starttlsSession();
    const at = (kind: string) => session.findIndex((e) => e.type === kind);
    const dotIndex = session.findIndex((e) => e.type === 'send' && e.line === '.');
    const dns: TranscriptEvent[] = [
      { t: 2500, type: 'dns', host: 'mx.example', addresses: [] },
      ...session.map((e) => ({ ...e, t: e.t + 2500 })),
    ];
    expect(buildWaterfall({ events: dns }).stages[0].slow).toMatch(/resolver/);
    expect(stage(delayAt(session, at('connected'), 3000), 'connect').slow).toMatch(/SYN/);
    expect(stage(delayAt(session, at('tls-established'), 2000), 'tls').slow).toMatch(/RSA|OCSP/);
    expect(stage(delayAt(session, dotIndex + 1, 4000), 'end-of-data').slow).toMatch(/content scanning.*antivirus/);
    const rcptReply = session.findIndex((e) => e.type === 'reply' && e.stage === 'rcpt');
    expect(stage(delayAt(session, rcptReply, 3000), 'rcpt').slow).toMatch(/recipient checks/);
  });

  it('shows a command that never got a reply as failed, and a stepped session as pending', () => {
    const timedOut: TranscriptEvent[] = [
      ...starttlsSession().slice(0, 4),
      { t: 30_010, type: 'error', stage: 'ehlo', code: 'TIMEOUT', message: 'no reply to EHLO within 30 s' },
      { t: 30_011, type: 'close', by: 'client' },
    ];
    expect(stage(timedOut, 'ehlo')).toMatchObject({
      outcome: 'failed',
      detail: 'no reply to EHLO within 30 s [TIMEOUT]',
      slow: null,
      end: 30_010,
    });
    const stepping = starttlsSession().slice(0, 6);
    expect(stage(stepping, 'starttls')).toMatchObject({ outcome: 'pending' });
  });

  it('attaches findings to the stage that holds their event', () => {
    const events = starttlsSession({ bannerAt: 6000 });
    const banner = events.findIndex((e) => e.type === 'reply' && e.stage === 'banner');
    const w = buildWaterfall({
      events,
      findings: [
        { id: 'smtp.banner-slow', severity: 'warning', title: 't', explanation: '', fix: '', refs: [], event: banner },
      ],
    });
    expect(w.stages.find((s) => s.kind === 'greeting')).toMatchObject({
      findingIds: ['smtp.banner-slow'],
      severity: 'warning',
    });
  });
});

describe('pauses between steps', () => {
  // Step mode: the user waits 12 s before STARTTLS and 9 s before MAIL.
  const stepped = () => {
    const events = starttlsSession();
    const starttls = events.findIndex((e) => e.type === 'send' && e.line === 'STARTTLS');
    const mail = events.findIndex((e) => e.type === 'send' && e.line.startsWith('MAIL'));
    return delayAt(delayAt(events, mail, 9_000), starttls, 12_000);
  };

  it('are found where no stage is open, and kept apart from the time with the server', () => {
    const w = buildWaterfall({ events: stepped() });
    expect(w.pauses.map((p) => Math.round(p.duration / 1000))).toEqual([12, 9]);
    expect(w.activeMs).toBeLessThan(100);
    expect(w.end - w.activeMs).toBeGreaterThan(21_000);
    // A Run has none.
    expect(buildWaterfall({ events: starttlsSession() }).pauses).toEqual([]);
  });

  it('are drawn narrow, so the bars keep their width, and the summary names both times', () => {
    const runScene = layoutWaterfall(buildWaterfall({ events: starttlsSession() }));
    const stepScene = layoutWaterfall(buildWaterfall({ events: stepped() }));
    const bars = (scene: ReturnType<typeof layoutWaterfall>) =>
      JSON.stringify(scene).match(/"cls":"sl-bar-[a-z]+"[^}]*"width":([\d.]+)/g)?.length ?? 0;
    expect(bars(stepScene)).toBe(bars(runScene));
    const widest = (scene: ReturnType<typeof layoutWaterfall>) =>
      Math.max(
        ...[...JSON.stringify(scene).matchAll(/"cls":"sl-bar-[a-z]+"[^}]*?"width":([\d.]+)/g)].map((m) => Number(m[1])),
      );
    // Without the pauses' 21 s on the axis, the longest bar is still most of the width.
    expect(widest(stepScene)).toBeGreaterThan(widest(runScene) * 0.8);
    expect(stepScene.label).toMatch(/ms with the server, 21\.\d s of pauses between steps \(total 21\.\d s\)/);
    expect(JSON.stringify(stepScene)).toContain('"cls":"sl-pause"');
  });
});
