// How `probe` and `show` turn a transcript into output: the format, the sharing profile
// (--share), colour for a terminal, the secret guard, and --out. One place, so both commands
// refuse to write a secret the same way.
import { writeFileSync } from 'node:fs';
import { EXPORT_FORMAT_IDS, exportTranscript, type ExportFormat } from '../../shared/export/index';
import { type KnownSecret, SECRET_REMOVED, maskSecrets } from '../../shared/export/secretGuard';
import { applySharingProfile, type SharingProfile } from '../../shared/export/sharingProfile';
import type { Transcript } from '../../shared/transcript';
import { UsageError, parseChoice } from './usage';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';

export const OUTPUT_FORMATS = EXPORT_FORMAT_IDS;

const MASKS = ['emails', 'hosts', 'ips'] as const;

/** --share emails,hosts,ips (or all): what to mask before the output leaves the machine. */
export function parseShare(value: string | undefined): SharingProfile | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.includes('all')) return { emails: true, hosts: true, ips: true };
  if (!items.length) throw new UsageError('--share needs what to mask: emails, hosts, ips or all');
  const profile: SharingProfile = {};
  for (const item of items) profile[parseChoice(item, MASKS, '--share')!] = true;
  return profile;
}

export function parseFormat(values: Record<string, unknown>): ExportFormat {
  if (values.json) {
    if (values.format !== undefined && String(values.format).toLowerCase() !== 'json')
      throw new UsageError('use either --json or --format, not both');
    return 'json';
  }
  // "markdown" is what people type; "md" is the name the file gets.
  const given = values.format === 'markdown' ? 'md' : (values.format as string | undefined);
  return parseChoice(given, OUTPUT_FORMATS, '--format') ?? 'text';
}

export interface WriteOptions {
  format: ExportFormat;
  out?: string;
  profile?: SharingProfile;
  secrets?: readonly KnownSecret[];
  caPath?: string;
  noColor?: boolean;
  /** Text appended to text output (probe's --timings waterfall), from the masked transcript. */
  appendText?: (t: Transcript, color: boolean) => string;
}

/** Renders and writes; false (after a message on stderr) when the guard refused. */
export function writeExport(t: Transcript, o: WriteOptions): boolean {
  const toTerminal = !o.out && process.stdout.isTTY;
  const color = o.format === 'text' && toTerminal && !o.noColor && !process.env.NO_COLOR;
  const result = exportTranscript(t, o.format, {
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.caPath ? { caPath: o.caPath } : {}),
    color,
    width: Math.min(process.stdout.columns || 100, 120),
  });
  if (!result.ok) {
    refuse(t, o, result.message, color);
    return false;
  }
  const rendered = result.content + (o.appendText ? o.appendText(applySharingProfile(t, o.profile), color) : '');
  // Files are printed with cat and opened in editors: the same last guard as a terminal.
  const output = o.format === 'json' ? jsonSafe(rendered) : o.format === 'html' ? rendered : terminalSafe(rendered);
  if (o.out) writeFileSync(o.out, output);
  else process.stdout.write(output);
  return true;
}

/** The guard refused: nothing is written where the user asked, but a session printed to the
 * terminal is still shown, with the secret replaced, so the user sees what happened and where
 * the secret appeared. */
function refuse(t: Transcript, o: WriteOptions, message: string, color: boolean): void {
  const showMasked = o.format === 'text' && !o.out && o.secrets?.length;
  if (showMasked) {
    const masked = exportTranscript(maskSecrets(t, o.secrets ?? []), 'text', {
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.secrets ? { secrets: o.secrets } : {}),
      color,
      width: Math.min(process.stdout.columns || 100, 120),
    });
    if (masked.ok) process.stdout.write(terminalSafe(masked.content));
  }
  const after = showMasked
    ? ` The transcript above shows it as ${SECRET_REMOVED}.`
    : o.secrets?.length
      ? ' Run the same command without --out, --json or --format to see the session with it masked.'
      : '';
  process.stderr.write(terminalSafe(`smtp-lens: ${message}${after}\n`));
}
