import { describe, expect, it } from 'vitest';
import { buildLadder } from '../../shared/diagram/ladderModel';
import { layoutLadder } from '../../shared/diagram/ladderLayout';
import { renderLadderSvg } from '../../shared/diagram/ladderSvg';
import type { TranscriptEvent } from '../../shared/transcript';
import { expectSafeSvg, finding, starttlsSession } from './ladderSessions';

const groups = (svg: string, kind: string) =>
  [...svg.matchAll(new RegExp(`<g [^>]*data-kind="${kind}"[^>]*>`, 'g'))].map((m) => m[0]);

describe('the ladder as SVG', () => {
  it('is one self-contained, script-free SVG with data-testid="ladder"', () => {
    const svg = renderLadderSvg({ events: starttlsSession(), target: { host: 'mx.example', port: 25 } });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="sl-diagram" data-testid="ladder"')).toBe(
      true,
    );
    expectSafeSvg(svg);
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toContain('mx.example:25');
  });

  it('has one arrow group per command and per reply, each pointing at its event', () => {
    const events = starttlsSession({ bodyLines: 40 });
    const svg = renderLadderSvg({ events });
    expect(groups(svg, 'command')).toHaveLength(8);
    expect(groups(svg, 'reply')).toHaveLength(events.filter((e) => e.type === 'reply').length);
    expect(groups(svg, 'message')).toHaveLength(1);
    const replyEvents = groups(svg, 'reply').map((g) => Number(/data-event="(\d+)"/.exec(g)![1]));
    expect(replyEvents.every((i) => events[i].type === 'reply')).toBe(true);
    expect(svg).toContain('40 lines, then &quot;.&quot; (end of data)');
  });

  it('marks the reply with a finding so the app can select it on click', () => {
    const events = starttlsSession({ rcptCode: '554 5.7.1 <bob@example.net>: Relay access denied' });
    const relay = events.findIndex((e) => e.type === 'reply' && e.code === 554);
    const svg = renderLadderSvg({ events, findings: [finding('smtp.relay-denied', relay)] });
    const [group] = groups(svg, 'reply').filter((g) => g.includes('data-finding-ids'));
    expect(group).toContain(`data-event="${relay}"`);
    expect(group).toContain('data-finding-ids="smtp.relay-denied"');
    expect(group).toContain('data-severity="error"');
    expect(svg).toContain('class="sl-reply sl-error-line"');
    expect(svg).toContain('Title of smtp.relay-denied');
  });

  it('draws plaintext dashed and encrypted solid, with a lock path (not an emoji) on encrypted arrows', () => {
    const scene = layoutLadder(buildLadder({ events: starttlsSession() }));
    const svg = renderLadderSvg({ events: starttlsSession() });
    const lines = [...svg.matchAll(/<line [^>]*class="(sl-send|sl-reply)[^"]*"[^>]*>/g)].map((m) => m[0]);
    const dashed = lines.filter((l) => l.includes('stroke-dasharray'));
    // Before TLS: the greeting, EHLO, 250, STARTTLS, 220: 5 dashed lines; the other 14 are
    // solid. Plus one of each in the legend.
    expect([dashed.length, lines.length - dashed.length]).toEqual([5 + 1, 14 + 1]);
    expect(svg).not.toMatch(/[\u{1F512}\u{1F510}\u{26A0}]/u);
    const locks = svg.match(/class="sl-lock"/g) ?? [];
    expect(locks.length).toBeGreaterThanOrEqual(14);
    expect(scene.width).toBe(780);
  });

  it('escapes hostile server text: a banner with <script> and quotes stays text', () => {
    const banner = `220 evil.example "><script>alert('x')</script><g onload="steal()"> ]]> \u0000\u001b[31m`;
    const svg = renderLadderSvg({
      events: starttlsSession({ banner }),
      target: { host: '<img src=x onerror=alert(1)>', port: 25 },
    });
    expectSafeSvg(svg);
    expect(svg).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(svg).toContain('&quot;&gt;');
    expect(svg).not.toContain('\u0000');
    expect(svg).not.toContain('\u001b');
  });

  it('keeps its width and grows in height with the session', () => {
    const short = layoutLadder(buildLadder({ events: starttlsSession().slice(0, 5) }));
    const long = layoutLadder(buildLadder({ events: starttlsSession() }));
    expect(short.width).toBe(long.width);
    expect(long.height).toBeGreaterThan(short.height * 2);
  });

  it('leaves out the middle of an enormous session instead of drawing a kilometre-tall picture', () => {
    const events: TranscriptEvent[] = [];
    for (let i = 0; i < 5_000; i++) {
      events.push({ t: i, type: 'send', stage: 'rcpt', line: `RCPT TO:<user${i}@example.org>` });
      events.push({
        t: i + 0.5,
        type: 'reply',
        stage: 'rcpt',
        code: 250,
        enhanced: '2.1.5',
        lines: [`250 2.1.5 Ok ${i}`],
      });
    }
    const scene = layoutLadder(buildLadder({ events }), { maxItems: 100 });
    expect(scene.height).toBeLessThan(6000);
    const svg = renderLadderSvg({ events }, { maxItems: 100 });
    expect(svg).toContain('9,900 more steps are not drawn here');
    expect(svg).toContain('user4999@example.org');
  });
});

describe('the scene, the contract with the app', () => {
  it('gives every primitive its class and light-theme presentation attributes, in SVG and React spelling', async () => {
    const { nodeAttributes, reactAttributeName } = await import('../../shared/diagram/scene');
    const attrs = nodeAttributes({ type: 'line', cls: 'sl-send sl-plain', x1: 1, y1: 2, x2: 3, y2: 4 });
    expect(attrs).toMatchObject({
      class: 'sl-send sl-plain',
      stroke: '#0969da',
      'stroke-width': '1.6',
      'stroke-dasharray': '7 4',
      x1: '1',
      y2: '4',
    });
    expect(Object.keys(attrs).map(reactAttributeName)).toEqual(
      expect.arrayContaining(['className', 'strokeWidth', 'strokeDasharray', 'x1']),
    );
    expect(reactAttributeName('data-finding-ids')).toBe('data-finding-ids');
  });
});
