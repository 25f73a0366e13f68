// The connection form as a command line ("Copy as…") and a pasted command line as the form
// ("Paste a command"). The words of both directions come from shared/commandLine; this file only
// knows what the form holds: a CA loaded by name (a browser never sees a path), the practice
// server's own CA, and no field for what only the CLI takes (headers, DSN, attachments…).
import {
  type CommandLine,
  type CommandRequest,
  commandRequestOf,
  type ImportedCommand,
  type Tool,
  type Unmapped,
} from '../../../shared/commandLine/commandRequest';
import { opensslLine } from '../../../shared/commandLine/opensslCommand';
import { smtpLensLine } from '../../../shared/commandLine/smtpLensCommand';
import { swaksLine } from '../../../shared/commandLine/swaksCommand';
import type { LabStatus } from '../../../shared/ipc';
import { FLAG_OPTIONS } from '../../../shared/sessionRequest';
import { EMPTY_FORM, type FormState, toRequest } from './formState';

export const COPY_TOOLS: { tool: Tool; label: string }[] = [
  { tool: 'smtp-lens', label: 'smtp-lens' },
  { tool: 'swaks', label: 'swaks' },
  { tool: 'openssl', label: 'openssl s_client' },
];

const LINES: Record<Tool, (r: CommandRequest) => CommandLine> = {
  'smtp-lens': smtpLensLine,
  swaks: swaksLine,
  openssl: opensslLine,
};

/** The form as `tool`'s command line, or why it cannot be one yet (the form's own sentence). */
export function commandFromForm(
  form: FormState,
  lab: Pick<LabStatus, 'rootCaPath'> | null,
  tool: Tool,
): { line: CommandLine } | { problem: string } {
  const built = toRequest(form);
  if ('problem' in built) return { problem: built.problem };
  // The role a practice scenario plays (its findings worded for port 25 or 587) is the app's own.
  const { trustLabCa, portRole: _role, ...request } = built.request;
  const caFiles = [
    ...(form.caPem ? [form.caName || 'ca.pem'] : []),
    ...(trustLabCa && lab?.rootCaPath ? [lab.rootCaPath] : []),
  ];
  const command = commandRequestOf(request, { caFiles });
  // Only a lab whose CA file the app cannot name stays a switch, which every target then names.
  if (trustLabCa && !lab?.rootCaPath) command.trustLabCa = true;
  const line = LINES[tool](command);
  if (form.caPem)
    line.notes.unshift(
      `The CA file is named as it was loaded (${form.caName || 'ca.pem'}): give its path on the machine that runs the command.`,
    );
  return { line };
}

/** What the form has no field for, in the words the user reads beside it. */
const NO_FIELD: [keyof CommandRequest, string][] = [
  ['headers', 'header lines (--header)'],
  ['body', 'a message body (--body)'],
  ['attachments', 'attachments (--attach)'],
  ['notify', 'DSN NOTIFY (--notify)'],
  ['ret', 'DSN RET (--ret)'],
  ['envid', 'a DSN envelope id (--envid)'],
  ['orcpt', 'a DSN original recipient (--orcpt)'],
  ['vrfy', 'VRFY (--vrfy)'],
  ['bdatChunk', 'the BDAT chunk size (--bdat-chunk)'],
  ['family', 'IPv4 or IPv6 only (-4, -6)'],
];

/** A pasted line, read, as the form: what it said that the form cannot hold is listed with the
 * reader's own list. The password is never filled in; the previous one goes with its server. */
export function formFromCommand(
  imported: Extract<ImportedCommand, { ok: true }>,
  lab: Pick<LabStatus, 'rootCaPath'> | null,
  previous: FormState,
): { form: FormState; unmapped: Unmapped[]; notes: string[] } {
  const r = imported.request;
  const unmapped = [...imported.unmapped];
  const notes = [...imported.notes];
  const form: FormState = {
    ...EMPTY_FORM,
    host: r.host ?? '',
    port: String(r.port ?? 25),
    tls: r.tls ?? 'auto',
    ehlo: r.ehlo ?? '',
    servername: r.servername ?? '',
    bind: r.bind ?? '',
    proxyUrl: r.proxy?.url ?? '',
    authUser: r.auth?.user ?? '',
    authMech: r.auth?.mechanism ?? '',
    from: r.from ?? '',
    to: (r.to ?? []).join(', '),
    quitAfter: r.quitAfter ?? '',
    timeoutMs: r.timeoutMs === undefined ? '' : String(r.timeoutMs),
    // The CA the user loaded stays: it is their trust, as when a saved session is opened.
    caPem: previous.caPem,
    caName: previous.caName,
  };
  for (const key of FLAG_OPTIONS) if (r[key]) form[key] = true;
  if (!r.host)
    unmapped.push({
      option: 'HOST',
      words: "The line names no server (the tool would use the MX of the recipient's domain): give the Host.",
    });
  for (const file of r.caFiles ?? []) {
    if (lab?.rootCaPath && file === lab.rootCaPath) form.trustLabCa = true;
    else
      unmapped.push({
        option: `CA ${file}`,
        words: `The CA file ${file} cannot be read from here: load it with "Extra trusted CA".`,
      });
  }
  if (r.data && 'text' in r.data) form.message = r.data.text;
  else if (r.data)
    unmapped.push({
      option: `--data ${r.data.file}`,
      words:
        r.data.file === '-'
          ? 'The message comes from standard input: paste it in Message.'
          : `The message is in the file ${r.data.file}: paste its text in Message.`,
    });
  for (const [field, what] of NO_FIELD)
    if (r[field] !== undefined)
      unmapped.push({ option: String(field), words: `The form has no field for ${what}: smtp-lens probe takes it.` });
  if (r.auth?.passwordEnv)
    notes.push(`The line reads the password from $${r.auth.passwordEnv}: type it in Password (it is never kept).`);
  if (r.proxy?.passwordEnv) notes.push('The proxy password is read from the environment: type it in Proxy password.');
  return { form, unmapped, notes };
}
