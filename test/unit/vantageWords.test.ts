// The differences by client address (shared/compareSteps.ts) and their words
// (shared/vantageWords.ts) for what a loopback test cannot stage: a direct path with port 25
// blocked, another certificate on one path. The live cases are test/integration/vantageDiff.test.ts.
import { describe, expect, it } from 'vitest';
import { compareTranscripts } from '../../shared/compare';
import { renderDiffText } from '../../shared/compareText';
import type { Transcript } from '../../shared/transcript';
import { NO_DIFFERENCE, vantageSentences } from '../../shared/vantageWords';
import { cert, starttlsTranscript, transcriptOf } from './exportFixture';

const PROXY = 'socks5h://proxy.example:1080';
const oneLine = (text: string) => text.replace(/\n {4}/g, ' ');

function viaProxy(t: Transcript): Transcript {
  t.target = { ...t.target, port: 25, proxy: PROXY };
  const connect = t.events[0]!;
  if (connect.type === 'connect') connect.via = PROXY;
  return t;
}

describe('differences by client address', () => {
  it('port 25 silent on the direct path while the proxy reaches the server: said as a blocked port', () => {
    const direct = transcriptOf(
      [
        { t: 0.1, type: 'connect', address: '192.0.2.25', port: 25 },
        {
          t: 10_000,
          type: 'error',
          stage: 'connect',
          code: 'TIMEOUT',
          message: 'no answer to the connection attempt within 10000 ms',
        },
      ],
      {
        target: { host: 'mx.example', port: 25, tls: 'starttls', servername: null },
        outcome: { ok: false, stage: 'connect' },
      },
    );
    const d = compareTranscripts(direct, viaProxy(starttlsTranscript()));
    expect(d.reach).toMatchObject({
      a: { reached: false, failure: { code: 'TIMEOUT' } },
      b: { reached: true },
      changed: true,
    });
    expect(d.differences).toEqual([expect.objectContaining({ kind: 'reach', failed: 'a', proxied: false, port: 25 })]);
    const [said] = vantageSentences(d);
    expect(said).toBe(
      `A (direct) got no answer on port 25 (no answer to the connection attempt within 10000 ms), while B (via ${PROXY}) reached the server. Port 25 is blocked on the direct path: many ISPs and cloud providers block outbound port 25 (ask them to open it, or send through a relay on 587), or a firewall in front of the server drops this address.`,
    );
    expect(oneLine(renderDiffText(d))).toContain(`By client address\n  ! ${said}`);
  });

  it('another certificate on one path: another server, or a middlebox intercepting TLS', () => {
    const b = viaProxy(starttlsTranscript());
    b.tls = {
      ...b.tls!,
      protocol: 'TLSv1.2',
      sentChain: [cert('CN=Inspection CA', 'CN=Inspection CA', 'EE:FF:00:11:22:33:44:55:66:77:88:99')],
    };
    const a = starttlsTranscript();
    a.target = { ...a.target, port: 25 };
    const d = compareTranscripts(a, b);
    expect(d.differences).toEqual([expect.objectContaining({ kind: 'tls', certificate: true, protocol: true })]);
    expect(vantageSentences(d, { a: 'direct, from 192.0.2.1', b: `via ${PROXY}` })[0]).toBe(
      `TLS differs: A (direct, from 192.0.2.1) saw TLSv1.3, TLS_AES_256_GCM_SHA384, certificate mx.example (SHA-256 AA:BB:CC:DD…), verified; B (via ${PROXY}) saw TLSv1.2, TLS_AES_256_GCM_SHA384, certificate Inspection CA (SHA-256 EE:FF:00:11:22:33:44:55…), verified. Another certificate means another server answers on one path, or a middlebox on one path intercepts TLS and presents its own certificate.`,
    );
  });

  it('the same answers from two addresses: no difference; two sessions from one place show no reading', () => {
    const b = starttlsTranscript();
    const connected = b.events[1]!;
    if (connected.type === 'connected') connected.localAddress = '127.0.0.2';
    const d = compareTranscripts(starttlsTranscript(), b);
    expect(d.vantage).toEqual({
      a: { proxy: null, localAddress: '127.0.0.1' },
      b: { proxy: null, localAddress: '127.0.0.2' },
      changed: true,
    });
    expect(d.differences).toEqual([]);
    expect(vantageSentences(d)).toEqual([NO_DIFFERENCE]);
    expect(renderDiffText(d)).toContain('By client address\n  = No difference that depends on the client address');
    expect(renderDiffText(compareTranscripts(starttlsTranscript(), starttlsTranscript()))).not.toContain(
      'By client address',
    );
  });

  it('saved sessions far apart from two places: the reading warns that the server may have changed', () => {
    const b = viaProxy(starttlsTranscript({ rcptCode: '550 5.7.1 Client host rejected: listed at bl.example' }));
    b.startedAt = '2026-11-29T17:59:46.649Z';
    const a = starttlsTranscript();
    a.target = { ...a.target, port: 25 };
    const d = compareTranscripts(a, b);
    const text = oneLine(renderDiffText(d));
    expect(text).toContain('Note: the two sessions are 48 hours apart: the server may also have changed in between.');
    expect(text).toContain(
      `! At RCPT TO:<bob@example.net>, A (from 127.0.0.1) got 250 2.1.5 "Ok"; B (via ${PROXY}) got 550 5.7.1 "Client host rejected: listed at bl.example". The refusal names a blocklist`,
    );
    expect(text).not.toContain('Note: the two sessions are with different servers or ports.');
  });
});
