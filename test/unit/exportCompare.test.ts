import { describe, expect, it } from 'vitest';
import { compareTranscripts, diffCapabilities } from '../../shared/compare';
import { renderDiffText } from '../../shared/compareText';
import { cert, finding, starttlsTranscript } from './exportFixture';

describe('compare two sessions', () => {
  it('finds nothing but timings between a session and itself', () => {
    const d = compareTranscripts(starttlsTranscript(), starttlsTranscript());
    expect(d.same).toBe(true);
    expect(d.timing.stages.every((s) => s.delta === 0)).toBe(true);
    expect(renderDiffText(d)).toContain('Same result: only timings differ.');
  });

  it('reports findings fixed and new, EHLO changes, TLS and chain changes, and stage timings', () => {
    const before = starttlsTranscript({ bannerAt: 5 });
    before.findings = [
      finding('tls.chain-incomplete', 8),
      finding('tls.cert-expiring-soon', 8, { severity: 'warning' }),
    ];
    before.outcome = { ok: false, stage: 'tls' };
    const after = starttlsTranscript({ bannerAt: 1500 });
    after.findings = [
      finding('tls.cert-expiring-soon', 8, { severity: 'warning' }),
      finding('smtp.banner-slow', 2, { severity: 'warning' }),
    ];
    // After the fix: a new leaf, TLS 1.2, and AUTH LOGIN dropped.
    after.tls = {
      ...after.tls!,
      protocol: 'TLSv1.2',
      sentChain: [cert('CN=mx.example', 'CN=Example Issuing CA', 'EE:FF'), after.tls!.sentChain[1]!],
    };
    const ehlo = after.events[10]!;
    if (ehlo.type === 'reply') ehlo.lines = ['250-mx.example', '250-AUTH PLAIN', '250-SMTPUTF8', '250 SIZE 2000'];

    const d = compareTranscripts(before, after);
    expect(d.same).toBe(false);
    expect(d.outcome).toEqual({ a: 'FAILED at tls', b: 'OK at quit', changed: true });
    expect(d.findings.removed.map((f) => f.id)).toEqual(['tls.chain-incomplete']);
    expect(d.findings.added.map((f) => f.id)).toEqual(['smtp.banner-slow']);
    expect(d.findings.unchanged.map((f) => f.id)).toEqual(['tls.cert-expiring-soon']);
    expect(d.capabilities.afterTls).toEqual({
      added: ['SMTPUTF8'],
      removed: [],
      changed: [
        { keyword: 'AUTH', a: 'AUTH PLAIN LOGIN', b: 'AUTH PLAIN' },
        { keyword: 'SIZE', a: 'SIZE 1000', b: 'SIZE 2000' },
      ],
      unchanged: [],
    });
    expect(d.capabilities.beforeTls.added).toEqual([]);
    expect(d.tls.protocol).toEqual({ a: 'TLSv1.3', b: 'TLSv1.2', changed: true });
    expect(d.tls.chain.removed.map((c) => c.fingerprint256)).toEqual(['AA:BB:CC:DD']);
    expect(d.tls.chain.added.map((c) => c.fingerprint256)).toEqual(['EE:FF']);
    const greeting = d.timing.stages.find((s) => s.key === 'greeting#1')!;
    expect(greeting.delta).toBeCloseTo(1495, 0);
    expect(d.timing.stages.filter((s) => s.key.startsWith('ehlo#')).map((s) => s.label)).toEqual([
      'EHLO',
      'EHLO again, in TLS',
    ]);

    const text = renderDiffText(d, { names: ['before.json', 'after.json'] });
    expect(text).toContain('A (before.json): mx.example:2525');
    expect(text).toContain('Outcome: FAILED at tls → OK at quit');
    expect(text).toMatch(/- fixed {3}error {3}Title of tls\.chain-incomplete {2}\[tls\.chain-incomplete\]/);
    expect(text).toMatch(/\+ new {5}warning Title of smtp\.banner-slow/);
    expect(text).toContain('~ AUTH PLAIN LOGIN → AUTH PLAIN');
    expect(text).toContain('protocol   TLSv1.3 → TLSv1.2');
    expect(text).toMatch(/Wait for greeting\s+4\.4 ms\s+1\.50 s\s+\+1\.50 s/);
  });

  it('compares EHLO keywords case-insensitively, parameters apart', () => {
    expect(diffCapabilities(['starttls', 'SIZE 10'], ['STARTTLS', 'SIZE 20', '8BITMIME'])).toEqual({
      added: ['8BITMIME'],
      removed: [],
      changed: [{ keyword: 'SIZE', a: 'SIZE 10', b: 'SIZE 20' }],
      unchanged: ['STARTTLS'],
    });
    expect(diffCapabilities(null, ['STARTTLS']).added).toEqual(['STARTTLS']);
  });
});
