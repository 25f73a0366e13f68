// The smuggling-vulnerable scenario's lenient line reading: each bare LF becomes CR LF, and
// a CR LF split across two TCP segments stays one line end.
import { describe, expect, it } from 'vitest';
import { bareLfToCrLf } from '../../main/lab/bareLfFrontEnd';

const text = (chunk: string, last: string | null = null) =>
  bareLfToCrLf(Buffer.from(chunk, 'latin1'), last === null ? null : last.charCodeAt(0)).toString('latin1');

describe('bareLfToCrLf', () => {
  it('turns <LF>.<LF> into the standard end of data', () => {
    expect(text('body\n.\n')).toBe('body\r\n.\r\n');
  });

  it('leaves CR LF and a bare CR alone', () => {
    expect(text('a\r\nb\r.\r\n')).toBe('a\r\nb\r.\r\n');
  });

  it('knows a CR that ended the previous segment', () => {
    expect(text('\nnext', '\r')).toBe('\nnext');
    expect(text('\nnext', 'x')).toBe('\r\nnext');
  });
});
