// Saved servers (profiles): a name plus the connection form's settings, kept as one readable
// JSON file per profile (docs/data.md). A profile is the session request minus what is secret
// (the AUTH password or XOAUTH2 token, the proxy's password) and minus the message itself, so
// the file can be diffed, mailed to a colleague or committed. Secrets the desktop app is asked
// to remember are sealed by the OS keychain and kept apart (main/app/profileStore.ts).
// Every file is checked with the schema below when it is read: a hand-edited or hostile one is
// refused in one sentence, never trusted.
import * as z from 'zod';
import { AUTH_MECHANISMS, connectionFields, type SessionRequest, scriptFields } from './sessionRequest';
import type { TlsMode } from './transcript';

export const PROFILE_SCHEMA = 'smtp-lens/profile@1';

/** Largest profile file read; a CA certificate or two fit many times over. */
export const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

/** Letters, digits, ".", "_" and "-", starting with a letter or a digit: a file name on every
 * OS, and nothing a path could be made of ("/", "\", ".."). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Windows refuses these as file names, with any extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** Why a name cannot be a profile's, in words; null when it can. */
export function profileNameProblem(name: string): string | null {
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  if (!NAME.test(name) || name.includes('..'))
    return `${shown} is not a profile name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or a digit`;
  if (name.endsWith('.')) return `${shown} is not a profile name: it cannot end with "."`;
  if (WINDOWS_RESERVED.test(name)) return `${shown} is not a profile name: Windows reserves it for a device`;
  return null;
}

export const profileNameSchema = z.string().superRefine((name, ctx) => {
  const problem = profileNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A trusted CA: a file read each time the profile is used (what `--ca FILE` saves), or the
 * certificate itself (what the app saves from the form, which has no path to give). CA
 * certificates are public, so either may be shared. */
const caEntrySchema = z.union(
  [
    z.strictObject({ file: z.string().min(1).max(4096) }),
    z.strictObject({
      name: z.string().min(1).max(255),
      pem: connectionFields.ca.unwrap().element.regex(/-----BEGIN CERTIFICATE-----/, 'a CA is a PEM certificate'),
    }),
  ],
  { error: '{ca}: each CA is {"file": PATH} or {"name": NAME, "pem": "-----BEGIN CERTIFICATE-----…"}' },
);
export type ProfileCa = z.infer<typeof caEntrySchema>;

/** The request's fields, with the secret and the message taken out. */
export const profileSettingsSchema = z
  .strictObject(connectionFields)
  .omit({ ca: true, proxy: true })
  .extend(z.strictObject(scriptFields).omit({ auth: true, data: true, body: true, attachments: true }).shape)
  .extend({
    /** The proxy's URL only (it holds at most a user); its password is never in a profile. */
    proxy: z.strictObject({ url: connectionFields.proxy.unwrap().shape.url }).optional(),
    /** Who logs in and how; never the password or token. */
    auth: z
      .strictObject({ user: z.string().min(1).max(512), mechanism: z.enum(AUTH_MECHANISMS).optional() })
      .optional(),
    ca: z.array(caEntrySchema).max(20).optional(),
  });
export type ProfileSettings = z.infer<typeof profileSettingsSchema>;

export const profileFileSchema = z.strictObject({
  schema: z.literal(PROFILE_SCHEMA, { error: `{schema}: not "${PROFILE_SCHEMA}": this is not an SMTP Lens profile` }),
  request: profileSettingsSchema,
});
export type ProfileFile = z.infer<typeof profileFileSchema>;

/** What the keychain can do here: keep secrets, or why not (in words, shown beside "Remember"). */
export type KeychainState = { ok: true; backend: string } | { ok: false; why: string };

/** What a profile may remember in the keychain: the AUTH password (or XOAUTH2 token) and the
 * proxy's password. */
export const profileSecretsSchema = z.strictObject({
  auth: scriptFields.auth.unwrap().shape.secret.optional(),
  proxy: connectionFields.proxy.unwrap().shape.secret,
});
export type ProfileSecrets = z.infer<typeof profileSecretsSchema>;

/** One line of the list: what `smtp-lens profiles` prints and the sidebar shows. */
export interface ProfileSummary {
  name: string;
  /** The file, relative to the data folder: "profiles/NAME.json". */
  file: string;
  host: string;
  port: number;
  tls: TlsMode;
  user: string | null;
  /** A secret of this profile is kept in the keychain. */
  remembered: boolean;
}

export interface ProfileProblem {
  file: string;
  problem: string;
}

export interface ProfileList {
  profiles: ProfileSummary[];
  /** Files in the folder that are not readable profiles: listed, never changed. */
  problems: ProfileProblem[];
  keychain: KeychainState;
}

/** `profiles:open`: the settings, to fill the form, with what the keychain gave back and the
 * CA certificates read from their files. */
export interface OpenedProfile {
  summary: ProfileSummary;
  settings: ProfileSettings;
  secrets: ProfileSecrets | null;
  /** Why a remembered secret could not be given back; null when there was none or it was. */
  secretProblem: string | null;
  /** The trusted CAs as certificates, files read. */
  ca: { name: string; pem: string }[];
  caProblem: string | null;
}

/** The IPC requests of the `profiles:*` channels, checked at the boundary. */
export const profileRequestSchemas = {
  list: z.strictObject({}),
  open: z.strictObject({ name: profileNameSchema }),
  save: z.strictObject({
    name: profileNameSchema,
    settings: profileSettingsSchema,
    secrets: profileSecretsSchema.optional(),
    /** Keep the secrets in the OS keychain; refused in words where there is none. */
    remember: z.boolean(),
    /** Overwrite a profile of that name; otherwise PROFILE_EXISTS. */
    replace: z.boolean(),
  }),
  rename: z.strictObject({ from: profileNameSchema, to: profileNameSchema }),
  duplicate: z.strictObject({ from: profileNameSchema, to: profileNameSchema }),
  delete: z.strictObject({ name: profileNameSchema }),
};
export type ProfileSaveRequest = z.infer<typeof profileRequestSchemas.save>;

/** One sentence for the first thing wrong with a profile file: where in the file, and what. */
export function profileProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not a valid profile';
  const where = issue.path.length ? issue.path.join('.') : 'the file';
  const message = issue.message.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => name);
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return `${where}: missing (${issue.expected} expected)`;
  if (issue.code === 'unrecognized_keys') return `${where}: ${message} (a profile holds only the request's settings)`;
  return `${where}: ${message}`;
}

const NOT_SAVED = new Set(['auth', 'proxy', 'ca', 'data', 'body', 'attachments']);

/** A session request as a profile: the user and mechanism without the password, the proxy URL
 * without its password, no message, and the CAs as given (files or certificates). */
export function profileFromRequest(request: SessionRequest, ca?: ProfileCa[]): ProfileSettings {
  const kept = Object.fromEntries(Object.entries(request).filter(([key]) => !NOT_SAVED.has(key)));
  return profileSettingsSchema.parse({
    ...kept,
    ...(request.proxy ? { proxy: { url: request.proxy.url } } : {}),
    ...(request.auth
      ? { auth: { user: request.auth.user, ...(request.auth.mechanism ? { mechanism: request.auth.mechanism } : {}) } }
      : {}),
    ...(ca?.length ? { ca } : {}),
  });
}

/** The request fields a profile gives, its CAs replaced by their certificates (read by the
 * caller) and the secrets by what this run has (none by default). */
export function requestFromProfile(
  settings: ProfileSettings,
  caPems: string[],
  secrets: ProfileSecrets = {},
): SessionRequest {
  const { auth, proxy, ca: _ca, ...rest } = settings;
  return {
    ...rest,
    ...(proxy ? { proxy: { url: proxy.url, ...(secrets.proxy ? { secret: secrets.proxy } : {}) } } : {}),
    ...(auth ? { auth: { ...auth, secret: secrets.auth ?? '' } } : {}),
    ...(caPems.length ? { ca: caPems } : {}),
  };
}

/** The file's text: pretty, keys in the schema's order, one trailing newline, so that two
 * versions of a profile diff line by line. */
export function profileFileText(settings: ProfileSettings): string {
  const file: ProfileFile = { schema: PROFILE_SCHEMA, request: settings };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function profileSummary(name: string, settings: ProfileSettings, remembered: boolean): ProfileSummary {
  return {
    name,
    file: `profiles/${name}.json`,
    host: settings.host,
    port: settings.port,
    tls: settings.tls,
    user: settings.auth?.user ?? null,
    remembered,
  };
}
