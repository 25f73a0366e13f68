// The findings catalog: for every finding id (docs/ARCHITECTURE.md, "Finding ids"), the words every face of
// SMTP Lens shows: title, explanation, fix and RFC references. The engine decides *that* a
// finding applies and supplies the values for {placeholders}; the words live only here, so
// the CLI, the UI and the exports always say the same thing.
//
// The entries are split by area into catalogConnection.ts (network, ports, greeting, TLS),
// catalogAuth.ts (AUTH), catalogSession.ts (envelope and policy, security probes) and
// catalogClient.ts (the client side, for `smtp-lens listen`).
// catalogConnectionVariants.ts adds context wording to some connection entries, and
// catalogNotes.ts holds context sentences any finding can carry.

import type { Severity } from '../transcript';
import { AUTH_FINDINGS } from './catalogAuth';
import { CLIENT_FINDINGS } from './catalogClient';
import { CONNECTION_FINDINGS } from './catalogConnection';
import { CONNECTION_VARIANTS } from './catalogConnectionVariants';
import { CONTEXT_NOTES } from './catalogNotes';
import { DOMAIN_FINDINGS } from './catalogDomain';
import { EXTENSION_FINDINGS } from './catalogExtensions';
import { REACH_FINDINGS } from './catalogReach';
import { SENDER_FINDINGS } from './catalogSender';
import { SESSION_FINDINGS } from './catalogSession';
import { TLS_AUDIT_FINDINGS } from './catalogTlsAudit';

export interface FindingText {
  title: string;
  explanation: string;
  fix: string;
}

/** Context-specific wording; fields it does not set fall back to the entry's. */
export type VariantText = Partial<FindingText> & { severity?: Severity };

export interface CatalogEntry extends FindingText {
  id: string;
  /** Default severity; the engine may lower it by context. */
  severity: Severity;
  /** e.g. ['RFC 5321 §3.6.2'] */
  refs: string[];
  /** Placeholders the engine supplies, used as {name} inside title/explanation/fix. */
  vars: string[];
  /** Context-specific wording the engine picks by key; unspecified fields fall back to the entry's. */
  variants?: Record<string, VariantText>;
}

/** An entry with the variants another file adds to it; the entry's own variants win. */
function withExtension(entry: CatalogEntry): CatalogEntry {
  const ext = CONNECTION_VARIANTS[entry.id];
  if (!ext) return entry;
  return {
    ...entry,
    vars: [...new Set([...entry.vars, ...ext.vars])],
    variants: { ...ext.variants, ...entry.variants },
  };
}

const ENTRIES = [
  ...CONNECTION_FINDINGS,
  ...TLS_AUDIT_FINDINGS,
  ...REACH_FINDINGS,
  ...EXTENSION_FINDINGS,
  ...AUTH_FINDINGS,
  ...SESSION_FINDINGS,
  ...DOMAIN_FINDINGS,
  ...SENDER_FINDINGS,
  ...CLIENT_FINDINGS,
];

/** Every finding id the catalog words: a closed union, so a typo in a rule does not compile. */
export type FindingId = (typeof ENTRIES)[number]['id'];

export const FINDINGS: Record<string, CatalogEntry> = Object.fromEntries(
  ENTRIES.map((entry) => [entry.id, withExtension(entry)]),
);

/** Matches a {placeholder}. Exported so tests check texts with the same rule the filler uses. */
export const PLACEHOLDER_RE = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Every placeholder name used in a text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]);
}

/** A line that starts with two spaces is preformatted (a table such as the EHLO lists side
 * by side): every face shows it as it is, without re-wrapping or squeezing spaces. */
export function isPreformatted(line: string): boolean {
  return line.startsWith('  ');
}

function fill(text: string, vars: Record<string, string>): string {
  const filled = text.replace(PLACEHOLDER_RE, (_all, name: string) => {
    const value = vars[name];
    return typeof value === 'string' ? value : '';
  });
  // A missing value must not leave the sentence broken: drop the empty quotes or brackets it
  // leaves behind and the doubled spaces. Preformatted lines keep their spacing.
  return filled
    .split('\n')
    .map((line) =>
      isPreformatted(line)
        ? line.trimEnd()
        : line
            .replace(/\s*\(\s*\)/g, '')
            .replace(/\s*""/g, '')
            .replace(/ {2,}/g, ' ')
            .replace(/ ([.,;:])/g, '$1')
            .trim(),
    )
    .join('\n')
    .trim();
}

/**
 * The text of a finding with its placeholders filled in. A variant key picks context-specific
 * wording; fields the variant does not set come from the entry. Context notes (keys of
 * CONTEXT_NOTES) are added to the explanation, each on a line of its own. Placeholders
 * without a value are replaced by nothing (the text stays readable). An unknown id yields a
 * neutral text that names the id, so a missing catalog entry never crashes an export.
 */
export function findingText(
  id: string,
  vars: Record<string, string>,
  variant?: string,
  notes: readonly string[] = [],
): FindingText & { severity: Severity; refs: string[] } {
  const entry = FINDINGS[id];
  if (!entry) {
    return {
      title: id,
      explanation: 'SMTP Lens has no description for this finding yet.',
      fix: '',
      severity: 'warning',
      refs: [],
    };
  }
  const v = variant !== undefined ? entry.variants?.[variant] : undefined;
  const noteTexts = notes.flatMap((key) => (CONTEXT_NOTES[key] ? [CONTEXT_NOTES[key].text] : []));
  return {
    title: fill(v?.title ?? entry.title, vars),
    explanation: fill([v?.explanation ?? entry.explanation, ...noteTexts].join('\n'), vars),
    fix: fill(v?.fix ?? entry.fix, vars),
    severity: v?.severity ?? entry.severity,
    refs: [...entry.refs],
  };
}
