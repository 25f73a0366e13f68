import type { LabScenarioView, LabStatus, SessionRequest } from '../../../shared/ipc';
import type { QuitAfter, TlsMode } from '../../../shared/transcript';

/** The connection form as the user edits it (strings, as typed). */
export interface FormState {
  host: string;
  port: string;
  tls: TlsMode;
  ehlo: string;
  servername: string;
  caPem: string;
  caName: string;
  trustLabCa: boolean;
  authUser: string;
  authPass: string;
  authMech: '' | 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';
  allowPlaintextAuth: boolean;
  allowUnverifiedAuth: boolean;
  from: string;
  to: string;
  message: string;
  quitAfter: '' | QuitAfter;
  /** Per-stage timeout in milliseconds, as typed; empty means the defaults. */
  timeoutMs: string;
  fetchIntermediate: boolean;
  probeStarttlsInjection: boolean;
  probeSmuggling: boolean;
  /** The practice scenario this form targets, if any. */
  scenario: string;
  /** The real-world port that scenario stands for (findings are worded for it). */
  portRole: number | null;
}

export const EMPTY_FORM: FormState = {
  host: '',
  port: '587',
  tls: 'starttls',
  ehlo: '',
  servername: '',
  caPem: '',
  caName: '',
  trustLabCa: false,
  authUser: '',
  authPass: '',
  authMech: '',
  allowPlaintextAuth: false,
  allowUnverifiedAuth: false,
  from: '',
  to: '',
  message: '',
  quitAfter: '',
  timeoutMs: '',
  fetchIntermediate: false,
  probeStarttlsInjection: false,
  probeSmuggling: false,
  scenario: '',
  portRole: null,
};

export interface PortPreset {
  port: number;
  tls: TlsMode;
  title: string;
  explanation: string;
}

/** DESIGN.md "Ports: the facts the app teaches". 465 is not deprecated (RFC 8314). */
export const PORT_PRESETS: PortPreset[] = [
  {
    port: 25,
    tls: 'auto',
    title: '25 relay',
    explanation: 'Server-to-server delivery (MX). STARTTLS is opportunistic; AUTH is usually not offered.',
  },
  {
    port: 587,
    tls: 'starttls',
    title: '587 submission',
    explanation: 'For mail clients and apps (RFC 6409): STARTTLS, then AUTH.',
  },
  {
    port: 465,
    tls: 'implicit',
    title: '465 submissions',
    explanation: 'For mail clients and apps: TLS from the first byte, then AUTH. Recommended by RFC 8314.',
  },
  {
    port: 2525,
    tls: 'auto',
    title: '2525 alternative',
    explanation: 'Not a standard port; some providers offer it for submission when 587 is blocked.',
  },
];

/** The form for a practice scenario: everything filled, so Run shows the scenario at once. */
export function formForScenario(lab: LabStatus, scenario: LabScenarioView, previous: FormState): FormState {
  return {
    ...EMPTY_FORM,
    message: previous.message,
    host: lab.host,
    port: String(scenario.port),
    tls: scenario.client.tls,
    servername: lab.servername,
    trustLabCa: true,
    authUser: scenario.client.auth ? lab.user : '',
    authPass: scenario.client.auth ? lab.password : '',
    from: scenario.client.auth ? lab.user : `tester@${lab.servername.replace(/^mail\./, '')}`,
    to: scenario.client.to.join(', '),
    timeoutMs: scenario.client.timeoutMs ? String(scenario.client.timeoutMs) : '',
    scenario: scenario.name,
    portRole: scenario.realPort,
    probeStarttlsInjection: scenario.client.securityProbe === 'starttls-injection',
    probeSmuggling: scenario.client.securityProbe === 'smuggling',
  };
}

export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the form says, as a session request; null plus a message when it can't run. */
export function toRequest(form: FormState): { request: SessionRequest } | { problem: string } {
  const host = form.host.trim();
  const port = Number(form.port);
  if (!host) return { problem: 'Enter the server to talk to (a host name or an IP address).' };
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { problem: 'The port must be a number from 1 to 65535.' };
  const to = splitAddresses(form.to);
  const request: SessionRequest = { host, port, tls: form.tls };
  if (form.ehlo.trim()) request.ehlo = form.ehlo.trim();
  if (form.servername.trim()) request.servername = form.servername.trim();
  if (form.caPem) request.ca = [form.caPem];
  if (form.trustLabCa) request.trustLabCa = true;
  if (form.authUser.trim()) {
    request.auth = {
      user: form.authUser.trim(),
      secret: form.authPass,
      ...(form.authMech ? { mechanism: form.authMech } : {}),
    };
  }
  if (form.allowPlaintextAuth) request.allowPlaintextAuth = true;
  if (form.allowUnverifiedAuth) request.allowUnverifiedAuth = true;
  if (form.from.trim()) request.from = form.from.trim();
  if (to.length) request.to = to;
  if (form.message.trim()) request.data = form.message;
  if (form.quitAfter) request.quitAfter = form.quitAfter;
  if (form.fetchIntermediate) request.fetchIntermediate = true;
  if (form.probeStarttlsInjection) request.probeStarttlsInjection = true;
  if (form.probeSmuggling) request.probeSmuggling = true;
  if (form.scenario && form.portRole) request.portRole = form.portRole;
  if (form.timeoutMs.trim()) {
    const ms = Number(form.timeoutMs);
    if (!Number.isInteger(ms) || ms < 100 || ms > 600_000)
      return { problem: 'The timeout is in milliseconds, from 100 to 600000.' };
    request.timeoutMs = ms;
  }
  return { request };
}
