// Each practice scenario as a running server. The catalog (shared/lab/) says what each one
// teaches; this file makes it behave that way. Ports, names and order come from the catalog.
import type { SMTPServerOptions } from 'smtp-server';
import { LAB_HOSTNAME } from '../../shared/lab/scenarioCatalog';
import { Greylist } from './greylist';
import { BareLfFrontEnd } from './bareLfFrontEnd';
import { BrokenExtensionsServer } from './brokenExtensionsServer';
import { StartTlsInjectionFrontEnd } from './injectionFrontEnd';
import { LabSmtpServer, type ConnectionPolicy } from './labSmtpServer';
import type { LeafName } from './pki';
import { PregreetServer } from './pregreetServer';
import {
  acceptsRecipient,
  baseOptions,
  ownDomainOnly,
  practiceAuth,
  relayDenied,
  requireTlsFirst,
  smtpError,
  starttlsNotImplemented,
  tlsOptions,
  type ScenarioContext,
} from './scenarioBehaviour';
import { smtpListener, type ScenarioListener } from './scenarioListener';

type Factory = (ctx: ScenarioContext) => ScenarioListener;

/** A submission server (RFC 6409): practice AUTH, relays for logged-in users only. */
function submission(
  name: string,
  ctx: ScenarioContext,
  leaf: LeafName = 'good',
  sendIntermediate = true,
): SMTPServerOptions {
  return {
    ...baseOptions(name, ctx),
    ...tlsOptions(ctx.pki, leaf, sendIntermediate),
    ...practiceAuth(),
    ...ownDomainOnly(),
  };
}

/** A receiving MX on port 25: STARTTLS offered, no AUTH, mail for lab.test only. */
function mx(name: string, ctx: ScenarioContext): SMTPServerOptions {
  return {
    ...baseOptions(name, ctx),
    ...tlsOptions(ctx.pki, 'good'),
    disabledCommands: ['AUTH'],
    authOptional: true,
    ...ownDomainOnly(),
  };
}

const smtp = (options: SMTPServerOptions, policy: ConnectionPolicy = {}) =>
  smtpListener(new LabSmtpServer(options, policy));

/** Postfix `smtpd_tls_auth_only = yes`: AUTH appears in the EHLO after STARTTLS only. */
const AUTH_AFTER_TLS: ConnectionPolicy = { authAfterTls: true };

/** STARTTLS, then a certificate with the flaw the scenario is named after. */
const brokenCertificate =
  (name: string, leaf: LeafName, sendIntermediate = true): Factory =>
  (ctx) =>
    smtp(submission(name, ctx, leaf, sendIntermediate), AUTH_AFTER_TLS);

function greylisting(ctx: ScenarioContext): ScenarioListener {
  const greylist = new Greylist(ctx.timing.greylistDelayMs, ctx.clock);
  return smtp({
    ...mx('greylisting', ctx),
    onRcptTo(address, session, callback) {
      if (!acceptsRecipient(address.address, Boolean(session.user))) return callback(relayDenied(address.address));
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      if (greylist.check(sender, address.address).pass) return callback();
      // The words a Postfix policy service's DEFER gets (RFC 6647 §2.1: a 4xx at RCPT TO).
      callback(smtpError(451, `4.7.1 <${address.address}>: Recipient address rejected: Greylisted, try again later`));
    },
  });
}

function startTlsInjection(ctx: ScenarioContext): ScenarioListener {
  const name = 'starttls-injection-vulnerable';
  const good = ctx.pki.leaves.good;
  const backend = { ...baseOptions(name, ctx), ...practiceAuth(), ...ownDomainOnly() };
  return new StartTlsInjectionFrontEnd(
    `SMTP Lens practice server (${name})`,
    LAB_HOSTNAME,
    { key: good.keyPem, cert: good.chainPem },
    backend,
  );
}

export const SCENARIO_FACTORIES: Record<string, Factory> = {
  'submission-ok': (ctx) => smtp(submission('submission-ok', ctx), AUTH_AFTER_TLS),
  // RFC 8314 §3.3: TLS from the first byte; smtp-server's `secure` does the handshake first.
  'implicit-tls-ok': (ctx) => smtp({ ...submission('implicit-tls-ok', ctx), secure: true }),
  'relay-denied': (ctx) => smtp(mx('relay-denied', ctx)),
  'auth-fails': (ctx) =>
    smtp(
      {
        ...submission('auth-fails', ctx),
        onAuth: (_auth, _session, callback) =>
          callback(smtpError(535, '5.7.8 Error: authentication failed: authentication failure')),
      },
      AUTH_AFTER_TLS,
    ),
  'tls-required': (ctx) => smtp(submission('tls-required', ctx), { authAfterTls: true, intercept: requireTlsFirst }),
  // No certificate at all. AUTH is offered in clear, as Postfix does with SASL on and its
  // default `smtpd_tls_auth_only = no`: the misconfiguration RFC 4954 §4 warns about.
  'no-starttls': (ctx) =>
    smtp(
      {
        ...baseOptions('no-starttls', ctx),
        ...practiceAuth(),
        ...ownDomainOnly(),
        hideSTARTTLS: true,
        allowInsecureAuth: true,
      },
      { intercept: starttlsNotImplemented },
    ),
  'missing-intermediate': brokenCertificate('missing-intermediate', 'good', false),
  'hostname-mismatch': brokenCertificate('hostname-mismatch', 'wrongName'),
  'expired-cert': brokenCertificate('expired-cert', 'expired'),
  'self-signed': brokenCertificate('self-signed', 'selfSigned'),
  greylisting,
  // A tarpit: smtp-server sends its greeting when onConnect calls back. Early talkers get
  // smtp-server's "421 ... You talk too soon" (RFC 5321 §4.3.1: the client waits for 220).
  'slow-banner': (ctx) =>
    smtp({
      ...mx('slow-banner', ctx),
      onConnect: (_session, callback) => void setTimeout(() => callback(), ctx.timing.bannerDelayMs).unref(),
    }),
  pregreet: (ctx) => smtpListener(new PregreetServer(mx('pregreet', ctx), ctx.timing.pregreetWaitMs)),
  // The same listener as implicit-tls-ok; the mistake is serving it where STARTTLS is expected.
  'implicit-tls-on-587-mistake': (ctx) => smtp({ ...submission('implicit-tls-on-587-mistake', ctx), secure: true }),
  'starttls-injection-vulnerable': startTlsInjection,
  // An old Postfix on 25 with smtpd_forbid_bare_newline = no: plain text, mail for lab.test.
  'smuggling-vulnerable': (ctx) => new BareLfFrontEnd({ ...mx('smuggling-vulnerable', ctx) }),
  'broken-extensions': () => new BrokenExtensionsServer('SMTP Lens practice server (broken-extensions)'),
};
