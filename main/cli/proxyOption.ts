import * as z from 'zod';
import { parseProxyUrl } from '../../shared/proxyUrl';
import { cliLabel, connectionFields, requestProblem } from '../../shared/sessionRequest';
import type { KnownSecret } from '../../shared/export/secretGuard';
import { readSecret } from './secretInput';
import { UsageError } from './usage';

/** The proxy's password, as the AUTH password is read: from an environment variable the user
 * names, or at a prompt that does not echo it; never from the command line, where `ps` and the
 * shell history would show it. SOCKS4's user id has no password. */
export async function withProxySecret(
  proxy: { url: string; secret?: string },
  envVar: string | undefined,
): Promise<{ url: string; secret?: string }> {
  const parsed = parseProxyUrl(proxy.url);
  if ('problem' in parsed) return proxy;
  if (!parsed.user) {
    if (envVar !== undefined) throw new UsageError('--proxy-pass-env needs a user in the --proxy URL (USER@HOST)');
    return proxy;
  }
  if (parsed.kind.startsWith('socks4')) return proxy;
  if (envVar !== undefined) {
    const secret = process.env[envVar];
    if (!secret) throw new UsageError(`--proxy-pass-env: the environment variable ${envVar} is not set or empty`);
    return { ...proxy, secret };
  }
  if (!process.stdin.isTTY)
    throw new UsageError(
      '--proxy names a user: give its password with --proxy-pass-env VAR (it is never read from the URL)',
    );
  return { ...proxy, secret: await readSecret(`Proxy password for ${parsed.user}@${parsed.host}: `) };
}

/** Every secret this run holds, for the export guard: the AUTH password and the proxy's. */
export function exportSecrets(options: {
  auth?: { user: string; secret: string };
  proxy?: { url: string; secret?: string };
}): KnownSecret[] {
  const found: KnownSecret[] = [];
  if (options.auth?.secret) found.push({ user: options.auth.user, secret: options.auth.secret });
  if (options.proxy?.secret) found.push({ secret: options.proxy.secret });
  return found;
}

const routeSchema = z.strictObject({ bind: connectionFields.bind, proxy: connectionFields.proxy });

/** --bind, --proxy and the proxy's password for the commands that take them beside `probe`
 * (sweep, domain), checked by the same schema and in the same words. */
export async function routeOptions(values: {
  bind?: string | undefined;
  proxy?: string | undefined;
  'proxy-pass-env'?: string | undefined;
}): Promise<{ bind?: string; proxy?: { url: string; secret?: string } }> {
  const checked = routeSchema.safeParse({
    ...(values.bind ? { bind: values.bind } : {}),
    ...(values.proxy ? { proxy: { url: values.proxy } } : {}),
  });
  if (!checked.success) throw new UsageError(requestProblem(checked.error, cliLabel));
  const { bind, proxy } = checked.data;
  if (values['proxy-pass-env'] !== undefined && !proxy) throw new UsageError('--proxy-pass-env needs --proxy');
  return {
    ...(bind ? { bind } : {}),
    ...(proxy ? { proxy: await withProxySecret(proxy, values['proxy-pass-env']) } : {}),
  };
}
