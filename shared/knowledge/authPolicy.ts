// When SMTP Lens will not send credentials: on a connection anyone could read, or over TLS
// whose certificate did not verify (an interceptor would get them). One rule for the engine,
// which withholds them, and the terminal, which then does not ask for them.

export type AuthWithheld = 'plaintext' | 'unverified';

export interface AuthConnection {
  tlsActive: boolean;
  /** The certificate verified. Without a recorded verdict it counts as not verified. */
  verified: boolean;
  allowPlaintextAuth?: boolean;
  allowUnverifiedAuth?: boolean;
}

/** Why credentials must not go out on this connection, or null when they may. Fails closed. */
export function authWithheld(c: AuthConnection): AuthWithheld | null {
  if (!c.tlsActive) return c.allowPlaintextAuth ? null : 'plaintext';
  return c.verified || c.allowUnverifiedAuth ? null : 'unverified';
}

/** The reason, to follow "Credentials were not sent:" or "Not asking for credentials:". */
export const WITHHELD_BECAUSE: Record<AuthWithheld, string> = {
  plaintext: 'the connection is not encrypted, so anyone on the path could read them',
  unverified: "the server's certificate failed verification, so the connection could be intercepted",
};
