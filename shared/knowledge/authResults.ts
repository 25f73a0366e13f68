// The authentication results a bounce quotes, read in words. Receivers quote them in the
// refusal ("dmarc=fail (p=reject)", RFC 8601 §2.2 method=result pairs) or, as Microsoft does,
// capitalised with commas ("Spf=Pass, Dkim=Fail, DMARC=Fail") or with colons in its
// anti-spam headers ("SPF:Fail"). Only the first result of each method is read.
export type AuthMethod = 'spf' | 'dkim' | 'dmarc' | 'arc' | 'compauth';

export interface AuthResult {
  method: AuthMethod;
  /** As quoted, lower-cased: pass, fail, softfail, neutral, none, temperror, permerror… */
  result: string;
  /** What it means for this bounce, in a sentence. */
  words: string;
}

const QUOTED =
  /\b(spf|dkim|dmarc|arc|compauth)\s*[=:]\s*(pass|fail|softfail|neutral|none|temperror|permerror|policy|bestguesspass|hardfail)\b/gi;

const WORDS: Record<AuthMethod, Record<string, string>> = {
  spf: {
    pass: "SPF passed: the sending server's IP address is allowed by the sender domain's SPF record.",
    fail: "SPF failed: the sender domain's SPF record does not allow the sending server's IP address (add it, or send through a server it lists).",
    hardfail:
      "SPF failed: the sender domain's SPF record does not allow the sending server's IP address (add it, or send through a server it lists).",
    softfail:
      'SPF soft-failed (~all): the IP address is not listed, and the domain asks receivers to be suspicious rather than refuse.',
    neutral: 'SPF neutral (?all): the sender domain says nothing about this IP address.',
    none: 'No SPF record: the sender domain does not say which servers may send for it; many receivers now require one.',
    temperror: 'SPF could not be checked (a DNS timeout at the receiver); it usually clears on retry.',
    permerror:
      'The SPF record is broken (a syntax error, or more than 10 DNS lookups, RFC 7208 §4.6.4): receivers treat it as a failure.',
  },
  dkim: {
    pass: 'DKIM passed: the message carries a valid signature.',
    fail: 'DKIM failed: the signature does not verify (the message was changed in transit, or the public key in DNS does not match).',
    none: 'No DKIM signature: the sending server does not sign; sign with a key published under the sender domain.',
    neutral: 'DKIM neutral: a signature was there but could not be evaluated.',
    policy:
      "DKIM policy: the signature was valid but not acceptable to the receiver's policy (a weak key, a signed header missing).",
    temperror: 'DKIM could not be checked (a DNS problem fetching the key); it usually clears on retry.',
    permerror: 'DKIM permanent error: the key in DNS is missing or malformed.',
  },
  dmarc: {
    pass: 'DMARC passed: SPF or DKIM passed for a domain aligned with the From: address.',
    fail: "DMARC failed: neither SPF nor DKIM passed for a domain aligned with the From: address, so the domain's policy applied (RFC 7489 §6.6).",
    bestguesspass:
      'DMARC best-guess pass: the domain publishes no DMARC record, but the receiver judged it would have passed.',
    none: 'No DMARC record for the From: domain.',
    temperror: 'DMARC could not be checked (a DNS problem at the receiver).',
    permerror: "The From: domain's DMARC record is broken.",
  },
  arc: {
    pass: 'ARC passed: the forwarding chain that vouches for the original authentication is intact.',
    fail: 'ARC failed: a forwarder broke the chain of custody (RFC 8617).',
    none: 'No ARC seal: the message was not forwarded through an ARC signer.',
  },
  compauth: {
    pass: "Microsoft's composite authentication passed.",
    fail: "Microsoft's composite authentication (compauth) failed: Microsoft judged the sender spoofed, from SPF, DKIM, DMARC and its own signals.",
    softpass: "Microsoft's composite authentication soft-passed.",
    none: "Microsoft's composite authentication gave no verdict.",
  },
};

export function authResultsIn(text: string): AuthResult[] {
  const seen = new Map<AuthMethod, AuthResult>();
  for (const m of text.slice(0, 64 << 10).matchAll(QUOTED)) {
    const method = m[1].toLowerCase() as AuthMethod;
    const result = m[2].toLowerCase();
    if (seen.has(method)) continue;
    seen.set(method, { method, result, words: WORDS[method][result] ?? `${method.toUpperCase()} ${result}.` });
  }
  return [...seen.values()];
}

/** The sender's domain the receiver judged, where the text names it: RFC 8601's header.from
 * and smtp.mailfrom, or Microsoft's "sending domain [EXAMPLE.COM]". Lower-cased. */
export function senderDomainIn(text: string): string | null {
  const t = text.slice(0, 64 << 10);
  const d =
    /\bheader\.from=([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(t)?.[1] ??
    /\bsmtp\.mailfrom=(?:[^@\s;]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(t)?.[1] ??
    /\bsending domain \[?([A-Za-z0-9.-]+\.[A-Za-z]{2,})\]?/i.exec(t)?.[1];
  return d ? d.toLowerCase() : null;
}
