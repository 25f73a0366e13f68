// The JSON export: exactly the `smtp-lens/transcript@1` schema (docs/transcript-schema.md),
// the same bytes `smtp-lens probe --json` prints. Importing it (transcriptSchema.ts keeps the
// object as read) and exporting it again gives the same file.
import type { Transcript } from '../transcript';

export function renderJson(t: Transcript): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}
