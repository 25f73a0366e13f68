import { Fragment } from 'react';

/** The catalog is shared with the CLI, so it names command-line options; in the window the
 * same advice points at the form's fields. */
const OPTION_WORDS: [RegExp, string][] = [
  [/--servername(?: NAME)?/g, '"Name to verify (SNI)"'],
  [/--ca(?: FILE)?\b/g, '"Extra trusted CA"'],
  [/--auth-user(?: \S+)?/g, 'the "User" field'],
  [/--allow-plaintext-auth/g, '"send credentials even without TLS"'],
  [/--allow-unverified-auth/g, '"send credentials even when the certificate fails"'],
  [/--tls implicit/g, 'TLS "implicit"'],
  [/--tls starttls/g, 'TLS "STARTTLS"'],
];

export function inFormWords(text: string): string {
  return OPTION_WORDS.reduce((t, [re, words]) => t.replace(re, words), text);
}

/** Catalog texts mark configuration snippets with `backticks`; show them as code. */
export function FormattedText({ text }: { text: string }) {
  const parts = inFormWords(text).split('`');
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
