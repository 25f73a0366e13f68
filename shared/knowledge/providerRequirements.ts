// What the servers a client is usually pointed at require of it, as their owners publish it.
// Each requirement names its source. The listener checks a client session against them and
// says which provider would refuse the client, and why (client.provider-refusal).
export interface ClientConduct {
  /** The newest TLS version offered, and whether it is older than TLS 1.2; null: no TLS tried. */
  tls: { outdated: boolean; newest: string } | null;
  /** TLS was established with the client. */
  tlsUp: boolean;
  /** AUTH was sent before TLS, with this mechanism. */
  authInPlain: string | null;
  loggedIn: boolean;
  mailSent: boolean;
  /** RFC 5322 §3.6 headers the message lacked. */
  missingHeaders: string[];
}

export interface Requirement {
  /** The requirement, as the provider states it. */
  text: string;
  /** What this client did that breaks it, or null when it complies (or it was not tested). */
  broken(c: ClientConduct): string | null;
}

export interface Provider {
  name: string;
  endpoint: string;
  source: string;
  requirements: Requirement[];
}

const TLS12: Requirement = {
  text: 'TLS 1.2 or later',
  broken: (c) => (c.tls?.outdated ? `offers nothing newer than ${c.tls.newest}` : null),
};
const TLS_BEFORE_AUTH: Requirement = {
  text: 'STARTTLS before logging in',
  broken: (c) => (c.authInPlain ? `sent AUTH ${c.authInPlain} before TLS` : null),
};
const TLS_REQUIRED: Requirement = {
  text: 'TLS before anything is sent',
  broken: (c) => (c.mailSent && !c.tlsUp ? 'sent its mail without TLS' : null),
};
const LOGIN_REQUIRED: Requirement = {
  text: 'a login (SMTP AUTH) before MAIL FROM',
  broken: (c) => (c.mailSent && !c.loggedIn ? 'sent MAIL FROM without logging in' : null),
};

export const PROVIDERS: readonly Provider[] = [
  {
    name: 'Microsoft 365',
    endpoint: 'smtp.office365.com:587',
    source:
      'Microsoft Learn, "How to set up a multifunction device or application to send email using Microsoft 365 or Office 365" (SMTP AUTH client submission: port 587, STARTTLS, TLS 1.2 or later, a licensed mailbox login)',
    requirements: [TLS12, TLS_REQUIRED, TLS_BEFORE_AUTH, LOGIN_REQUIRED],
  },
  {
    name: 'Gmail / Google Workspace',
    endpoint: 'smtp.gmail.com:587',
    source:
      'Google Workspace Admin Help, "Send email from a printer, scanner, or app" (smtp.gmail.com, port 587 with TLS or 465 with SSL, a full account login); Google, "Email sender guidelines" (messages formatted per RFC 5322)',
    requirements: [
      TLS_REQUIRED,
      TLS_BEFORE_AUTH,
      LOGIN_REQUIRED,
      {
        text: 'messages formatted per RFC 5322 (Date, From and Message-ID headers)',
        broken: (c) => (c.missingHeaders.length ? `sent a message without ${c.missingHeaders.join(', ')}` : null),
      },
    ],
  },
  {
    name: 'Postfix 3.9',
    endpoint: "Debian's submission service, port 587",
    source:
      "Debian's postfix package, the submission service of master.cf (smtpd_tls_security_level=encrypt, smtpd_tls_auth_only=yes); postconf(5)",
    requirements: [TLS_REQUIRED, TLS_BEFORE_AUTH],
  },
];

/** Each provider that would refuse this client, with what it requires and what the client did. */
export function providerRefusals(c: ClientConduct): { provider: Provider; broken: { text: string; did: string }[] }[] {
  return PROVIDERS.flatMap((provider) => {
    const broken = provider.requirements.flatMap((r) => {
      const did = r.broken(c);
      return did ? [{ text: r.text, did }] : [];
    });
    return broken.length ? [{ provider, broken }] : [];
  });
}
