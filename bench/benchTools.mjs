// What several benches share: the practice server started as a user starts it, and the
// TypeScript modules a bench calls in-process, bundled once with esbuild.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import packet from 'dns-packet';
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

/** A DNS server on 127.0.0.1 answering MX and A for each domain of `domains` ({ name: [{ host,
 * address }] }); an empty NOERROR for every other question. */
export function startDns(domains) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let q;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const answers = [];
    if (question.type === 'MX' && domains[name])
      for (const [i, h] of domains[name].entries())
        answers.push({ name, type: 'MX', ttl: 60, data: { preference: 10 + i, exchange: h.host } });
    const host = Object.values(domains)
      .flat()
      .find((h) => h.host === name);
    if (question.type === 'A' && host) answers.push({ name, type: 'A', ttl: 60, data: host.address });
    const reply = packet.encode({
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: q.questions,
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

/** `smtp-lens web` with these environment variables; resolves with its URL once printed. */
export function startWeb(env = {}) {
  const child = spawn(process.execPath, ['bin/smtp-lens.js', 'web'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out)?.[0];
      if (url) resolve({ url, stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`smtp-lens web exited (${code})`)));
  });
}
