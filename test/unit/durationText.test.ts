// Durations as the user reads them. A value just under a unit boundary (a 1000 ms timer that
// fires at 999.6 ms) must read in the next unit, never "1000 ms".
import { describe, expect, it } from 'vitest';
import { ms } from '../../main/engine/durationWords';
import { formatMs } from '../../shared/diagram/diagramText';

describe('sweep durations', () => {
  it.each([
    [340, '340 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [1000, '1.0 s'],
    [1249, '1.2 s'],
  ])('%s ms reads %s', (n, text) => expect(ms(n)).toBe(text));
});

describe('diagram durations', () => {
  it.each([
    [0.42, '0.4 ms'],
    [9.96, '10 ms'],
    [999.4, '999 ms'],
    [999.6, '1.00 s'],
    [1610, '1.61 s'],
    [9_996, '10.0 s'],
    [31_200, '31.2 s'],
    [99_960, '100 s'],
    [-3, '0.0 ms'],
  ])('%s ms reads %s', (n, text) => expect(formatMs(n)).toBe(text));
});
