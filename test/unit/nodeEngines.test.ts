// `npm ci` must not warn that a package needs another Node: the Node this package asks for
// ("engines" in package.json) satisfies every installed package's own "engines".
import { existsSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };

describe('the Node version the toolchain asks for', () => {
  it('satisfies the "engines" of every package in the lock file', () => {
    const lowest = semver.minVersion(pkg.engines.node);
    expect(lowest?.version).toBe('22.19.0');
    const refused = Object.entries(lock.packages)
      // Installed packages only: an optional one for another platform (a wasm32 binding) is
      // skipped by npm, engines and all.
      .filter(([path]) => path !== '' && existsSync(path))
      .flatMap(([path, entry]) => {
        const wanted = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        if (!wanted || !lowest || semver.satisfies(lowest, wanted, { includePrerelease: true })) return [];
        return [`${path.replace(/^.*node_modules\//, '')} wants node ${wanted}`];
      });
    expect(refused).toEqual([]);
  });

  it('is the Node .ci/run fetches when the machine has an older one', () => {
    const ci = readFileSync('.ci/node.sh', 'utf8');
    const fetched = /^NODE_WANTED=(\S+)$/m.exec(ci)?.[1];
    expect(fetched && semver.satisfies(fetched, pkg.engines.node)).toBe(true);
  });
});
