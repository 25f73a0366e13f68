// The benches measure the CLI on the Node that package.json asks for (>= 22.19). Where this
// shell's node is older and .ci/node.sh has fetched Node 22 into .cache/, the run starts again
// under that one, so that numbers compare with CI's and with what users run. Imported first by
// run.mjs: nothing else has loaded yet when it re-executes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const oldNode = major < 22 || (major === 22 && minor < 19);
const cached = existsSync('.cache')
  ? readdirSync('.cache')
      .filter((d) => /^node-2[2-9]\./.test(d))
      .map((d) => path.resolve('.cache', d, 'bin', 'node'))
      .find((bin) => existsSync(bin))
  : undefined;

if (oldNode && cached && !process.env.SMTP_LENS_BENCH_REEXEC) {
  console.log(`bench: Node ${process.versions.node} is older than package.json asks; running under ${cached}`);
  const r = spawnSync(cached, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, SMTP_LENS_BENCH_REEXEC: '1' },
  });
  process.exit(r.status ?? 1);
}
console.log(`bench: Node ${process.versions.node}`);
