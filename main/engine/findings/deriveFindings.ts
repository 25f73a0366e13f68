import { findingText } from '../../../shared/findings/catalog';
import type { Finding, Severity } from '../../../shared/transcript';
import { networkRules } from './networkRules';
import { replyRules } from './replyRules';
import { EventIndex } from './eventIndex';
import type { RawFinding, Rule, RuleInput } from './rule';
import { ehloRules, framingRules, greetingRules, noteRules } from './sessionRules';
import { tlsAuditRules } from './tlsAuditRules';
import { tlsRules } from './tlsRules';

const RULES: Rule[] = [
  networkRules,
  noteRules,
  greetingRules,
  ehloRules,
  tlsRules,
  tlsAuditRules,
  replyRules,
  framingRules,
];
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A rule's finding in the catalog's words. The domain view words its own findings here too. */
export function materialize(raw: RawFinding): Finding {
  const text = findingText(raw.id, raw.vars ?? {}, raw.variant, raw.notes);
  const advice = raw.vars?.advice;
  return {
    id: raw.id,
    severity: raw.severity ?? text.severity,
    title: text.title,
    explanation: text.explanation,
    fix: advice ? `${text.fix} ${advice}` : text.fix,
    refs: text.refs,
    event: raw.event,
  };
}

/** Runs every rule over the events and words the results from the catalog, so the CLI, the
 * UI and the exports say exactly the same thing. Each id is reported once per event. A
 * session that grows passes its own `index`, already extended with its events (then this
 * costs nothing more). */
export function deriveFindings(input: RuleInput, index?: EventIndex): Finding[] {
  const indexed = { ...input, index: (index ?? new EventIndex()).extend(input.events) };
  const seen = new Set<string>();
  const raws = RULES.flatMap((rule) => rule(indexed)).filter((raw) => {
    // The same id at the same step is one finding, unless it is about another certificate
    // (a leaf and an intermediate can both be expired).
    const key = `${raw.id}@${raw.event}@${raw.vars?.subject ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return raws
    .map(materialize)
    .sort(
      (a, b) =>
        (a.event ?? Infinity) - (b.event ?? Infinity) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
    );
}
