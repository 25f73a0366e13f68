import { defineConfig } from 'vitest/config';
import { PassFailReporter } from './test/helpers/passFailReporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', new PassFailReporter()],
    globalSetup: ['./test/helpers/buildArtifacts.ts', './test/helpers/historySandbox.ts'],
    pool: 'forks',
  },
});
