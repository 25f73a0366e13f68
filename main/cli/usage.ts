import { readFileSync } from 'node:fs';
/** A mistake in how the command was called: one line on stderr and exit code 2 (docs/ARCHITECTURE.md, CLI). */
export class UsageError extends Error {}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export function parsePort(value: string | undefined, option = '--port'): number {
  const port = Number(value);
  if (!value || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`${option} must be a whole number from 1 to 65535, not "${value ?? ''}"`);
  }
  return port;
}

export function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  const match = choices.find((c) => c.toLowerCase() === lower);
  if (!match) throw new UsageError(`${option} must be one of ${choices.join(', ')}, not "${value}"`);
  return match;
}

export function parsePositiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${option} must be a positive whole number of milliseconds, not "${value}"`);
  return n;
}

/** A file an option names (--ca, --data), or a usage error that says which and why. */
export function readOptionFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
