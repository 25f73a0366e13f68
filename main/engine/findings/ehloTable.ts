import type { EhloLists } from '../../../shared/sessionFacts';

/** Longest cell of the left column; longer capability lines are cut with "…". */
const MAX_LEFT = 34;
const ABSENT = '—';

const keywordOf = (capability: string) => capability.toUpperCase().split(/[ =]/)[0];
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The EHLO capability lists before and after TLS in two columns, one row per keyword, so a
 * trainee sees at once what TLS changed (RFC 3207 §4.2: the client forgets the first list and
 * asks again). Every line starts with two spaces: the catalog treats such lines as
 * preformatted. Empty when there was no EHLO list at all (a HELO session).
 */
export function ehloSideBySide(lists: EhloLists): string {
  const before = lists.beforeTls?.capabilities ?? [];
  const after = lists.afterTls?.capabilities ?? null;
  if (!lists.beforeTls && !after) return '';
  const find = (list: readonly string[], key: string) => list.find((cap) => keywordOf(cap) === key);
  const keys = [...new Set([...before, ...(after ?? [])].map(keywordOf))];
  const rows = keys.map((key) => {
    const left = find(before, key);
    const right = after ? find(after, key) : undefined;
    // Only additions are marked: STARTTLS disappearing after TLS is what RFC 3207 §4.2 requires.
    const mark = after && !left && right ? '  ← only after TLS' : '';
    return [lists.beforeTls ? clip(left ?? ABSENT, MAX_LEFT) : '', after ? `${right ?? ABSENT}${mark}` : ''];
  });
  const header = [
    lists.beforeTls ? 'EHLO before TLS' : 'EHLO before TLS: none (TLS from the start)',
    after ? 'EHLO after TLS' : 'EHLO after TLS: not seen (this session did not start TLS)',
  ];
  const width = Math.max(...[header, ...rows].map(([left]) => left.length)) + 3;
  return [header, ...rows].map(([left, right]) => `  ${left.padEnd(width)}${right}`.trimEnd()).join('\n');
}
