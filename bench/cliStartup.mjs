// `smtp-lens --version` against a bare `node -e 0`, run alternately so both see the same
// machine load. Reports medians and the ratio (the CLI start path stays light).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const peer = [process.execPath, ['-e', '0']];
const ours = [process.execPath, ['bin/smtp-lens.js', '--version']];

function time([cmd, args]) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - start;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchCliStartup() {
  time(peer);
  time(ours); // warm the file cache
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(time(peer));
    b.push(time(ours));
  }
  const [node, lens] = [median(a), median(b)];
  return {
    name: 'cli --version vs node -e 0',
    peer: `${node.toFixed(1)} ms`,
    ours: `${lens.toFixed(1)} ms`,
    ratio: lens / node,
    limit: 1.5,
  };
}
