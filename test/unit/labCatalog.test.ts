import { describe, expect, it } from 'vitest';
import { LAB_HELP } from '../../main/cli/help';
import { IMPLEMENTED_SCENARIOS } from '../../main/lab/labServer';
import { FINDINGS } from '../../shared/findings/catalog';
import {
  DEFAULT_LAB_BASE_PORT,
  DEFAULT_LAB_TIMING,
  LAB_PASSWORD,
  LAB_USER,
  SCENARIOS,
  SCENARIO_NAMES,
  scenarioInfo,
  scenarioOffset,
} from '../../shared/lab/scenarioCatalog';

describe('the practice scenario catalog', () => {
  it('has its stable names, in the order that fixes their ports', () => {
    // Reordering changes every port after the move (basePort + index): trainers' notes break.
    expect(SCENARIO_NAMES).toEqual([
      'submission-ok',
      'implicit-tls-ok',
      'relay-denied',
      'auth-fails',
      'tls-required',
      'no-starttls',
      'missing-intermediate',
      'hostname-mismatch',
      'expired-cert',
      'self-signed',
      'greylisting',
      'slow-banner',
      'pregreet',
      'implicit-tls-on-587-mistake',
      'starttls-injection-vulnerable',
      'smuggling-vulnerable',
      'broken-extensions',
    ]);
    expect(scenarioOffset('submission-ok')).toBe(0);
    expect(scenarioOffset('starttls-injection-vulnerable')).toBe(14);
    expect(scenarioOffset('smuggling-vulnerable')).toBe(15);
    expect(() => scenarioOffset('no-such-scenario')).toThrow(/unknown practice scenario/);
  });

  it('has a running server behind every scenario it describes', () => {
    expect(IMPLEMENTED_SCENARIOS).toEqual(SCENARIO_NAMES);
  });

  it('expects only finding ids that exist in the findings catalog', () => {
    for (const s of SCENARIOS) {
      for (const id of s.expectedFindings) expect(FINDINGS[id], `${s.name}: ${id}`).toBeDefined();
    }
  });

  it('gives every scenario the texts Learn mode shows', () => {
    for (const s of SCENARIOS) {
      // One line in the `smtp-lens lab` table and the picker.
      expect(s.summary, s.name).not.toMatch(/\n/);
      expect(s.summary.length, s.name).toBeLessThanOrEqual(120);
      expect(s.notice.length, s.name).toBeGreaterThan(120);
      expect(s.explainFix.length, s.name).toBeGreaterThan(150);
      expect(s.refs.length, s.name).toBeGreaterThan(0);
      for (const ref of s.refs) expect(ref, s.name).toMatch(/^(RFC \d+( §[\d.]+)?|CVE-\d{4}-\d+)$/);
    }
  });

  it('explains the failing scenarios in Postfix terms, and in Exim or Exchange terms too', () => {
    for (const s of SCENARIOS) {
      expect(s.explainFix, s.name).toMatch(/Postfix|postscreen|postgrey/);
      if (s.group !== 'security') expect(s.explainFix, s.name).toMatch(/Exim|Exchange/);
    }
  });

  it('quotes the replies the servers really send', () => {
    expect(scenarioInfo('tls-required')?.notice).toContain('"530 5.7.0 Must issue a STARTTLS command first"');
    expect(scenarioInfo('no-starttls')?.notice).toContain('"502 5.5.1 Error: command not implemented"');
    expect(scenarioInfo('relay-denied')?.notice).toContain('"554 5.7.1 <someone@example.org>: Relay access denied"');
    expect(scenarioInfo('pregreet')?.notice).toContain('"521 5.5.1 Protocol error"');
    expect(scenarioInfo('greylisting')?.notice).toContain(
      '"451 4.7.1 <bob@lab.test>: Recipient address rejected: Greylisted, try again later"',
    );
  });

  it('states the delays the lab really uses', () => {
    expect(scenarioInfo('slow-banner')?.summary).toContain(`${DEFAULT_LAB_TIMING.bannerDelayMs / 1000} s`);
    expect(scenarioInfo('pregreet')?.notice).toContain(`${DEFAULT_LAB_TIMING.pregreetWaitMs / 1000} s`);
    expect(scenarioInfo('greylisting')?.notice).toContain(`${DEFAULT_LAB_TIMING.greylistDelayMs / 1000} s`);
  });

  it('shows the practice login where the scenario needs it', () => {
    expect(LAB_USER).toBe('alice@lab.test');
    expect(LAB_PASSWORD).toBe('wonderland');
    for (const name of ['submission-ok', 'implicit-tls-ok']) {
      expect(scenarioInfo(name)?.summary).toContain(`user ${LAB_USER}, password "${LAB_PASSWORD}"`);
    }
  });

  it('fills the connection form with settings that reach the lesson', () => {
    for (const s of SCENARIOS) {
      for (const to of s.client.to) expect(to, s.name).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    }
    expect(scenarioInfo('tls-required')?.client.tls).toBe('none');
    expect(scenarioInfo('implicit-tls-ok')?.client.tls).toBe('implicit');
    // The mistake is only visible to a client that expects STARTTLS on that port.
    expect(scenarioInfo('implicit-tls-on-587-mistake')?.client).toMatchObject({ tls: 'starttls', timeoutMs: 5000 });
    expect(scenarioInfo('starttls-injection-vulnerable')?.client.securityProbe).toBe('starttls-injection');
    expect(scenarioInfo('smuggling-vulnerable')?.client.securityProbe).toBe('smuggling');
  });
});

describe('smtp-lens lab --help', () => {
  it('lists every scenario at its default port', () => {
    for (const name of SCENARIO_NAMES) {
      expect(LAB_HELP).toMatch(new RegExp(`\\b${DEFAULT_LAB_BASE_PORT + scenarioOffset(name)} ${name}\\b`));
    }
  });
});
