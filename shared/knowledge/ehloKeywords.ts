// EHLO keywords: each line after the first in a 250 reply to EHLO names one service extension
// the server supports, with optional parameters (RFC 5321 §4.1.1.1). Keywords are
// case-insensitive. Extensions are registered with IANA ("SMTP Service Extensions"); names
// starting with X are private to one product.

// SASL mechanisms a server may list after the AUTH keyword (RFC 4954 §3), and whether each
// one keeps the secret away from someone who can read an unencrypted connection.
export interface AuthMechanismInfo {
  mechanism: string;
  meaning: string;
  /** What it does with the secret, in a few words, for the list of mechanisms a server offers. */
  brief: string;
  /**
   * True when the password or token itself is not readable by a passive eavesdropper.
   * Even then, everything else in the session (addresses, the message) is readable without TLS.
   */
  safeInClear: boolean;
  ref: string | null;
}

type MechEntry = Omit<AuthMechanismInfo, 'mechanism'>;

const SCRAM: MechEntry = {
  brief: 'salted challenge-response: the password is not sent',

  meaning:
    'Salted challenge-response: the password never crosses the wire and the server proves it knows it too. ' +
    'Someone who records an unencrypted exchange can still try to guess a weak password offline, so use TLS anyway.',
  safeInClear: true,
  ref: 'RFC 5802',
};

const SCRAM_PLUS: MechEntry = {
  ...SCRAM,
  brief: 'salted challenge-response bound to the TLS channel: the password is not sent',
  meaning: `${SCRAM.meaning} The -PLUS form also binds the login to the TLS channel, which defeats a man in the middle; it only works inside TLS.`,
};

export const AUTH_MECHANISMS: Readonly<Record<string, MechEntry>> = {
  PLAIN: {
    brief: 'user name and password in base64, an encoding anyone can undo (not encryption): readable without TLS',

    meaning:
      'User name and password sent in one base64 string. Base64 is an encoding, not encryption: anyone who can read the connection reads the password.',
    safeInClear: false,
    ref: 'RFC 4616',
  },
  LOGIN: {
    brief: 'the same base64 as PLAIN, in two prompts: readable without TLS',

    meaning:
      'User name and password sent one after the other in base64, after "Username:" and "Password:" prompts. Never standardised; as exposed as PLAIN.',
    safeInClear: false,
    ref: 'draft-murchison-sasl-login',
  },
  'CRAM-MD5': {
    brief: 'the password is not sent, but a recorded exchange can be cracked offline',

    meaning:
      'Challenge-response with HMAC-MD5: the password is not sent, but a recorded exchange lets an attacker guess it offline, the user name is visible, ' +
      'and the server has to store a password equivalent. Outdated; only acceptable inside TLS.',
    safeInClear: false,
    ref: 'RFC 2195',
  },
  'DIGEST-MD5': {
    brief: 'an MD5 challenge-response now declared Historic',

    meaning:
      'An older MD5 challenge-response mechanism, moved to Historic because of design and security problems. Do not rely on it.',
    safeInClear: false,
    ref: 'RFC 6331',
  },
  XOAUTH2: {
    brief: 'an OAuth access token, as good as a password until it expires: readable without TLS',

    meaning:
      'Google and Microsoft OAuth 2.0 login: the client sends an access token instead of a password. The token works like a password until it expires, so it must only travel inside TLS.',
    safeInClear: false,
    ref: 'Google/Microsoft XOAUTH2 documentation',
  },
  OAUTHBEARER: {
    brief: 'a bearer token, reusable by whoever reads it: readable without TLS',

    meaning:
      'The standard form of OAuth 2.0 login: the client sends a bearer access token. Whoever reads the token can reuse it, so TLS is required.',
    safeInClear: false,
    ref: 'RFC 7628',
  },
  'SCRAM-SHA-1': SCRAM,
  'SCRAM-SHA-1-PLUS': SCRAM_PLUS,
  'SCRAM-SHA-256': { ...SCRAM, ref: 'RFC 7677' },
  'SCRAM-SHA-256-PLUS': { ...SCRAM_PLUS, ref: 'RFC 7677' },
  GSSAPI: {
    brief: 'a Kerberos ticket; no password is sent',

    meaning:
      'Kerberos login (typical inside an Active Directory or Kerberos realm): the client shows a ticket; no password crosses the wire.',
    safeInClear: true,
    ref: 'RFC 4752',
  },
  NTLM: {
    brief: 'Microsoft challenge-response: no password is sent, but it can be cracked offline or relayed',

    meaning:
      'Microsoft challenge-response login (Exchange). The password is not sent, but the exchange can be cracked offline or relayed to another server, ' +
      'and Microsoft is phasing NTLM out. Only inside TLS, and prefer something else.',
    safeInClear: false,
    ref: 'MS-SMTPNTLM',
  },
  EXTERNAL: {
    brief: 'the identity from the TLS client certificate; no secret is sent',

    meaning:
      'Log in with an identity already established outside SMTP, normally the TLS client certificate. No secret is sent in the AUTH exchange.',
    safeInClear: true,
    ref: 'RFC 4422 Appendix A',
  },
  ANONYMOUS: {
    brief: 'no credentials at all',

    meaning:
      'No credentials at all: the client only gives optional trace text. It proves nothing about who is sending.',
    safeInClear: true,
    ref: 'RFC 4505',
  },
};

/** What a SASL mechanism name means. Unknown names get a neutral answer with ref null. */
export function describeAuthMechanism(mech: string): AuthMechanismInfo {
  const mechanism = mech.trim().toUpperCase();
  const known = AUTH_MECHANISMS[mechanism];
  if (known) return { mechanism, ...known };
  return {
    mechanism,
    meaning:
      'A SASL mechanism SMTP Lens does not know. Treat it as unsafe without TLS until you know how it protects the password.',
    brief: 'not known to SMTP Lens: treat it as unsafe without TLS',
    safeInClear: false,
    ref: null,
  };
}

export interface EhloKeywordInfo {
  meaning: string;
  ref: string | null;
  /** Extra sentence built from the parameters, e.g. the size limit in megabytes. */
  describeParams?: (params: string[]) => string | null;
}

export interface EhloKeywordDescription {
  keyword: string;
  params: string[];
  meaning: string;
  ref: string | null;
}

function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const mb = bytes / 1_000_000;
  return `${bytes.toLocaleString('en-US')} bytes (about ${mib >= 10 ? mib.toFixed(0) : mib.toFixed(1)} MiB, ${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB)`;
}

function describeSize(params: string[]): string | null {
  if (params.length === 0)
    return 'No number was given, so the server announces no fixed limit here (it may still refuse a message that is too big).';
  const n = Number(params[0]);
  if (!/^\d+$/.test(params[0]) || !Number.isSafeInteger(n))
    return `The parameter "${params[0]}" is not a number, which breaks RFC 1870.`;
  if (n === 0) return 'SIZE 0 means the server sets no fixed maximum.';
  // base64 turns 3 bytes into 4 and adds a line break every 76 characters: about x1.37.
  const attachments = Math.floor(n / 1.37);
  return (
    `The largest message it accepts is ${formatSize(n)}. The limit counts the message as sent, after encoding: ` +
    `attachments grow by about a third in base64, so about ${formatSize(attachments)} of attachments fit.`
  );
}

function describeAuth(params: string[]): string | null {
  if (params.length === 0) return 'No mechanism was listed, which is a server misconfiguration.';
  const parts = params.map((p) => {
    const m = describeAuthMechanism(p);
    return `${m.mechanism}: ${m.brief}`;
  });
  return `Mechanisms offered: ${parts.join('; ')}.`;
}

const AUTH_INFO: EhloKeywordInfo = {
  meaning:
    'The server accepts logins (SMTP AUTH); the parameters are the SASL mechanisms it offers. Submission servers (587, 465) offer it; ' +
    'MX servers on port 25 usually do not. Many servers list it only after STARTTLS.',
  ref: 'RFC 4954 §3',
  describeParams: describeAuth,
};

export const EHLO_KEYWORDS: Readonly<Record<string, EhloKeywordInfo>> = {
  PIPELINING: {
    meaning:
      'The client may send several commands (MAIL, RCPT...) in one go without waiting for each reply, which saves round trips. Commands that change state, such as EHLO, DATA and STARTTLS, must still end a batch, and the server must answer every command in order. ' +
      'SMTP Lens sends MAIL, every RCPT and DATA in one write where it is offered, as MTAs do (--no-pipelining sends them one at a time).',
    ref: 'RFC 2920',
  },
  SIZE: {
    meaning:
      'The server declares the largest message it will accept, in bytes, and lets the client state the size with MAIL FROM:<...> SIZE=n, so a message that is too big is refused at MAIL, before it is uploaded. SMTP Lens always declares it where SIZE is offered.',
    ref: 'RFC 1870',
    describeParams: describeSize,
  },
  STARTTLS: {
    meaning:
      'The connection can be upgraded to TLS with the STARTTLS command. After the handshake the client must forget this list and send EHLO again, because anything learned in plaintext may have been forged.',
    ref: 'RFC 3207 §4.2',
  },
  AUTH: AUTH_INFO,
  'AUTH=': {
    meaning:
      'The same list as AUTH, written in the pre-standard "AUTH=" form that some old clients (Outlook Express, old Netscape) understood. Servers repeat it for them; new clients ignore it.',
    ref: 'RFC 4954 §3',
    describeParams: describeAuth,
  },
  ENHANCEDSTATUSCODES: {
    meaning:
      'Replies carry an enhanced status code such as 5.7.1 after the reply code, which says more precisely what happened.',
    ref: 'RFC 2034',
  },
  '8BITMIME': {
    meaning:
      'The server accepts message bodies with 8-bit characters (MAIL FROM:<...> BODY=8BITMIME), so no conversion to 7-bit is needed. Without it a client must not send 8-bit data at all; SMTP Lens then does not start the transaction.',
    ref: 'RFC 6152',
  },
  DSN: {
    meaning:
      'Delivery status notifications: the client can ask for success, delay or failure reports per recipient (NOTIFY, RET, ENVID, ORCPT). SMTP Lens sends them with --notify, --ret, --envid and --orcpt, and says so when a server without DSN made it leave them off.',
    ref: 'RFC 3461',
  },
  SMTPUTF8: {
    meaning:
      'Internationalised email: addresses and headers may contain UTF-8 (for example non-Latin user names), announced by MAIL FROM:<...> SMTPUTF8. A UTF-8 address must never go to a server without it; SMTP Lens then stops before MAIL and gives the A-label form of the domain.',
    ref: 'RFC 6531',
  },
  UTF8SMTP: {
    meaning: 'The experimental forerunner of SMTPUTF8. Obsolete; servers should now say SMTPUTF8.',
    ref: 'RFC 5336',
  },
  CHUNKING: {
    meaning:
      'The client may send the message with BDAT in chunks of known size instead of DATA, with no dot-stuffing or end-of-data line, so any bytes pass (Exchange takes bare LF line ends only this way). Exchange and Microsoft 365 use it whenever it is offered; SMTP Lens does with --bdat.',
    ref: 'RFC 3030',
  },
  BINARYMIME: {
    meaning:
      'The server accepts raw binary MIME bodies (BODY=BINARYMIME). It works only with CHUNKING, because binary data cannot be sent with DATA.',
    ref: 'RFC 3030',
  },
  ETRN: {
    meaning:
      'A client can ask this server to start delivering the mail it holds for a domain, used by sites that are only online now and then.',
    ref: 'RFC 1985',
  },
  ATRN: {
    meaning:
      'Authenticated TURN for On-Demand Mail Relay: after logging in, the roles swap and the server delivers queued mail over the same connection.',
    ref: 'RFC 2645',
  },
  TURN: {
    meaning:
      "The old role-swap command. It let anyone collect another domain's mail, so RFC 2821 removed it; a server advertising it is dangerously out of date.",
    ref: 'RFC 5321 Appendix F.1',
  },
  VRFY: {
    meaning:
      'VRFY asks whether an address exists. Many servers disable it (Postfix disable_vrfy_command) or answer 252 for everything, so spammers cannot harvest addresses.',
    ref: 'RFC 5321 §4.1.1.6',
  },
  EXPN: {
    meaning:
      'EXPN asks for the members of a mailing list. It reveals addresses, so it is normally switched off on public servers.',
    ref: 'RFC 5321 §4.1.1.7',
  },
  HELP: { meaning: 'The server answers HELP with text for a human.', ref: 'RFC 5321 §4.1.1.8' },
  REQUIRETLS: {
    meaning:
      'The server honours MAIL FROM:<...> REQUIRETLS: every server on the way must pass the message on only over TLS with a verified certificate (checked against MTA-STS or DANE), or bounce it; it never falls back to plain text. ' +
      'It guarantees the path, not the mailbox: the message is stored as it is. SMTP Lens sends it with --requiretls, and only over verified TLS to a server that offers it.',
    ref: 'RFC 8689',
  },
  DELIVERBY: {
    meaning:
      'The client can give a deadline (BY=) after which the message should be returned or reported rather than delivered late. The parameter is the shortest deadline accepted, in seconds.',
    ref: 'RFC 2852',
  },
  'MT-PRIORITY': {
    meaning:
      'Messages can carry a priority (MT-PRIORITY=-9 to 9) that servers use when queues are busy. The parameter names the priority policy in use.',
    ref: 'RFC 6710',
  },
  LIMITS: {
    meaning:
      'The server announces its limits up front, for example RCPTMAX (recipients per message), MAILMAX (messages per session) and RCPTDOMAINMAX (domains per message), so clients can split work instead of being refused.',
    ref: 'RFC 9422',
  },
  'NO-SOLICITING': {
    meaning:
      'The server lists keywords for kinds of unsolicited mail it does not want; a sender can check these before sending.',
    ref: 'RFC 3865',
  },
  MTRK: { meaning: 'Message tracking: the client can later ask where a message went.', ref: 'RFC 3885' },
  FUTURERELEASE: {
    meaning:
      'The client can ask the server to hold a message and release it later. The parameters are the longest hold, in seconds, and the latest allowed date.',
    ref: 'RFC 4865',
  },
  CONNEG: {
    meaning: 'Content negotiation for Internet fax: the server can report what content the recipient can handle.',
    ref: 'RFC 4141',
  },
  SUBMITTER: {
    meaning:
      'The client can name the party responsible for sending (SUBMITTER=), which helps Sender ID style checks. Rarely used.',
    ref: 'RFC 4405',
  },
  BURL: {
    meaning:
      'The client can ask the submission server to fetch the message from an IMAP URL instead of uploading it again.',
    ref: 'RFC 4468',
  },
  RRVS: {
    meaning:
      'The client can say "deliver only if this mailbox has had the same owner since date X", so mail does not reach a recycled address.',
    ref: 'RFC 7293',
  },
  CHECKPOINT: {
    meaning:
      'Checkpoint/restart: an interrupted DATA transfer can resume instead of starting again. Experimental and rare.',
    ref: 'RFC 1845',
  },
  VERB: {
    meaning:
      'Sendmail: verbose mode, the server reports delivery details during the session. Usually disabled on public servers.',
    ref: null,
  },
  ONEX: { meaning: 'Sendmail: "one message per connection"; the client promises to send only one message.', ref: null },
  XCLIENT: {
    meaning:
      'Postfix: a trusted proxy or test tool can tell the server the real client name, address and HELO. Only hosts in smtpd_authorized_xclient_hosts may use it.',
    ref: null,
  },
  XFORWARD: {
    meaning:
      "Postfix: a content filter can pass on the original client's name and address so logs and checks see the real sender host. Limited to smtpd_authorized_xforward_hosts.",
    ref: null,
  },
  'X-EXPS': {
    meaning:
      'Exchange: server-to-server authentication between Exchange servers (usually GSSAPI or NTLM). Not meant for mail clients.',
    ref: null,
  },
  'X-LINK2STATE': {
    meaning:
      'Exchange: link-state routing information exchanged between old Exchange 2000/2003 servers. Harmless; it only matters inside an Exchange organisation.',
    ref: null,
  },
  XEXCH50: {
    meaning:
      'Exchange: carries Exchange-specific message properties between Exchange servers (an Exchange 2003 legacy).',
    ref: null,
  },
  'X-ANONYMOUSTLS': {
    meaning: 'Exchange: TLS between Exchange servers using their own (often self-signed) certificates.',
    ref: null,
  },
  XSHADOW: {
    meaning: 'Exchange: shadow redundancy, the sending server keeps a copy until delivery is confirmed.',
    ref: null,
  },
  XOORG: { meaning: 'Exchange: the sending server can name the organisation the message came from.', ref: null },
};

/**
 * Describe one EHLO reply line such as "250-SIZE 52428800" or "AUTH PLAIN LOGIN".
 * The reply code and separator are optional. Unknown keywords get a generic meaning.
 */
export function describeEhloKeyword(line: string): EhloKeywordDescription {
  const text = line.replace(/^\d{3}[ -]?/, '').trim();
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let keyword = (tokens[0] ?? '').toUpperCase();
  let params = tokens.slice(1);
  // Old form "AUTH=LOGIN PLAIN": the first mechanism is glued to the keyword.
  const eq = keyword.indexOf('=');
  if (eq !== -1 && keyword.startsWith('AUTH=')) {
    const first = tokens[0].slice(eq + 1);
    params = first ? [first, ...params] : params;
    keyword = 'AUTH=';
  }
  const info = EHLO_KEYWORDS[keyword];
  if (info) {
    const extra = info.describeParams?.(params) ?? null;
    return { keyword, params, meaning: extra ? `${info.meaning} ${extra}` : info.meaning, ref: info.ref };
  }
  if (keyword === '') return { keyword, params, meaning: 'An empty line in the EHLO reply.', ref: null };
  if (keyword.startsWith('X')) {
    return {
      keyword,
      params,
      meaning:
        'A private extension of one product (names starting with X are not standardised). Clients that do not know it ignore it.',
      ref: 'RFC 5321 §4.1.5',
    };
  }
  return {
    keyword,
    params,
    meaning: 'An extension SMTP Lens does not know. Clients ignore keywords they do not understand.',
    ref: null,
  };
}
