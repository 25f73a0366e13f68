// Small wording helpers shared by the recommendation and the pattern callouts.

/** "25", "25 and 587", "25, 465 and 587". */
export function listWords(items: readonly (string | number)[], conjunction = 'and'): string {
  const words = items.map(String);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

/** "port 25" or "ports 465 and 587". */
export function portWords(ports: readonly number[], conjunction = 'and'): string {
  return `${ports.length === 1 ? 'port' : 'ports'} ${listWords(ports, conjunction)}`;
}

/** Sentence case for a phrase that starts a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
