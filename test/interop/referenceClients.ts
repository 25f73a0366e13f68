// The tools admins already trust, run against the same Postfix port as SMTP Lens, so the
// suite can show where they agree and where SMTP Lens says more: swaks (Debian 12 ships
// 20201014.0) and `openssl s_client` (OpenSSL 3.0).
import { requireOpenssl, requireSwaks, runTool, SWAKS, type ToolRun } from '../helpers/externalTool';
import type { PostfixInstance, Scenario } from './postfixInstance';

export type { ToolRun };

export const run = (command: string, args: string[], stdin = '', timeoutMs = 20_000): Promise<ToolRun> =>
  runTool(command, args, { stdin, timeoutMs });
export { requireOpenssl, requireSwaks };

/**
 * swaks against one scenario port with the settings an admin would use to check a server:
 * certificate verification on, our root CA, SNI. Exit codes (swaks(1) "EXIT CODES"): 0 ok,
 * 23 error after MAIL, 24 no recipient accepted, 28 AUTH failed, 29 TLS failed.
 */
export function swaks(pf: PostfixInstance, scenario: Scenario, extra: string[]): Promise<ToolRun> {
  return run(SWAKS, [
    '--server',
    '127.0.0.1',
    '--port',
    String(pf.ports[scenario]),
    '--helo',
    'client.example',
    '--tls-verify',
    '--tls-ca-path',
    pf.caPath,
    '--tls-sni',
    pf.servername,
    '--timeout',
    '10',
    ...extra,
  ]);
}

/** `openssl s_client` as the strict reference: it checks the chain and the name
 * (-verify_hostname) and stops at the first failure (-verify_return_error). */
export function sClient(pf: PostfixInstance, scenario: Scenario, extra: string[]): Promise<ToolRun> {
  return run(
    'openssl',
    [
      's_client',
      '-connect',
      `127.0.0.1:${pf.ports[scenario]}`,
      '-CAfile',
      pf.caPath,
      '-servername',
      pf.servername,
      '-verify_hostname',
      pf.servername,
      '-verify_return_error',
      '-brief',
      ...extra,
    ],
    'QUIT\r\n',
  );
}

/** swaks prints server lines as "<-  " (clear), "<~  " (inside TLS), and "<** " or "<~* " for
 * a reply it did not expect; the reply text follows. */
export function swaksReplies(r: ToolRun): string[] {
  return r.lines.flatMap((l) => {
    const m = /^<[-~*][* ] +(\d{3}[ -].*)$/.exec(l);
    return m ? [m[1]] : [];
  });
}

/** openssl's verdict line: "verify error:num=62:hostname mismatch", or null when it verified. */
export function sClientVerifyError(r: ToolRun): string | null {
  return /^verify error:(.+)$/m.exec(r.out)?.[1] ?? null;
}
