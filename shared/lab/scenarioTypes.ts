// Types and constants of the practice server's scenario catalog. Kept apart from the catalog
// itself so the files that hold the scenario texts can import them without a cycle.
import type { TlsMode } from '../transcript';

export const LAB_DOMAIN = 'lab.test';
export const LAB_HOSTNAME = 'mail.lab.test';
/** Practice credentials. Shown to the user on purpose: this server exists to be practised on. */
export const LAB_USER = 'alice@lab.test';
export const LAB_PASSWORD = 'wonderland';
export const DEFAULT_LAB_BASE_PORT = 2525;

/** Recipients the scenarios use: one the lab accepts, one that would be relaying. */
export const OWN_RECIPIENTS: readonly string[] = [`bob@${LAB_DOMAIN}`];
export const FOREIGN_RECIPIENTS: readonly string[] = ['someone@example.org'];

/** The delays some scenarios impose. The defaults are what `smtp-lens lab` and the app use;
 * tests pass shorter ones to `startLab`. */
export interface LabTiming {
  /** slow-banner: silence before the 220 greeting. */
  bannerDelayMs: number;
  /** pregreet: time between the "220-" teaser line and the rest of the greeting. */
  pregreetWaitMs: number;
  /** greylisting: how long a new sender/recipient pair must wait before a retry is accepted. */
  greylistDelayMs: number;
}

export const DEFAULT_LAB_TIMING: LabTiming = {
  // Postfix's postscreen_greet_wait defaults to 6 s; both greeting scenarios use that.
  bannerDelayMs: 6_000,
  pregreetWaitMs: 6_000,
  // postgrey waits 300 s by default; a trainee should not have to.
  greylistDelayMs: 5_000,
};

/** How a client should connect to see the scenario: what the connection form is filled with. */
export interface ScenarioClient {
  tls: TlsMode;
  /** Log in as LAB_USER with LAB_PASSWORD. */
  auth: boolean;
  /** RCPT TO addresses; empty means the session stops before MAIL. */
  to: string[];
  /** Per-stage timeout, for scenarios that make a client wait for nothing. */
  timeoutMs?: number;
  /** A security probe the scenario exists for (run only when asked for). */
  securityProbe?: SecurityProbe;
}

export type SecurityProbe = 'starttls-injection' | 'smuggling';

/** Where the scenario sits in the Practice picker. */
export type ScenarioGroup = 'working' | 'tls' | 'greeting' | 'policy' | 'security';

export interface ScenarioInfo {
  /** Stable: trainers' notes, tests and `--scenario` refer to it. */
  name: string;
  group: ScenarioGroup;
  /** The real-world port this scenario stands for (the lab itself listens on 2525 and up). */
  realPort: 25 | 465 | 587;
  /** One line for the picker and the `smtp-lens lab` table. */
  summary: string;
  /** What a trainee should notice in the transcript. Trainers rely on it: keep it true. */
  notice: string;
  /** How an admin would fix (or, for the working scenarios, reproduce) this on a real server,
   * in Postfix, Exim and Exchange terms. Learn mode's closing summary shows it. */
  explainFix: string;
  /** Where the behaviour is specified. */
  refs: string[];
  client: ScenarioClient;
  /** Finding ids a probe with `client` settings produces. Tests check every one of them. */
  expectedFindings: string[];
}
