// The export registry: one entry per format, one function every face calls — the CLI
// (`probe --format`, `show`), the app (the `export:render` channel) and the benchmarks.
//   transcript → sharing profile (masking) → serializer → secret guard → content
// The guard runs last, on the transcript and on the file, so nothing that holds a known
// secret is ever returned for writing.
import type { Transcript } from '../transcript';
import { exportFileName } from './exportFacts';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { checkExport, type KnownSecret } from './secretGuard';
import {
  SHARING_PRESETS,
  applySharingProfile,
  isMasking,
  type SharingPreset,
  type SharingProfile,
} from './sharingProfile';
import { renderText } from './textTranscript';

export type ExportFormat = 'text' | 'md' | 'json' | 'html';

export interface ExportFormatInfo {
  label: string;
  extension: string;
  mimeType: string;
}

export const EXPORT_FORMATS: Record<ExportFormat, ExportFormatInfo> = {
  text: { label: 'Text', extension: 'txt', mimeType: 'text/plain; charset=utf-8' },
  md: { label: 'Markdown (for tickets)', extension: 'md', mimeType: 'text/markdown; charset=utf-8' },
  json: { label: 'JSON (smtp-lens/transcript@1)', extension: 'json', mimeType: 'application/json' },
  html: { label: 'HTML (one self-contained page)', extension: 'html', mimeType: 'text/html; charset=utf-8' },
};

export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export interface ExportOptions {
  /** What to mask before sharing: a preset name or the switches themselves. */
  profile?: SharingPreset | SharingProfile;
  /** Secrets the caller knows (the CLI's password, a UI session's credentials): the export is
   * refused if any of them, in any wire form, is in it. */
  secrets?: readonly KnownSecret[];
  /** The CA file the session trusted, for the replay commands. */
  caPath?: string;
  /** Text only: ANSI colours and line width. */
  color?: boolean;
  width?: number;
}

export type ExportResult =
  | { ok: true; format: ExportFormat; content: string; fileName: string; mimeType: string }
  | { ok: false; code: 'SECRET_IN_EXPORT'; message: string };

export function resolveProfile(profile: ExportOptions['profile']): SharingProfile {
  return typeof profile === 'string' ? SHARING_PRESETS[profile] : (profile ?? {});
}

/** One sentence saying what was masked, for the file's footer. */
export function maskedNote(profile: SharingProfile): string | undefined {
  if (!isMasking(profile)) return undefined;
  const what = [
    profile.emails && 'email addresses (local parts)',
    profile.hosts && 'host and certificate names',
    profile.ips && 'IP addresses',
  ].filter(Boolean);
  return `Masked for sharing: ${what.join(', ')}; the same value has the same mask throughout this file.`;
}

function serialize(t: Transcript, format: ExportFormat, options: ExportOptions, note: string | undefined): string {
  const replay = options.caPath ? { caPath: options.caPath } : {};
  switch (format) {
    case 'text':
      return (
        renderText(t, { color: options.color ?? false, width: options.width ?? 100 }) + (note ? `\n${note}\n` : '')
      );
    case 'md':
      return renderMarkdown(t, { ...replay, ...(note ? { maskedNote: note } : {}) });
    case 'json':
      return renderJson(t);
    case 'html':
      return renderHtml(t, { ...replay, ...(note ? { maskedNote: note } : {}) });
  }
}

export function exportTranscript(
  transcript: Transcript,
  format: ExportFormat,
  options: ExportOptions = {},
): ExportResult {
  const profile = resolveProfile(options.profile);
  const t = applySharingProfile(transcript, profile);
  const content = serialize(t, format, options, maskedNote(profile));
  const leak = checkExport(t, content, options.secrets ?? []);
  if (leak) return { ok: false, code: leak.code, message: leak.message };
  const info = EXPORT_FORMATS[format];
  return { ok: true, format, content, fileName: exportFileName(t, info.extension), mimeType: info.mimeType };
}

export { renderHtml, renderJson, renderMarkdown, renderText };
export type { SharingPreset, SharingProfile } from './sharingProfile';
export type { KnownSecret } from './secretGuard';
