import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LabService } from '../app/labService';
import { startWebServer } from '../web';
import { WEB_HELP } from './help';
import { EXIT, UsageError, parsePort } from './usage';

/** Where the built renderer lives, relative to the bundled CLI (dist/cli/ → out/renderer/). */
export function rendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer', import.meta.url));
}

/** `smtp-lens web`: the app's UI in a browser, on 127.0.0.1 with a per-run token. */
export async function webCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(WEB_HELP);
    return EXIT.ok;
  }
  const dir = rendererDir();
  if (!existsSync(`${dir}/index.html`))
    throw new UsageError('the UI is not built yet: run "npm run build:web" (npm ci does it too)');
  const port = values.port ? parsePort(values.port) : undefined;
  const lab = new LabService();
  await lab.ensure();
  const server = await startWebServer({ rendererDir: dir, lab, ...(port ? { port } : {}) }).catch(
    async (err: NodeJS.ErrnoException) => {
      await lab.close();
      if (err.code === 'EADDRINUSE')
        throw new UsageError(
          `port ${port} on 127.0.0.1 is already in use: choose another --port, or leave it out to get a free one`,
        );
      if (err.code === 'EACCES')
        throw new UsageError(
          `port ${port} on 127.0.0.1 needs privileges this user does not have: choose a port above 1023`,
        );
      throw err;
    },
  );
  process.stdout.write(
    `SMTP Lens is running. Open this address in a browser on this machine:\n\n  ${server.url}\n\n` +
      'The address carries a secret token, which the page keeps in memory and removes from the address bar:\n' +
      'to open the app again (or in another tab), use this address again. Only 127.0.0.1 can connect. Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await lab.close();
  return EXIT.ok;
}
