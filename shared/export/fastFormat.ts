// Small formatting helpers the exporters call once per event of a 100,000-event session, each
// exactly equal to the plain built-in it replaces (a test of every export's bytes pins that).

/**
 * `t.toFixed(1)`, about twice as fast for the times of a transcript. toFixed rounds the exact
 * value of the double, half up; t * 10 is off that by at most half a unit in the last place
 * (under 1e-6 below 1e9), so whenever its fraction is clearly not one half, rounding it gives
 * the same digit. Everything else (near a half, negative, huge, NaN) goes to toFixed itself.
 */
export function fixed1(t: number): string {
  if (t >= 0 && t < 1e9) {
    const x = t * 10;
    const floor = Math.floor(x);
    const fraction = x - floor;
    if (fraction < 0.49999 || fraction > 0.50001) {
      const n = fraction < 0.5 ? floor : floor + 1;
      const whole = Math.floor(n / 10);
      return `${whole}.${n - whole * 10}`;
    }
  }
  return t.toFixed(1);
}

/** The largest number in `xs`, or 0: Math.max(0, ...xs) without spreading a long list onto the
 * stack. */
export function maxOrZero(xs: Iterable<number>): number {
  let max = 0;
  for (const x of xs) if (x > max) max = x;
  return max;
}
