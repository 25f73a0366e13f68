// Runtime checks for every request that crosses the IPC boundary: each payload is checked
// where it is handled. The renderer is treated as untrusted input.
import * as z from 'zod';
import { MAX_EXPLAIN_BYTES } from './explain';
import type { Transcript } from './transcript';
import type { Channel, RequestOf } from './ipc';
import { AUTH_MECHANISMS, connectionFields, sessionRequestSchema } from './sessionRequest';
import { EXPORT_FORMAT_IDS, type ExportFormat } from './export/index';
import { SHARING_PRESETS, type SharingPreset } from './export/sharingProfile';
import { profileRequestSchemas } from './profile';

const sessionId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const mechanism = z.enum(AUTH_MECHANISMS);

const bySession = z.strictObject({ sessionId });

export const sweepRequestSchema = z.strictObject({
  host: connectionFields.host,
  ports: z.array(z.number().int().min(1).max(65535)).min(1).max(32),
  servername: connectionFields.servername,
  ca: connectionFields.ca,
  trustLabCa: connectionFields.trustLabCa,
  timeoutMs: connectionFields.timeoutMs,
});
export type SweepRequest = z.infer<typeof sweepRequestSchema>;

/** `domain:check`: a domain or an address, and where to look it up. Names and resolvers are
 * parsed again by the handler, which answers bad ones in words. */
export const domainRequestSchema = z.strictObject({
  target: z.string().min(1, '{target} is missing: give a domain or an address').max(320),
  /** "IP", "IP:PORT" or "[IPv6]:PORT"; none means the system's resolvers. */
  resolvers: z.array(z.string().max(64)).max(4).optional(),
  port: connectionFields.port,
  /** false: DNS and policies only, no SMTP connection. */
  probe: z.boolean(),
  ca: connectionFields.ca,
  trustLabCa: connectionFields.trustLabCa,
  timeoutMs: connectionFields.timeoutMs,
  /** Look up this sending domain's SPF and DMARC too. */
  senderDomain: z.string().max(320).optional(),
});
export type DomainRequest = z.infer<typeof domainRequestSchema>;

/** `listen:start`: the Listen tab's listener, always on 127.0.0.1. */
export const listenRequestSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  tls: z.enum(['none', 'starttls', 'implicit']),
  auth: z.enum(['none', 'optional', 'required']),
  behave: z.enum(['lenient', 'strict']),
});
export type ListenRequest = z.infer<typeof listenRequestSchema>;

/** `explain:text`: text the user pasted or a file they dropped, read as text. */
export const explainRequestSchema = z.strictObject({
  text: z
    .string()
    .max(MAX_EXPLAIN_BYTES, `{text} is larger than ${MAX_EXPLAIN_BYTES >> 20} MB: cut out the part to explain`),
  /** What the results call it: the file's name, or "pasted text". */
  name: z.string().min(1).max(255),
});
export type ExplainRequest = z.infer<typeof explainRequestSchema>;

const historyId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/);
const severity = z.enum(['error', 'warning', 'info']);

const historyFilterSchema = z.strictObject({
  text: z.string().max(200).optional(),
  host: z.string().max(253).optional(),
  outcome: z.enum(['ok', 'failed']).optional(),
  severity: severity.optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  offset: z.number().int().min(0).optional(),
});

const sharingProfileSchema = z.union([
  z.enum(Object.keys(SHARING_PRESETS) as [SharingPreset, ...SharingPreset[]]),
  z.strictObject({ emails: z.boolean().optional(), hosts: z.boolean().optional(), ips: z.boolean().optional() }),
]);

// The transcript itself is checked by the handler with shared/transcriptSchema.ts, which keeps
// the object as sent (a JSON export of it must be byte-identical to the file it came from).
const exportRequestSchema = z
  .strictObject({
    sessionId: sessionId.optional(),
    historyId: historyId.optional(),
    // Typed as what it must be; the handler checks it with checkTranscript before any use.
    transcript: (z.unknown() as z.ZodType<Transcript>).optional(),
    format: z.enum(EXPORT_FORMAT_IDS as [ExportFormat, ...ExportFormat[]]),
    profile: sharingProfileSchema.optional(),
  })
  .refine(
    (r) => [r.sessionId, r.historyId, r.transcript].filter((x) => x !== undefined).length === 1,
    'give exactly one of sessionId, historyId, transcript',
  );

/** Each channel's request schema. `satisfies` ties each one to the request type the contract
 * declares, so a schema and its request cannot drift apart. */
export const REQUEST_SCHEMAS = {
  'session:create': sessionRequestSchema,
  'session:start': z.strictObject({ sessionId, request: sessionRequestSchema, mode: z.enum(['run', 'step']) }),
  'session:step': bySession,
  'session:run': bySession,
  'session:abort': bySession,
  'session:send': z.strictObject({ sessionId, line: z.string().max(4096) }),
  'session:authenticate': z.strictObject({
    sessionId,
    user: z.string().min(1).max(512),
    secret: z.string().max(8192),
    mechanism: mechanism.optional(),
  }),
  'session:transcript': bySession,
  'tls:audit': bySession,
  'lab:status': z.strictObject({}),
  'lab:messages': z.strictObject({ scenario: z.string().max(64).optional() }),
  'history:list': historyFilterSchema,
  'history:read': z.strictObject({ id: historyId }),
  'history:remove': z.strictObject({ id: historyId }),
  'export:render': exportRequestSchema,
  'sweep:run': sweepRequestSchema,
  'domain:check': domainRequestSchema,
  'explain:text': explainRequestSchema,
  'listen:start': listenRequestSchema,
  'listen:stop': z.strictObject({}),
  'profiles:list': profileRequestSchemas.list,
  'profiles:open': profileRequestSchemas.open,
  'profiles:save': profileRequestSchemas.save,
  'profiles:rename': profileRequestSchemas.rename,
  'profiles:duplicate': profileRequestSchemas.duplicate,
  'profiles:delete': profileRequestSchemas.delete,
} satisfies { [C in Channel]: z.ZodType<RequestOf<C>> };
