/** "340 ms", "1.2 s", for the transcript and the sweep. The unit is chosen after rounding, so
 * 999.6 ms reads "1.0 s", not "1000 ms". */
export const ms = (n: number): string => (Math.round(n) >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
