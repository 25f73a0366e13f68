import { TRANSCRIPT_SCHEMA, type Transcript } from '../../../shared/transcript';

/** Reads a transcript file; a malformed or foreign file gives a clear message and changes nothing. */
export function parseTranscriptFile(text: string): { transcript: Transcript } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'This file is not JSON, so it is not an SMTP Lens transcript.' };
  }
  const t = data as Partial<Transcript>;
  if (!t || typeof t !== 'object' || t.schema !== TRANSCRIPT_SCHEMA) {
    return { problem: `This JSON file is not an SMTP Lens transcript (expected "schema": "${TRANSCRIPT_SCHEMA}").` };
  }
  if (!Array.isArray(t.events) || !Array.isArray(t.findings) || !t.target || !t.outcome) {
    return { problem: 'This transcript is incomplete: it lacks events, findings, target or outcome.' };
  }
  return { transcript: t as Transcript };
}
