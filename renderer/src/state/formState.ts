import type { LabScenarioView, LabStatus, SessionRequest } from '../../../shared/ipc';
import { FLAG_OPTIONS, type FlagOption, requestProblem, sessionRequestSchema } from '../../../shared/sessionRequest';
import type { QuitAfter, TlsMode, Transcript } from '../../../shared/transcript';

/** The request's on/off switches, under their own names: a new switch needs no change here. */
export type FormFlags = { [K in FlagOption]?: boolean };

/** The connection form as the user edits it (strings, as typed, and the switches). */
export interface FormState extends FormFlags {
  host: string;
  port: string;
  tls: TlsMode;
  ehlo: string;
  servername: string;
  /** Advanced: the proxy URL (no password in it), its password, and the source address. */
  proxyUrl: string;
  proxyPass: string;
  bind: string;
  caPem: string;
  caName: string;
  authUser: string;
  authPass: string;
  authMech: '' | 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';
  from: string;
  to: string;
  message: string;
  quitAfter: '' | QuitAfter;
  /** Per-stage timeout in milliseconds, as typed; empty means the defaults. */
  timeoutMs: string;
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
  proxyUrl: '',
  proxyPass: '',
  bind: '',
  caPem: '',
  caName: '',
  authUser: '',
  authPass: '',
  authMech: '',
  from: '',
  to: '',
  message: '',
  quitAfter: '',
  timeoutMs: '',
  scenario: '',
  portRole: null,
};

export interface PortPreset {
  port: number;
  tls: TlsMode;
  title: string;
  explanation: string;
}

/** docs/ARCHITECTURE.md, "Ports: the facts the app teaches". 465 is not deprecated (RFC 8314). */
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

/** The form for a saved session that was opened: its server, so Run checks it again, and
 * nothing from the form before it (another server's user, recipients or CA). A practice
 * scenario's port gives that scenario's whole form. */
export function formForTranscript(t: Transcript, lab: LabStatus | null, previous: FormState): FormState {
  // A session the listener served: its "target" is SMTP Lens itself, nothing to run again.
  if (t.role === 'server') return previous;
  const scenario = lab?.host === t.target.host ? lab.scenarios.find((s) => s.port === t.target.port) : undefined;
  if (lab && scenario) return formForScenario(lab, scenario, previous);
  // The CA file the user loaded stays loaded: it is their trust (a lab's root, a company CA),
  // and the session being opened was most likely made with it.
  return {
    ...EMPTY_FORM,
    host: t.target.host,
    port: String(t.target.port),
    tls: t.target.tls,
    servername: t.target.servername ?? '',
    caPem: previous.caPem,
    caName: previous.caName,
  };
}

/** The server a bounce names as the one that refused, as the sending MTA met it: port 25,
 * STARTTLS if offered, the same recipient, stopping after RCPT TO so no mail is sent. The
 * user's CA file and timeouts stay. */
export function formForRemoteMta(host: string, recipient: string | null, previous: FormState): FormState {
  return {
    ...EMPTY_FORM,
    host,
    port: '25',
    tls: 'auto',
    to: recipient ?? '',
    quitAfter: recipient ? 'rcpt' : 'tls',
    caPem: previous.caPem,
    caName: previous.caName,
    timeoutMs: previous.scenario ? '' : previous.timeoutMs,
  };
}

/** The form once the user edits the target of a practice scenario: it is their own server now,
 * so what only the scenario needed (its short timeout, its security probe) goes with it. */
export function leaveScenario(form: FormState): FormState {
  if (!form.scenario) return form;
  return {
    ...form,
    scenario: '',
    portRole: null,
    timeoutMs: '',
    probeStarttlsInjection: false,
    probeSmuggling: false,
  };
}

export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the form calls a field, in the words the schema's messages are made of. */
const FORM_LABELS: Record<string, string> = {
  host: 'The server',
  port: 'The port',
  timeoutMs: 'The timeout',
  to: 'To',
  from: 'From',
  quitAfter: '"Quit after"',
  probeSmuggling: 'The smuggling probe',
  ehlo: 'The EHLO name',
  servername: 'The name to verify',
  proxy: 'The proxy',
  bind: 'The source address',
};
const formLabel = (field: string) => FORM_LABELS[field] ?? field;

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** What the form says, as a session request, checked with the same schema as the CLI and the
 * IPC boundary (shared/sessionRequest.ts); or the sentence that says what is wrong. */
export function toRequest(form: FormState): { request: SessionRequest } | { problem: string; field: string } {
  const to = splitAddresses(form.to);
  const draft: Record<string, unknown> = { host: form.host.trim(), port: number(form.port), tls: form.tls };
  if (form.ehlo.trim()) draft.ehlo = form.ehlo.trim();
  if (form.servername.trim()) draft.servername = form.servername.trim();
  if (form.caPem) draft.ca = [form.caPem];
  if (form.bind.trim()) draft.bind = form.bind.trim();
  if (form.proxyUrl.trim())
    draft.proxy = { url: form.proxyUrl.trim(), ...(form.proxyPass ? { secret: form.proxyPass } : {}) };
  if (form.authUser.trim()) {
    draft.auth = {
      user: form.authUser.trim(),
      secret: form.authPass,
      ...(form.authMech ? { mechanism: form.authMech } : {}),
    };
  }
  if (form.from.trim()) draft.from = form.from.trim();
  if (to.length) draft.to = to;
  if (form.message.trim()) draft.data = form.message;
  if (form.quitAfter) draft.quitAfter = form.quitAfter;
  if (form.scenario && form.portRole) draft.portRole = form.portRole;
  if (form.timeoutMs.trim()) draft.timeoutMs = number(form.timeoutMs);
  for (const key of FLAG_OPTIONS) if (form[key]) draft[key] = true;
  const checked = sessionRequestSchema.safeParse(draft);
  if (checked.success) return { request: checked.data };
  return {
    problem: `${requestProblem(checked.error, formLabel)}.`,
    field: String(checked.error.issues[0]?.path[0] ?? ''),
  };
}
