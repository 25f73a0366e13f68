import { describe, expect, it } from 'vitest';
import { Greylist } from '../../main/lab/greylist';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the practice server greylist', () => {
  it('refuses a new pair, refuses an early retry without restarting the clock, then passes it for good', () => {
    const c = clock();
    const g = new Greylist(5_000, c.now);
    expect(g.check('alice@example.org', 'bob@lab.test')).toEqual({ pass: false, retryInMs: 5_000 });
    c.advance(2_000);
    expect(g.check('alice@example.org', 'bob@lab.test')).toEqual({ pass: false, retryInMs: 3_000 });
    c.advance(3_000);
    expect(g.check('alice@example.org', 'bob@lab.test')).toEqual({ pass: true, retryInMs: 0 });
    c.advance(60_000);
    expect(g.check('alice@example.org', 'bob@lab.test').pass).toBe(true);
  });

  it('keys on the sender and recipient pair, ignoring case', () => {
    const c = clock();
    const g = new Greylist(1_000, c.now);
    g.check('alice@example.org', 'bob@lab.test');
    c.advance(1_000);
    expect(g.check('ALICE@example.org', 'Bob@Lab.Test').pass).toBe(true);
    expect(g.check('alice@example.org', 'carol@lab.test').pass).toBe(false);
    expect(g.check('', 'bob@lab.test').pass).toBe(false); // the null sender <> is a sender too
  });

  it('remembers a bounded number of pairs, forgetting the oldest first', () => {
    const c = clock();
    const g = new Greylist(1_000, c.now, 3);
    for (const who of ['a', 'b', 'c', 'd']) g.check(`${who}@example.org`, 'bob@lab.test');
    expect(g.size).toBe(3);
    c.advance(1_000);
    expect(g.check('d@example.org', 'bob@lab.test').pass).toBe(true);
    expect(g.check('a@example.org', 'bob@lab.test').pass).toBe(false); // forgotten, so new again
  });
});
