// Runtime checks for every request that crosses the IPC boundary (STYLE.md: check each
// payload at the handle boundary). The renderer is treated as untrusted input.
import { z } from 'zod';
import type { Channel } from './ipc';
import { QUIT_AFTER, TLS_MODES } from './transcript';
import { EXPORT_FORMAT_IDS } from './export/index';
import { SHARING_PRESETS } from './export/sharingProfile';

const sessionId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const mechanism = z.enum(['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2']);
const address = z.string().min(1).max(320);

export const sessionRequestSchema = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  tls: z.enum(TLS_MODES as [string, ...string[]]),
  ehlo: z.string().min(1).max(255).optional(),
  servername: z.string().min(1).max(253).optional(),
  ca: z.array(z.string().max(1_000_000)).max(20).optional(),
  trustLabCa: z.boolean().optional(),
  auth: z
    .strictObject({ user: z.string().min(1).max(512), secret: z.string().max(8192), mechanism: mechanism.optional() })
    .optional(),
  allowPlaintextAuth: z.boolean().optional(),
  allowUnverifiedAuth: z.boolean().optional(),
  from: address.optional(),
  to: z.array(address).max(100).optional(),
  data: z
    .string()
    .max(25 * 1024 * 1024)
    .optional(),
  quitAfter: z.enum(QUIT_AFTER as [string, ...string[]]).optional(),
  fetchIntermediate: z.boolean().optional(),
  portRole: z.number().int().min(1).max(65535).optional(),
  probeStarttlsInjection: z.boolean().optional(),
  probeSmuggling: z.boolean().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
});

const bySession = z.strictObject({ sessionId });

export const sweepRequestSchema = z.strictObject({
  host: z.string().min(1).max(253),
  ports: z.array(z.number().int().min(1).max(65535)).min(1).max(32),
  servername: z.string().min(1).max(253).optional(),
  ca: z.array(z.string().max(1_000_000)).max(20).optional(),
  trustLabCa: z.boolean().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
});
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
  z.enum(Object.keys(SHARING_PRESETS) as [string, ...string[]]),
  z.strictObject({ emails: z.boolean().optional(), hosts: z.boolean().optional(), ips: z.boolean().optional() }),
]);

// The transcript itself is checked by the handler with shared/transcriptSchema.ts, which keeps
// the object as sent (a JSON export of it must be byte-identical to the file it came from).
const exportRequestSchema = z
  .strictObject({
    sessionId: sessionId.optional(),
    historyId: historyId.optional(),
    transcript: z.unknown().optional(),
    format: z.enum(EXPORT_FORMAT_IDS as [string, ...string[]]),
    profile: sharingProfileSchema.optional(),
  })
  .refine(
    (r) => [r.sessionId, r.historyId, r.transcript].filter((x) => x !== undefined).length === 1,
    'give exactly one of sessionId, historyId, transcript',
  );

export const REQUEST_SCHEMAS: Record<Channel, z.ZodType> = {
  'session:create': sessionRequestSchema,
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
  'lab:status': z.strictObject({}),
  'lab:messages': z.strictObject({ scenario: z.string().max(64).optional() }),
  'history:list': historyFilterSchema,
  'history:read': z.strictObject({ id: historyId }),
  'history:remove': z.strictObject({ id: historyId }),
  'export:render': exportRequestSchema,
  'sweep:run': sweepRequestSchema,
};
