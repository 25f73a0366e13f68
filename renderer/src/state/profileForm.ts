// The connection form and a profile (shared/profile.ts), each way. Saving goes through the form's
// own check (toRequest), so a profile is saved only from a form that would run; the secrets go
// apart, to be remembered only where the keychain can.
import { ZodError } from 'zod';
import type { LabStatus } from '../../../shared/ipc';
import {
  type OpenedProfile,
  type ProfileCa,
  type ProfileSecrets,
  type ProfileSettings,
  profileFromRequest,
  profileProblem,
} from '../../../shared/profile';
import { cliLabel, FLAG_OPTIONS } from '../../../shared/sessionRequest';
import { EMPTY_FORM, type FormState, toRequest } from './formState';

/** The form as a profile and the secrets typed in it; or what stops it from being saved. */
export function profileFromForm(
  form: FormState,
): { settings: ProfileSettings; secrets: ProfileSecrets } | { problem: string } {
  const built = toRequest(form);
  if ('problem' in built) return { problem: built.problem };
  const ca: ProfileCa[] | undefined = form.caPem ? [{ name: form.caName || 'ca.pem', pem: form.caPem }] : undefined;
  try {
    const settings = profileFromRequest(built.request, ca);
    const secrets: ProfileSecrets = {
      ...(built.request.auth?.secret ? { auth: built.request.auth.secret } : {}),
      ...(built.request.proxy?.secret ? { proxy: built.request.proxy.secret } : {}),
    };
    return { settings, secrets };
  } catch (err) {
    if (err instanceof ZodError) return { problem: `The form cannot be saved as a profile: ${profileProblem(err)}.` };
    throw err;
  }
}

/** What a name for the form's server could be: the practice scenario's, or the host's. */
export function suggestedName(form: FormState): string {
  const from = form.scenario || form.host.trim().toLowerCase();
  return from
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[.-]+$/g, '')
    .slice(0, 64);
}

/** The fields the form has (a control, or a switch it carries); any other is kept in the file. */
const IN_THE_FORM = new Set<string>([
  'host',
  'port',
  'tls',
  'ehlo',
  'servername',
  'proxy',
  'bind',
  'ca',
  'auth',
  'from',
  'to',
  'quitAfter',
  'timeoutMs',
  'portRole',
  ...FLAG_OPTIONS,
]);

/** The form filled from a profile, and the options it holds that the form has no control for
 * (saved by the CLI: DSN, VRFY, headers…), named as the CLI names them, so that the user knows
 * that Run here does not use them. The message being written stays. */
export function formFromProfile(
  opened: OpenedProfile,
  lab: LabStatus | null,
  previous: FormState,
): { form: FormState; notApplied: string[] } {
  const s = opened.settings;
  const scenario = lab?.host === s.host ? lab.scenarios.find((x) => x.port === s.port) : undefined;
  const flags = Object.fromEntries(FLAG_OPTIONS.filter((key) => s[key]).map((key) => [key, true]));
  const form: FormState = {
    ...EMPTY_FORM,
    ...flags,
    message: previous.message,
    host: s.host,
    port: String(s.port),
    tls: s.tls,
    ehlo: s.ehlo ?? '',
    servername: s.servername ?? '',
    proxyUrl: s.proxy?.url ?? '',
    proxyPass: opened.secrets?.proxy ?? '',
    bind: s.bind ?? '',
    caPem: opened.ca.map((c) => c.pem).join('\n'),
    caName: opened.ca.map((c) => c.name).join(', '),
    authUser: s.auth?.user ?? '',
    authPass: opened.secrets?.auth ?? '',
    authMech: s.auth?.mechanism ?? '',
    from: s.from ?? '',
    to: (s.to ?? []).join(', '),
    quitAfter: s.quitAfter ?? '',
    timeoutMs: s.timeoutMs === undefined ? '' : String(s.timeoutMs),
    scenario: scenario?.name ?? '',
    portRole: scenario ? (s.portRole ?? scenario.realPort) : null,
  };
  const notApplied = Object.keys(s)
    .filter((key) => !IN_THE_FORM.has(key))
    .map(cliLabel);
  return { form, notApplied };
}
