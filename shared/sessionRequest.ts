// One schema for what a session is asked to do. The connection form, the CLI and the IPC
// boundary all build this request and check it here, so they accept and refuse the same input
// with the same words; the TypeScript type is inferred from it (z.infer), so it cannot drift.
// A new option is added here, used by the engine, and given a control: nothing else.
import * as z from 'zod';
import { parseProxyUrl } from './proxyUrl';
import { QUIT_AFTER, type QuitAfter, TLS_MODES, type TlsMode } from './transcript';

/** The SASL mechanisms SMTP Lens can speak (RFC 4954 §4; XOAUTH2 is Google's and Microsoft's). */
export const AUTH_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] as const;
export type AuthMechanism = (typeof AUTH_MECHANISMS)[number];

const address = z.string().min(1).max(320);
const flag = z.boolean().optional();
const port = z
  .number({ error: '{port} must be a number from 1 to 65535' })
  .int('{port} must be a number from 1 to 65535')
  .min(1, '{port} must be a number from 1 to 65535')
  .max(65535, '{port} must be a number from 1 to 65535');
const timeoutMs = z
  .number({ error: '{timeoutMs} is in milliseconds, from 100 to 600000' })
  .int('{timeoutMs} is in milliseconds, from 100 to 600000')
  .min(100, '{timeoutMs} is in milliseconds, from 100 to 600000')
  .max(600_000, '{timeoutMs} is in milliseconds, from 100 to 600000')
  .optional();

/** Where the session goes and how it connects. A session typed by hand in the terminal keeps
 * these and leaves the rest to the user. */
export const connectionFields = {
  host: z.string().min(1, '{host} is missing: give a host name or an IP address').max(253),
  port,
  tls: z.enum(TLS_MODES as [TlsMode, ...TlsMode[]]),
  /** The EHLO name; defaults to this machine's FQDN or an address literal (RFC 5321 §4.1.4). */
  ehlo: z.string().min(1).max(255).optional(),
  /** SNI and the name the certificate must match; defaults to host. */
  servername: z.string().min(1).max(253).optional(),
  /** The source address to connect from: one of this machine's addresses, for multi-homed
   * hosts where only one has good reverse DNS or is allowed by the receiver. */
  bind: z
    .string()
    .max(64)
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/, '{bind} is an IP address of this machine')
    .optional(),
  /** Connect through this proxy: a SOCKS5 (socks5h: names resolved by the proxy), SOCKS4a or
   * HTTP CONNECT URL, with at most a user in it. Its password travels only in `secret`, never
   * recorded, as the AUTH password. */
  proxy: z
    .strictObject({
      url: z
        .string()
        .max(600)
        .superRefine((url, ctx) => {
          const parsed = parseProxyUrl(url);
          if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: `{proxy}: ${parsed.problem}` });
        }),
      secret: z.string().max(1024).optional(),
    })
    .optional(),
  /** PEM text of extra trust anchors (the CLI and the form read the chosen file). */
  ca: z.array(z.string().max(1_000_000)).max(20).optional(),
  /** Trust the practice server's own root CA. */
  trustLabCa: flag,
  /** Send credentials without TLS. Off by default: anyone on the path could read them. */
  allowPlaintextAuth: flag,
  /** Send credentials over TLS whose certificate failed verification (possible interception). */
  allowUnverifiedAuth: flag,
  /** The port this server stands in for, when it listens elsewhere (a practice scenario on
   * 2527 that plays an MX on 25): findings are worded for that role. */
  portRole: z.number().int().min(1).max(65535).optional(),
  timeoutMs,
};

/** What a scripted run does once connected. */
export const scriptFields = {
  /** The password travels only here, and is never recorded. */
  auth: z
    .strictObject({
      user: z.string().min(1).max(512),
      secret: z.string().max(8192),
      mechanism: z.enum(AUTH_MECHANISMS).optional(),
    })
    .optional(),
  from: address.optional(),
  to: z.array(address).max(100).optional(),
  /** The message to send after DATA; a test message is generated when recipients are given without one. */
  data: z
    .string()
    .max(25 * 1024 * 1024)
    .optional(),
  /** Message building, as swaks does: header fields added or replacing the test message's
   * ("Name: value"), its body replaced, files attached (MIME). Not with `data`. */
  headers: z
    .array(
      z
        .string()
        .max(998, '{headers}: a header line is at most 998 characters (RFC 5322 §2.1.1)')
        .regex(/^[!-9;-~]+:[^\r\n]*$/, '{headers}: give each as "Name: value", on one line'),
    )
    .max(50)
    .optional(),
  body: z
    .string()
    .max(25 * 1024 * 1024)
    .optional(),
  attachments: z
    .array(
      z.strictObject({
        filename: z.string().min(1).max(255),
        contentType: z
          .string()
          .regex(/^[\w.+-]+\/[\w.+-]+$/, '{attachments}: the type is like application/pdf')
          .optional(),
        content: z
          .string()
          .max(34 * 1024 * 1024)
          .regex(/^[A-Za-z0-9+/=]*$/),
      }),
    )
    .max(20)
    .optional(),
  quitAfter: z.enum(QUIT_AFTER as [QuitAfter, ...QuitAfter[]]).optional(),
  /** When the chain is incomplete, download the missing issuer from the AIA URL and show the
   * chain as it would be built (RFC 5280 §4.2.2.1). Off by default: it contacts a third host. */
  fetchIntermediate: flag,
  /** Send MAIL, RCPT and DATA one at a time even when the server offers PIPELINING (RFC 2920). */
  noPipelining: flag,
  /** Send the message in BDAT chunks (RFC 3030) instead of DATA, where CHUNKING is offered. */
  bdat: flag,
  /** Octets per BDAT chunk; the last one is sent as BDAT n LAST. */
  bdatChunk: z
    .number({ error: '{bdatChunk} is a number of octets, from 1 to 26214400' })
    .int('{bdatChunk} is a number of octets, from 1 to 26214400')
    .min(1, '{bdatChunk} is a number of octets, from 1 to 26214400')
    .max(25 * 1024 * 1024, '{bdatChunk} is a number of octets, from 1 to 26214400')
    .optional(),
  /** RFC 3461 DSN parameters, sent where the server offers DSN: NOTIFY on every RCPT, RET and
   * ENVID on MAIL, ORCPT on every RCPT. */
  notify: z
    .array(z.enum(['NEVER', 'SUCCESS', 'FAILURE', 'DELAY']))
    .min(1)
    .max(3)
    .refine((n) => !n.includes('NEVER') || n.length === 1, '{notify}: NEVER stands alone (RFC 3461 §4.1)')
    .optional(),
  ret: z.enum(['FULL', 'HDRS']).optional(),
  envid: z
    .string()
    .min(1)
    .max(100, '{envid} is at most 100 characters (RFC 3461 §4.4)')
    .regex(/^[\x20-\x7e]+$/, '{envid} is printable ASCII')
    .optional(),
  orcpt: address.optional(),
  /** VRFY this address after EHLO (and TLS and AUTH, when asked for), RFC 5321 §3.5.1. */
  vrfy: address.optional(),
  /** RFC 8689: ask every server on the way to use verified TLS, or not deliver. */
  requiretls: flag,
  /** Security probe, only when asked for: pipeline a NOOP with STARTTLS and see whether the
   * server runs it inside TLS (the CVE-2011-0411 class of bug). */
  probeStarttlsInjection: flag,
  /** Security probe, only when asked for: end the message with non-standard sequences
   * (<LF>.<LF> and kin) before the real one and see whether the server stops there. */
  probeSmuggling: flag,
};

export const sessionRequestSchema = z.strictObject({ ...connectionFields, ...scriptFields }).superRefine((r, ctx) => {
  if (r.data !== undefined && (r.headers?.length || r.body !== undefined || r.attachments?.length))
    ctx.addIssue({
      code: 'custom',
      path: ['data'],
      message: '{data} is the whole message; {headers}, {body} and {attachments} build one: use one or the other',
    });
  if (r.bdatChunk && !r.bdat)
    ctx.addIssue({
      code: 'custom',
      path: ['bdatChunk'],
      message: '{bdatChunk} needs {bdat}: the chunks are BDAT chunks',
    });
  // The smuggling probe runs inside DATA, which a session reaches only with an accepted
  // recipient, and only if it does not stop before the message.
  if (r.probeSmuggling && !r.to?.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: '{probeSmuggling} needs {to}: the probe runs inside DATA, so give a recipient the server accepts',
    });
  }
  if (r.probeSmuggling && r.quitAfter && r.quitAfter !== 'data') {
    ctx.addIssue({
      code: 'custom',
      path: ['quitAfter'],
      message: `{probeSmuggling} needs the message to be sent: drop {quitAfter} ${r.quitAfter}`,
    });
  }
});

export type SessionRequest = z.infer<typeof sessionRequestSchema>;

/** The options that are plain on/off switches: the CLI and the form handle them generically. */
export type FlagOption = {
  [K in keyof SessionRequest]-?: NonNullable<SessionRequest[K]> extends boolean ? K : never;
}[keyof SessionRequest];
const ALL_FIELDS = { ...connectionFields, ...scriptFields };
// Every switch is declared with the one `flag` schema above, which is how they are found.
export const FLAG_OPTIONS = (Object.keys(ALL_FIELDS) as (keyof typeof ALL_FIELDS)[]).filter(
  (key) => ALL_FIELDS[key] === flag,
) as FlagOption[];

/** The request a session typed by hand starts from: where and how to connect, nothing scripted.
 * By hand the user decides when to STARTTLS, so only implicit TLS starts at once. */
export function connectionPart(r: SessionRequest): SessionRequest {
  const kept = Object.fromEntries(Object.entries(r).filter(([key]) => key in connectionFields));
  return { ...(kept as SessionRequest), tls: r.tls === 'implicit' ? 'implicit' : 'none' };
}

/** What a face calls a field: `--to` in the CLI, "To" in the form, `to` over IPC. */
export type FieldLabel = (field: string) => string;

/**
 * One sentence for the first thing wrong with a request, in the face's own names for the
 * fields: the CLI, the form and the IPC boundary say the same thing.
 */
export function requestProblem(error: z.ZodError, label: FieldLabel): string {
  const issue = error.issues[0];
  if (!issue) return 'the request is not valid';
  const field = String(issue.path[0] ?? 'request');
  const message = issue.message.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => label(name));
  return message === issue.message ? `${label(field)}: ${message}` : message;
}

/** The CLI's name for a field: its option. */
export const cliLabel: FieldLabel = (field) =>
  ({ auth: '--auth-user', timeoutMs: '--timeout', host: 'HOST', headers: '--header', attachments: '--attach' })[
    field
  ] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
