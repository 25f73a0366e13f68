// Step mode derives the findings after every command from an index that grows with the
// session (main/engine/findings/eventIndex.ts) and re-annotates only what changed. Whatever
// the session, at every step that must say exactly what a derivation from scratch says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveFindings } from '../../main/engine/findings/deriveFindings';
import { EventIndex } from '../../main/engine/findings/eventIndex';
import { annotateFindings, newAnnotationCache } from '../../main/engine/replyAnnotation';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import { startHostileTextServer } from '../helpers/hostileTextServer';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';
import { LAB_PASSWORD, LAB_USER, scenarioInfo } from '../../shared/lab/scenarioCatalog';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';

/** Scenarios whose findings come from every kind of rule: replies, EHLO lists, notes,
 * certificates, framing, the network. */
const SCENARIOS = [
  'greylisting',
  'pregreet',
  'relay-denied',
  'auth-fails',
  'no-starttls',
  'missing-intermediate',
  'hostname-mismatch',
  'self-signed',
  'implicit-tls-on-587-mistake',
  'starttls-injection-vulnerable',
  'smuggling-vulnerable',
  'broken-extensions',
  'submission-ok',
];
/** Sessions with small servers of their own: one whose replies carry terminal controls, and
 * one that refuses the smuggling probe's bare line endings (the note after the refusal takes
 * the refusal's finding back: an earlier reply's findings change). */
const RAW = ['hostile-text', 'refuses-bare-lf'];

/** RFC 5321 replies, and a 550 naming bare LF at the first lone "." of the message. */
function startBareLfRefuser(): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.write('220 strict.test ESMTP\r\n');
    let inData = false;
    lineDialogue(socket, (line) => {
      if (inData) {
        if (line !== '.') return;
        inData = false;
        socket.write('550 5.5.2 Message refused: bare <LF> line endings are not allowed\r\n');
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write('250-strict.test\r\n250 8BITMIME\r\n');
      else if (verb === 'DATA') {
        inData = true;
        socket.write('354 Go ahead\r\n');
      } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
      else socket.write('250 2.0.0 Ok\r\n');
    });
  });
}

let lab: Lab;
let raw: RawServer[] = [];
const sessions = new Map<string, Transcript>();
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: SCENARIOS });
  raw = await Promise.all([startHostileTextServer(), startBareLfRefuser()]);
  for (const [i, name] of RAW.entries())
    sessions.set(
      name,
      await probe({
        host: '127.0.0.1',
        port: raw[i].port,
        tls: 'none',
        ehlo: 'client.example',
        from: 'alice@example.org',
        to: ['bob@example.org'],
        probeSmuggling: name === 'refuses-bare-lf',
      }),
    );
  await Promise.all(
    SCENARIOS.map(async (name) => {
      const t = await probe({
        host: '127.0.0.1',
        port: lab.portOf(name),
        portRole: scenarioInfo(name)?.realPort,
        tls: 'auto',
        servername: 'mail.lab.test',
        ehlo: 'client.example',
        auth: { user: LAB_USER, secret: LAB_PASSWORD },
        ca: [lab.pki.root.certPem],
        from: LAB_USER,
        to: ['bob@lab.test'],
        probeStarttlsInjection: name === 'starttls-injection-vulnerable',
        probeSmuggling: name === 'smuggling-vulnerable' || name === 'submission-ok',
      });
      sessions.set(name, t);
    }),
  );
}, 60_000);
afterAll(async () => {
  await lab?.close();
  await Promise.all(raw.map((r) => r.close()));
});

/** The events as recorded, without the findings the transcript attached to its replies. */
const recorded = (t: Transcript): TranscriptEvent[] =>
  t.events.map((e) => {
    if (e.type !== 'reply' || !e.annotation) return e;
    const { findings: _, ...annotation } = e.annotation;
    return { ...e, annotation };
  });

describe('findings derived step by step', () => {
  it('the sessions between them have findings of many kinds', () => {
    const ids = new Set([...sessions.values()].flatMap((t) => t.findings.map((f) => f.id)));
    expect(ids.size).toBeGreaterThanOrEqual(10);
  });

  it('a refusal of the probe is taken back by the note after it, and control characters are counted', () => {
    const strict = sessions.get('refuses-bare-lf');
    expect(strict?.events.some((e) => e.type === 'note' && e.code === 'smuggling-rejected')).toBe(true);
    expect(strict?.findings.map((f) => f.id)).toContain('sec.smuggling-not-accepted');
    const hostile = sessions.get('hostile-text')?.findings.find((f) => f.id === 'smtp.control-characters');
    expect(hostile?.explanation).toMatch(/\d+ replies/);
  });

  it.each([...SCENARIOS, ...RAW])(
    '%s: at every step, the same findings and annotated replies as from scratch',
    (name) => {
      const t = sessions.get(name);
      if (!t) throw new Error(`no session for ${name}`);
      const log = recorded(t);
      let index = new EventIndex();
      const cache = newAnnotationCache();
      for (let n = 1; n <= log.length; n++) {
        const events = log.slice(0, n);
        const input = {
          target: { ...t.target, port: scenarioInfo(name)?.realPort ?? 0 },
          events,
          tls: t.tls,
          startedAt: t.startedAt,
        };
        index = index.extend(events);
        const stepped = deriveFindings(input, index);
        const fresh = deriveFindings(input);
        expect(stepped, `${name}, after ${n} events`).toEqual(fresh);
        expect(annotateFindings(events, stepped, cache), `${name}, after ${n} events`).toEqual(
          annotateFindings(events, fresh),
        );
      }
      expect(
        deriveFindings({ ...t, target: { ...t.target, port: scenarioInfo(name)?.realPort ?? 25 }, events: log }).length,
      ).toBeGreaterThan(0);
    },
  );

  it("an index given another session's events starts again rather than mixing them", () => {
    const [a, b] = [
      recorded(sessions.get('relay-denied') as Transcript),
      recorded(sessions.get('self-signed') as Transcript),
    ];
    const index = EventIndex.of(a);
    const other = index.extend(b);
    expect(other).not.toBe(index);
    expect(other.failedReplies).toEqual(EventIndex.of(b).failedReplies);
    expect(other.ehlo).toEqual(EventIndex.of(b).ehlo);
  });
});
