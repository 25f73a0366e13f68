// What several benches share: the practice server started as a user starts it, and the
// TypeScript modules a bench calls in-process, bundled once with esbuild.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const BENCH_CACHE = path.resolve('node_modules/.cache/smtp-lens-bench');

/** `smtp-lens lab --json` with these scenarios (all when empty); resolves with the child and
 * its --json table once printed. */
export function startLab(scenarios = []) {
  const base = 20_000 + Math.floor(Math.random() * 12_000);
  const args = [
    'bin/smtp-lens.js',
    'lab',
    '--json',
    '--base-port',
    String(base),
    ...scenarios.flatMap((s) => ['--scenario', s]),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`smtp-lens lab exited ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      try {
        resolve({ child, table: JSON.parse(out) });
      } catch {
        // not all of it yet
      }
    });
  });
}

/** Bundles `entry` (a path, or `{ contents }` of a TypeScript module) to BENCH_CACHE/NAME.mjs;
 * returns the file. */
export async function bundleForBench(entry, name) {
  const outfile = path.join(BENCH_CACHE, `${name}.mjs`);
  mkdirSync(BENCH_CACHE, { recursive: true });
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'ts' } }),
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** The bundle, imported fresh. */
export async function importForBench(entry, name) {
  return import(`${pathToFileURL(await bundleForBench(entry, name)).href}?${Date.now()}`);
}
