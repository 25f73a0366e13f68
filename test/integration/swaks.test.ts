// Other clients against the practice server (swaks, openssl s_client):
// the lab must be a real SMTP server, not something only SMTP Lens can talk to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { requireOpenssl, requireSwaks, runTool, SWAKS } from '../helpers/externalTool';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab({
    basePort: 0,
    scenarios: ['submission-ok', 'implicit-tls-ok', 'missing-intermediate', 'hostname-mismatch', 'self-signed'],
  });
});
afterAll(() => lab?.close());

const run = (command: string, args: string[], stdin = '') => runTool(command, args, { stdin });

const swaks = (scenario: string, extra: string[]) =>
  run(SWAKS, [
    '--server',
    '127.0.0.1',
    '--port',
    String(lab.portOf(scenario)),
    '--helo',
    'client.example',
    '--tls-verify',
    '--tls-ca-path',
    lab.rootCaPath,
    '--tls-sni',
    'mail.lab.test',
    ...extra,
  ]);

describe('swaks', () => {
  it('completes STARTTLS, AUTH and DATA against submission-ok, verifying the certificate with the lab root CA', async (ctx) => {
    requireSwaks(ctx);
    const before = lab.messages('submission-ok').length;
    const r = await swaks('submission-ok', [
      '--tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      LAB_USER,
      '--auth-password',
      LAB_PASSWORD,
      '--from',
      LAB_USER,
      '--to',
      'bob@lab.test',
      '--header',
      'Subject: sent by swaks',
      '--body',
      'Hello from swaks.',
    ]);
    expect(r.code, r.out).toBe(0);
    const lines = r.out.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    // swaks marks lines inside TLS with ~> and <~, like SMTP Lens.
    expect(at(/^<- +220 Ready to start TLS/)).toBeGreaterThan(0);
    expect(at(/^=== TLS started with cipher TLSv1\.[23]/)).toBeGreaterThan(at(/^<- +220 Ready to start TLS/));
    expect(at(/^<~ +250-AUTH PLAIN LOGIN CRAM-MD5/)).toBeGreaterThan(at(/^=== TLS started/));
    expect(at(/^<~ +235 Authentication successful/)).toBeGreaterThan(at(/^ ~> AUTH PLAIN/));
    expect(at(/^<~ +250 2\.0\.0 Ok: queued as \w+/)).toBeGreaterThan(at(/^ ~> DATA/));
    expect(
      lines.some((l) => /^<- +250-AUTH/.test(l)),
      'AUTH is not offered before TLS',
    ).toBe(false);
    const message = lab.messages('submission-ok').slice(before).at(-1);
    expect(message).toMatchObject({ from: LAB_USER, to: ['bob@lab.test'] });
    expect(message?.raw.toString('utf8')).toMatch(
      /^Date: .+\r\nTo: bob@lab\.test\r\nFrom: alice@lab\.test\r\nSubject: sent by swaks\r\n/,
    );
    expect(message?.raw.toString('utf8')).toContain('\r\nHello from swaks.\r\n');
  });

  it('refuses the self-signed scenario with the same settings: the verification is real', async (ctx) => {
    requireSwaks(ctx);
    const r = await swaks('self-signed', ['--tls', '--quit-after', 'TLS']);
    expect(r.out).toContain('certificate verify failed');
    expect(r.code).not.toBe(0);
  });
});

describe('openssl s_client', () => {
  const sClient = (scenario: string, extra: string[]) =>
    run(
      'openssl',
      [
        's_client',
        '-connect',
        `127.0.0.1:${lab.portOf(scenario)}`,
        '-CAfile',
        lab.rootCaPath,
        '-servername',
        'mail.lab.test',
        '-verify_hostname',
        'mail.lab.test',
        ...extra,
      ],
      'QUIT\r\n',
    );
  const verifyResult = (out: string) => /^ *Verify return code: (.+)$/m.exec(out)?.[1];

  it('verifies submission-ok (STARTTLS) and implicit-tls-ok with the lab root CA: Verify return code 0', async (ctx) => {
    requireOpenssl(ctx);
    const starttls = await sClient('submission-ok', ['-starttls', 'smtp']);
    expect(starttls.out).toMatch(/^depth=1 O = SMTP Lens, CN = SMTP Lens Test Intermediate CA$/m);
    expect(verifyResult(starttls.out)).toBe('0 (ok)');
    expect(verifyResult((await sClient('implicit-tls-ok', [])).out)).toBe('0 (ok)');
  });

  it('shows the broken scenarios the way admins meet them in openssl', async (ctx) => {
    requireOpenssl(ctx);
    expect(verifyResult((await sClient('missing-intermediate', ['-starttls', 'smtp'])).out)).toBe(
      '21 (unable to verify the first certificate)',
    );
    expect(verifyResult((await sClient('hostname-mismatch', ['-starttls', 'smtp'])).out)).toBe(
      '62 (hostname mismatch)',
    );
    expect(verifyResult((await sClient('self-signed', ['-starttls', 'smtp'])).out)).toBe(
      '18 (self-signed certificate)',
    );
  });
});
