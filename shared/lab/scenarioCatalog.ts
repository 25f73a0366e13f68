// The practice server's scenarios as the UI, the CLI and the docs describe them. Names are
// stable (issue #6): trainers' notes and tests refer to them.
import type { TlsMode } from '../transcript';

export const LAB_DOMAIN = 'lab.test';
export const LAB_HOSTNAME = 'mail.lab.test';
/** Practice credentials. Shown to the user on purpose: this server exists to be practised on. */
export const LAB_USER = 'alice@lab.test';
export const LAB_PASSWORD = 'wonderland';
export const DEFAULT_LAB_BASE_PORT = 2525;

export interface ScenarioInfo {
  name: string;
  /** One line for the picker and the `smtp-lens lab` table. */
  summary: string;
  /** What a trainee should notice in the transcript. */
  notice: string;
  /** How a client should connect to see the scenario (fills the connection form). */
  client: { tls: TlsMode; auth: boolean; to: string[] };
  /** Finding ids a probe with `client` settings is expected to produce. */
  expectedFindings: string[];
}

const OWN = [`bob@${LAB_DOMAIN}`];
const FOREIGN = ['someone@example.org'];

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: 'submission-ok',
    summary: `Like port 587: STARTTLS, then AUTH (user ${LAB_USER}, password "${LAB_PASSWORD}"), then mail is accepted.`,
    notice: 'AUTH appears only in the second EHLO, after STARTTLS. Everything after the TLS handshake is encrypted.',
    client: { tls: 'starttls', auth: true, to: OWN },
    expectedFindings: [],
  },
  {
    name: 'implicit-tls-ok',
    summary: `Like port 465: TLS from the first byte, then AUTH (user ${LAB_USER}, password "${LAB_PASSWORD}") and mail.`,
    notice: 'There is no STARTTLS: the TLS handshake happens before the server says a word.',
    client: { tls: 'implicit', auth: true, to: OWN },
    expectedFindings: [],
  },
  {
    name: 'relay-denied',
    summary: `Like an MX on port 25: STARTTLS, no AUTH; accepts mail for ${LAB_DOMAIN} only.`,
    notice: 'The recipient in another domain is refused with "554 5.7.1 Relay access denied"; the one in lab.test is accepted.',
    client: { tls: 'starttls', auth: false, to: [...FOREIGN, ...OWN] },
    expectedFindings: ['smtp.relay-denied'],
  },
  {
    name: 'auth-fails',
    summary: 'Every AUTH attempt is refused with "535 5.7.8 Error: authentication failed".',
    notice: 'The refusal comes after TLS, so the password travelled encrypted; it was simply wrong.',
    client: { tls: 'starttls', auth: true, to: OWN },
    expectedFindings: ['auth.failed'],
  },
];

export function scenarioInfo(name: string): ScenarioInfo | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
