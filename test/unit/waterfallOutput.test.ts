import { describe, expect, it } from 'vitest';
import { buildWaterfall } from '../../shared/diagram/waterfallModel';
import { layoutWaterfall, tickStep } from '../../shared/diagram/waterfallLayout';
import { renderWaterfallSvg } from '../../shared/diagram/waterfallSvg';
import { renderWaterfallText } from '../../shared/diagram/waterfallText';
import { expectSafeSvg, starttlsSession } from './ladderSessions';

const columns = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('the waterfall as SVG', () => {
  it('is a safe SVG with data-testid="waterfall", one row per stage, the slow one marked', () => {
    const events = starttlsSession({ bannerAt: 1500, banner: '220 <script>"x"</script>' });
    const svg = renderWaterfallSvg({ events });
    expect(svg).toContain('data-testid="waterfall"');
    expectSafeSvg(svg);
    const rows = [...svg.matchAll(/<g [^>]*data-kind="stage"[^>]*>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(buildWaterfall({ events }).stages.length);
    const slow = rows.filter((r) => r.includes('data-slow="true"'));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toContain('data-stage="greeting"');
    expect(slow[0]).toContain('data-longest="true"');
    expect(svg).toContain('Slow: typical of a tarpit');
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
  });

  it('keeps a fixed width and grows with the rows', () => {
    const short = layoutWaterfall(buildWaterfall({ events: starttlsSession().slice(0, 5) }));
    const long = layoutWaterfall(buildWaterfall({ events: starttlsSession() }));
    expect(short.width).toBe(long.width);
    expect(long.height).toBeGreaterThan(short.height);
  });

  it('picks round axis steps', () => {
    expect([tickStep(1650), tickStep(223), tickStep(9), tickStep(60_000)]).toEqual([500, 50, 2, 10_000]);
  });
});

describe('the waterfall as text (probe --timings)', () => {
  it('draws one bar per stage within 100 columns, without colour unless asked', () => {
    const events = starttlsSession({ bannerAt: 1500 });
    const text = renderWaterfallText({ events }, { color: false });
    expect(columns(text)).toBeLessThanOrEqual(100);
    expect(text).not.toContain('\x1b[');
    const greeting = text.split('\n').find((l) => l.startsWith('  Wait for greeting'))!;
    expect(greeting).toMatch(/! │█{30,}.*│\s+1\.50 s ◀ slow$/);
    expect(text).toMatch(/Slow: typical of a tarpit or a Postfix postscreen greet pause/);
    for (const label of [
      'TCP connect',
      'EHLO',
      'STARTTLS',
      'TLS handshake',
      'AUTH PLAIN',
      'MAIL FROM',
      'RCPT TO',
      'DATA',
      'Message transfer',
      'End of data',
      'QUIT',
    ]) {
      expect(text).toContain(`  ${label}`);
    }
  });

  it('uses colour on a terminal, and plain # bars on request', () => {
    const events = starttlsSession({ bannerAt: 1500 });
    expect(renderWaterfallText({ events }, { color: true })).toContain('\x1b[33m');
    const ascii = renderWaterfallText({ events }, { ascii: true, width: 80 });
    expect(ascii).toMatch(/\|#{20,}/);
    expect(ascii).not.toMatch(/[█▏▎▍▌▋▊▉│]/);
    expect(columns(ascii)).toBeLessThanOrEqual(80);
  });
});
