import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every test run with one line, "N passed, N failed", which CI and people grep for.
 * A test file that cannot even load, and an unhandled error, count as failures: a broken
 * file must never look like a smaller green run. Skipped tests (a system component missing
 * outside CI) are listed with their reason on the line before, never counted as passed.
 */
export class PassFailReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    const skipped: string[] = [];
    for (const mod of modules) {
      let cases = 0;
      for (const test of mod.children.allTests()) {
        cases++;
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped') skipped.push(`${test.fullName}${result.note ? ` — ${result.note}` : ''}`);
      }
      // A file that failed outside its tests (it did not load, or a beforeAll threw) is a
      // failure even though its tests only show as skipped.
      const ownTestsFailed = [...mod.children.allTests()].some((t) => t.result().state === 'failed');
      if (mod.state() === 'failed' && (cases === 0 || !ownTestsFailed)) failed++;
    }
    if (skipped.length) {
      // Grouped by reason: forty tests waiting for the same missing Postfix are one line.
      const byReason = new Map<string, string[]>();
      for (const entry of skipped) {
        const [name, reason = '(no reason given)'] = entry.split(' — ');
        byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
      }
      const lines = [...byReason].map(([reason, names]) =>
        names.length === 1 ? `  - ${names[0]} — ${reason}` : `  - ${names.length} tests (${names[0]}, …) — ${reason}`,
      );
      process.stdout.write(`\n${skipped.length} did not run:\n${lines.join('\n')}\n`);
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
