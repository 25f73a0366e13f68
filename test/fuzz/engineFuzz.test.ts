// The short fuzz run that is part of `npm test`; `npm run fuzz -- --sessions 10000` runs the
// long one with the same runner. A failure names the seed, and the same seed replays it.
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzzRun';

const SESSIONS = Number(process.env.SMTP_LENS_FUZZ_SESSIONS ?? 300);

describe('the engine against scripted hostile servers', () => {
  it(`${SESSIONS} seeded sessions: no crash, no hang, bounded memory, valid transcripts, safe text`, async () => {
    const stats = await runFuzz({ sessions: SESSIONS, firstSeed: 1 });
    const first = (list: { seed: number; what: string }[]) => list.slice(0, 3).map((p) => `seed ${p.seed}: ${p.what}`);
    expect(stats.sessions).toBe(SESSIONS);
    expect(first(stats.crashes)).toEqual([]);
    expect(first(stats.hangs)).toEqual([]);
    expect(first(stats.badTranscripts)).toEqual([]);
    expect(first(stats.secretLeaks)).toEqual([]);
    expect(first(stats.unsafeText)).toEqual([]);
    expect(stats.peakRssMiB).toBeLessThan(1024);
    console.log(
      `[fuzz] ${stats.sessions} sessions, ${stats.events} events, peak RSS ${stats.peakRssMiB} MiB, longest session ${stats.longestSessionMs} ms`,
    );
  }, 600_000);
});
