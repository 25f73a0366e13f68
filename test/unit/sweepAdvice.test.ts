// The sweep's recommendation and pattern callouts, from rows: what a new admin reads under
// the grid. The rows stand for ports 25/465/587 that a test cannot bind on loopback.
import { describe, expect, it } from 'vitest';
import { findPatterns, type PatternContext } from '../../main/engine/sweep/patterns';
import { recommend } from '../../main/engine/sweep/recommendation';
import { row, typicalHost } from './sweepRows';

const byName: PatternContext = { hostIsAddress: false, servername: 'mail.example.com' };
const ids = (rows: ReturnType<typeof typicalHost>, ctx = byName) => findPatterns(rows, ctx).map((p) => p.id);

describe('sweep recommendation', () => {
  it('names 465 with implicit TLS and 587 with STARTTLS, and calls 25 server-to-server relay', () => {
    const rec = recommend(typicalHost(), byName);
    expect(rec.headline).toBe(
      'For sending from a mail client or app, use 465 with implicit TLS or 587 with STARTTLS, both with AUTH.',
    );
    expect(rec.submission.map((s) => [s.port, s.tls])).toEqual([
      [465, 'implicit'],
      [587, 'starttls'],
    ]);
    expect(rec.serverToServer).toEqual([25]);
    expect(rec.details).toContain('Port 25 here is for server-to-server relay: it offers no AUTH.');
    expect(rec.details.join(' ')).toContain('"SSL/TLS" for 465 and "STARTTLS" for 587');
    expect(rec.details).toContain('No connection on port 2525 (refused).');
  });

  it('recommends only 587 when 465 has a bad certificate, and says why 465 is left out', () => {
    const rows = [
      row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN'], cert: ['hostname'] }),
      row({ port: 587, starttls: true, authAfter: ['PLAIN', 'LOGIN'] }),
    ];
    const rec = recommend(rows, byName);
    expect(rec.headline).toBe('For sending from a mail client or app, use 587 with STARTTLS and AUTH.');
    expect(rec.details.join(' ')).toContain(
      'Port 465 also offers AUTH over TLS, but its certificate fails verification (hostname). Fix it',
    );
  });

  it('recommends a 587 that speaks implicit TLS as implicit TLS, not by its number', () => {
    const rec = recommend([row({ port: 587, speaks: 'implicit-tls', authAfter: ['PLAIN'] })], byName);
    expect(rec.headline).toBe('For sending from a mail client or app, use 587 with implicit TLS and AUTH.');
  });

  it('says plainly when nothing offers AUTH after TLS', () => {
    const rows = [row({ port: 25, starttls: true, authAfter: [] }), row({ port: 587, authBefore: ['PLAIN', 'LOGIN'] })];
    const rec = recommend(rows, byName);
    expect(rec.submission).toEqual([]);
    expect(rec.headline).toMatch(/^No port offers AUTH over TLS\. Port 587 offers AUTH only in plain text/);
    expect(rec.details).toContain('Port 25 here is for server-to-server relay: it offers no AUTH.');
  });

  it('with AUTH nowhere, names the server-to-server ports and what submission needs', () => {
    const rec = recommend([row({ port: 25, starttls: false })], byName);
    expect(rec.headline).toBe(
      'No port offers AUTH, so a mail client cannot log in and send here. Port 25 accepts server-to-server mail (SMTP without AUTH).',
    );
    expect(rec.details[0]).toMatch(/465 with implicit TLS \(RFC 8314\) or 587 with STARTTLS \(RFC 6409\)/);
  });

  it('with only bad certificates, tells to fix them rather than to ignore them', () => {
    const rec = recommend(
      [row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN'], cert: ['expired'] })],
      byName,
    );
    expect(rec.headline).toBe(
      'No port is ready for mail clients as it is: 465 (expired) offers AUTH over TLS, but its certificate fails verification.',
    );
  });

  it('when the only certificate problem is the name of an IP address, asks for --servername', () => {
    const rows = [row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN'], cert: ['hostname'] })];
    const rec = recommend(rows, { hostIsAddress: true, servername: null });
    expect(rec.headline).toMatch(
      /checked against an IP address\. Sweep again with the server's name \(--servername NAME\)/,
    );
  });

  it('when nothing connects, says so and where to look', () => {
    const rows = [row({ port: 25, reach: 'timed-out' }), row({ port: 587, reach: 'refused' })];
    const rec = recommend(rows, byName);
    expect(rec.headline).toBe('No port answered with SMTP.');
    expect(rec.details).toContain('No connection on ports 25 (timed-out) and 587 (refused).');
  });

  it('prefers implicit TLS (RFC 8314 §3.3), and never calls 465 deprecated', () => {
    const rows = [
      row({ port: 587, starttls: true, authAfter: ['PLAIN'] }),
      row({ port: 2525, starttls: true, authAfter: ['PLAIN'] }),
      row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN'] }),
    ];
    const rec = recommend(rows, byName);
    expect(rec.submission.map((s) => s.port)).toEqual([465, 587, 2525]);
    expect(rec.headline).toBe(
      'For sending from a mail client or app, use 465 with implicit TLS or 587 or 2525 with STARTTLS, all with AUTH.',
    );
    const everything = JSON.stringify([rec, findPatterns(rows, byName)]);
    expect(everything).not.toMatch(/deprecat|obsolete|legacy/i);
  });
});

describe('sweep patterns', () => {
  it('25 timed out while 465 and 587 answered: outbound port 25 probably blocked by the provider', () => {
    const rows = [row({ port: 25, reach: 'timed-out' }), ...typicalHost().slice(1, 3)];
    const found = findPatterns(rows, byName);
    const block = found.find((p) => p.id === 'port25-blocked');
    expect(block?.ports).toEqual([25]);
    expect(block?.text).toMatch(/^Port 25 timed out while 465 and 587 answered/);
    expect(block?.text).toMatch(/ISPs and cloud providers/);
    // It is the 25 pattern, not the generic "filtered port" one.
    expect(found.map((p) => p.id)).not.toContain('port-filtered');
  });

  it('25 refused is not a provider block, and 25 timing out alone proves nothing', () => {
    expect(
      ids([row({ port: 25, reach: 'refused' }), row({ port: 587, starttls: true, authAfter: ['PLAIN'] })]),
    ).not.toContain('port25-blocked');
    expect(ids([row({ port: 25, reach: 'timed-out' }), row({ port: 587, reach: 'timed-out' })])).toEqual([]);
  });

  it('another port timing out while others answer: a firewall drops it', () => {
    const rows = [row({ port: 2525, reach: 'timed-out' }), row({ port: 587, starttls: true, authAfter: ['PLAIN'] })];
    const found = findPatterns(rows, byName).find((p) => p.id === 'port-filtered');
    expect(found?.ports).toEqual([2525]);
  });

  it('AUTH before TLS names the port and its mechanisms', () => {
    const found = findPatterns(
      [row({ port: 587, starttls: true, authBefore: ['PLAIN', 'LOGIN'], authAfter: ['PLAIN', 'LOGIN'] })],
      byName,
    );
    expect(found.find((p) => p.id === 'auth-before-tls')?.text).toMatch(
      /^Port 587 offers AUTH PLAIN LOGIN in plain text/,
    );
  });

  it('STARTTLS on one port but not another', () => {
    const rows = [row({ port: 25, starttls: false }), row({ port: 587, starttls: true, authAfter: ['PLAIN'] })];
    const found = findPatterns(rows, byName).find((p) => p.id === 'starttls-inconsistent');
    expect(found?.text).toMatch(/^STARTTLS is advertised on port 587 but not on 25/);
  });

  it('different leaf certificates on different ports, compared by fingerprint', () => {
    const rows = [
      row({
        port: 465,
        speaks: 'implicit-tls',
        authAfter: ['PLAIN'],
        fingerprint: '11:11:11:11',
        subject: 'mail.example.com',
      }),
      row({
        port: 587,
        starttls: true,
        authAfter: ['PLAIN'],
        fingerprint: '22:22:22:22',
        subject: 'old.example.com',
        cert: ['expired'],
      }),
      row({ port: 25, starttls: true, fingerprint: '11:11:11:11', subject: 'mail.example.com' }),
    ];
    const found = findPatterns(rows, byName).find((p) => p.id === 'different-certificates');
    expect(found?.severity).toBe('warning');
    expect(found?.text).toContain('Ports 465 and 25: mail.example.com (SHA-256 11:11:11:11…).');
    expect(found?.text).toContain('Port 587: old.example.com (SHA-256 22:22:22:22…).');
    expect(ids(typicalHost())).not.toContain('different-certificates');
  });

  it('TLS from the first byte on 587 is a warning; on 465 it is expected; elsewhere a hint', () => {
    const on587 = findPatterns([row({ port: 587, speaks: 'implicit-tls', authAfter: ['PLAIN'] })], byName)[0];
    expect(on587).toMatchObject({ id: 'implicit-tls-port', severity: 'warning', ports: [587] });
    expect(on587.text).toMatch(/STARTTLS.*times out/);
    expect(ids([row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN'] })])).toEqual([]);
    expect(findPatterns([row({ port: 10465, speaks: 'implicit-tls', authAfter: ['PLAIN'] })], byName)[0]).toMatchObject(
      { id: 'implicit-tls-port', severity: 'info' },
    );
  });

  it('465 answering in plain text', () => {
    expect(ids([row({ port: 465, starttls: true, authAfter: ['PLAIN'] })])).toContain('plaintext-on-465');
  });

  it('certificates checked against an address, only when no server name was given', () => {
    const rows = [row({ port: 587, starttls: true, authAfter: ['PLAIN'], cert: ['hostname'] })];
    expect(ids(rows, { hostIsAddress: true, servername: null })).toContain('servername-is-address');
    expect(ids(rows, { hostIsAddress: true, servername: 'mail.example.com' })).not.toContain('servername-is-address');
  });

  it('a typical well-run host has nothing to call out', () => {
    expect(ids(typicalHost())).toEqual([]);
  });
});
