import type { CatalogEntry } from './catalog';

/** A catalog file's entries, with each id kept as its literal type: together the ids form the
 * closed union FindingId (catalog.ts), so a rule that names an id the catalog lacks does not
 * compile. */
export function defineFindings<const T extends readonly CatalogEntry[]>(entries: T): T {
  return entries;
}
