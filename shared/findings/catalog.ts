// The findings catalog: for every finding id (DESIGN.md "Finding ids"), the words every face of
// SMTP Lens shows: title, explanation, fix and RFC references. The engine decides *that* a
// finding applies and supplies the values for {placeholders}; the words live only here, so
// the CLI, the UI and the exports always say the same thing.
//
// The entries are split by area into catalogConnection.ts (network, ports, greeting, TLS) and
// catalogSession.ts (AUTH, envelope and policy, security probes).

import type { Severity } from '../transcript';
import { CONNECTION_FINDINGS } from './catalogConnection';
import { SESSION_FINDINGS } from './catalogSession';

export interface FindingText {
  title: string;
  explanation: string;
  fix: string;
}

export interface CatalogEntry extends FindingText {
  id: string;
  /** Default severity; the engine may lower it by context. */
  severity: Severity;
  /** e.g. ['RFC 5321 §3.6.2'] */
  refs: string[];
  /** Placeholders the engine supplies, used as {name} inside title/explanation/fix. */
  vars: string[];
  /** Context-specific wording the engine picks by key; unspecified fields fall back to the entry's. */
  variants?: Record<string, Partial<FindingText> & { severity?: Severity }>;
}

export const FINDINGS: Record<string, CatalogEntry> = Object.fromEntries(
  [...CONNECTION_FINDINGS, ...SESSION_FINDINGS].map((entry) => [entry.id, entry]),
);

/** Matches a {placeholder}. Exported so tests check texts with the same rule the filler uses. */
export const PLACEHOLDER_RE = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Every placeholder name used in a text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]);
}

function fill(text: string, vars: Record<string, string>): string {
  const filled = text.replace(PLACEHOLDER_RE, (_all, name: string) => {
    const value = vars[name];
    return typeof value === 'string' ? value : '';
  });
  // A missing value must not leave the sentence broken: drop the empty quotes or brackets it
  // leaves behind and the doubled spaces.
  return filled
    .replace(/\s*\(\s*\)/g, '')
    .replace(/\s*""/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/ ([.,;:])/g, '$1')
    .trim();
}

/**
 * The text of a finding with its placeholders filled in. A variant key picks context-specific
 * wording; fields the variant does not set come from the entry. Placeholders without a value
 * are replaced by nothing (the text stays readable). An unknown id yields a neutral text that
 * names the id, so a missing catalog entry never crashes an export.
 */
export function findingText(
  id: string,
  vars: Record<string, string>,
  variant?: string,
): FindingText & { severity: Severity; refs: string[] } {
  const entry = FINDINGS[id];
  if (!entry) {
    return { title: id, explanation: 'SMTP Lens has no description for this finding yet.', fix: '', severity: 'warning', refs: [] };
  }
  const v = variant !== undefined ? entry.variants?.[variant] : undefined;
  return {
    title: fill(v?.title ?? entry.title, vars),
    explanation: fill(v?.explanation ?? entry.explanation, vars),
    fix: fill(v?.fix ?? entry.fix, vars),
    severity: v?.severity ?? entry.severity,
    refs: [...entry.refs],
  };
}
