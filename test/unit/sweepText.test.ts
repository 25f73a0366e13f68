// The sweep's text output: a grid that fits the terminal, marks kept with their words, and
// finding ids never broken.
import { describe, expect, it } from 'vitest';
import { findPatterns } from '../../main/engine/sweep/patterns';
import { recommend } from '../../main/engine/sweep/recommendation';
import { renderSweepText } from '../../main/cli/sweepText';
import { SWEEP_SCHEMA, type SweepResult, type SweepRow } from '../../shared/sweep';
import { row, typicalHost } from './sweepRows';

function result(rows: SweepRow[]): SweepResult {
  const ctx = { hostIsAddress: false, servername: 'mail.example.com' };
  return {
    schema: SWEEP_SCHEMA,
    app: { name: 'smtp-lens', version: '0.0.0' },
    host: 'mail.example.com',
    servername: null,
    dns: {
      addresses: [
        { address: '192.0.2.1', family: 4 },
        { address: '192.0.2.2', family: 4 },
      ],
      error: null,
    },
    address: '192.0.2.1',
    ports: rows.map((r) => r.port),
    startedAt: new Date(0).toISOString(),
    durationMs: 3_400,
    rows,
    recommendation: recommend(rows, ctx),
    patterns: findPatterns(rows, ctx),
  };
}

function troubled(): SweepRow[] {
  const rows = [...typicalHost(), row({ port: 2526, authBefore: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5'] })];
  rows[1] = { ...rows[1]!, certificate: { ...rows[1]!.certificate, value: 'not-verified', label: 'incomplete chain' } };
  rows[4]!.findings = [
    { id: 'tls.plaintext-after-starttls', severity: 'warning', title: 'x' },
    { id: 'auth.offered-before-tls', severity: 'warning', title: 'Passwords could travel unencrypted' },
  ];
  return rows;
}

describe('sweep text', () => {
  it('names the host, its address and the other addresses it resolves to', () => {
    const text = renderSweepText(result(typicalHost()));
    expect(text.split('\n')[0]).toBe('SMTP Lens 0.0.0 · sweep of mail.example.com (192.0.2.1) · 4 ports in 3.4 s');
    expect(text).toContain('Certificates checked against the name mail.example.com.');
    expect(text).toContain('mail.example.com also resolves to 192.0.2.2; every port was probed on 192.0.2.1');
  });

  for (const width of [120, 100]) {
    it(`fits ${width} columns, wrapping cells but never a finding id or a mark`, () => {
      const lines = renderSweepText(result(troubled()), { width }).split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
      expect(lines.some((l) => /▲ tls\.plaintext-after-starttls$/.test(l))).toBe(true);
      expect(lines.some((l) => /^[✓✗]\s*$/.test(l.trim()))).toBe(false);
      expect(lines.join('\n')).toMatch(/✗ incomplete/);
    });
  }

  it('puts the recommendation first after the grid, then the patterns and the finding legend', () => {
    const text = renderSweepText(result(troubled()));
    const order = ['PORT', 'Recommendation', 'Worth knowing', 'Findings (the ids in the grid)'].map((h) =>
      text.indexOf(h),
    );
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(text).toContain('  ▲ auth.offered-before-tls (2526): Passwords could travel unencrypted');
  });
});
