import { createHmac } from 'node:crypto';
import { REDACTED } from '../../shared/transcript';
import type { AuthMechanism, Credentials } from './sessionOptions';

/** A line to put on the wire, and the line the transcript records instead. The raw line
 * never leaves this pair: secrets are redacted where the event is created. */
export interface WireLine {
  raw: string;
  logged: string;
  redacted: boolean;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const secretLine = (raw: string): WireLine => ({ raw, logged: REDACTED, redacted: true });

export interface AuthDialogue {
  mechanism: AuthMechanism;
  first: WireLine;
  /** The answer to a 334 challenge (its base64 text), or null to give up. */
  answer(challenge: string, round: number): WireLine;
}

/** Every form a secret could take on the wire, so tests and exporters can check none leaked. */
export function secretForms(creds: Credentials): string[] {
  const { user, secret } = creds;
  return [
    secret,
    b64(secret),
    b64(`\0${user}\0${secret}`),
    b64(`user=${user}\x01auth=Bearer ${secret}\x01\x01`),
  ].filter((s) => s.length >= 4);
}

export function authDialogue(creds: Credentials, mechanism: AuthMechanism): AuthDialogue {
  const { user, secret } = creds;
  switch (mechanism) {
    case 'PLAIN': {
      // RFC 4616 §2: [authzid] NUL authcid NUL passwd, sent as the initial response (RFC 4954 §4).
      const response = b64(`\0${user}\0${secret}`);
      return {
        mechanism,
        first: { raw: `AUTH PLAIN ${response}`, logged: `AUTH PLAIN ${REDACTED}`, redacted: true },
        // A server that ignores initial responses sends an empty 334; answer it again.
        answer: () => secretLine(response),
      };
    }
    case 'LOGIN':
      // draft-murchison-sasl-login: the server asks "Username:" then "Password:".
      return {
        mechanism,
        first: { raw: 'AUTH LOGIN', logged: 'AUTH LOGIN', redacted: false },
        answer: (challenge, round) => {
          const prompt = Buffer.from(challenge, 'base64').toString('utf8');
          const wantsUser = /user/i.test(prompt) || (!/pass/i.test(prompt) && round === 0);
          return secretLine(b64(wantsUser ? user : secret));
        },
      };
    case 'CRAM-MD5':
      // RFC 2195 §2: username SP hex(HMAC-MD5(password, challenge)).
      return {
        mechanism,
        first: { raw: 'AUTH CRAM-MD5', logged: 'AUTH CRAM-MD5', redacted: false },
        answer: (challenge) => {
          const digest = createHmac('md5', secret).update(Buffer.from(challenge, 'base64')).digest('hex');
          return secretLine(b64(`${user} ${digest}`));
        },
      };
    case 'XOAUTH2': {
      // Google's XOAUTH2: on failure the server sends a 334 with a JSON error, and the client
      // answers with an empty line to receive the final 535.
      const response = b64(`user=${user}\x01auth=Bearer ${secret}\x01\x01`);
      return {
        mechanism,
        first: { raw: `AUTH XOAUTH2 ${response}`, logged: `AUTH XOAUTH2 ${REDACTED}`, redacted: true },
        answer: () => ({ raw: '', logged: '', redacted: false }),
      };
    }
  }
}

/** Picks a mechanism the server offers, preferring the user's choice, then PLAIN (simplest,
 * and safe inside TLS), LOGIN, CRAM-MD5. XOAUTH2 needs a token, so only when asked for. */
export function chooseMechanism(offered: string[], wanted?: AuthMechanism): AuthMechanism | null {
  if (wanted) return offered.includes(wanted) ? wanted : null;
  return (['PLAIN', 'LOGIN', 'CRAM-MD5'] as const).find((m) => offered.includes(m)) ?? null;
}

/**
 * For lines typed by hand: the text to record instead of a line that carries credentials.
 * `inAuth` is true after a 334 challenge, when every line is a SASL response (RFC 4954 §4).
 */
export function redactTypedLine(line: string, inAuth: boolean): WireLine {
  if (inAuth) return line === '*' ? { raw: line, logged: line, redacted: false } : secretLine(line);
  const m = /^(AUTH\s+\S+)\s+(\S.*)$/i.exec(line);
  if (m) return { raw: line, logged: `${m[1]} ${REDACTED}`, redacted: true };
  return { raw: line, logged: line, redacted: false };
}
