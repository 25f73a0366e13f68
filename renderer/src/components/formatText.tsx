import { Fragment } from 'react';
import { UntrustedText } from './UntrustedText';

/** The catalog is shared with the CLI, so it names command-line options; in the window the
 * same advice points at the form's fields. */
const OPTION_WORDS: [RegExp, string][] = [
  [/--servername(?: NAME)?/g, '"Name to verify (SNI)"'],
  [/--ca(?: FILE)?\b/g, '"Extra trusted CA"'],
  [/--auth-user(?: \S+)?/g, 'the "User" field'],
  [/--allow-plaintext-auth/g, '"send credentials even without TLS"'],
  [/--allow-unverified-auth/g, '"send credentials even when the certificate fails"'],
  [/--fetch-intermediate/g, '"download the missing certificate from its AIA address"'],
  [/--tls implicit/g, 'TLS "implicit"'],
  [/--tls starttls/g, 'TLS "STARTTLS"'],
];

export function inFormWords(text: string): string {
  return OPTION_WORDS.reduce((t, [re, words]) => t.replace(re, words), text);
}

/** Our own line breaks stay line breaks; anything else unusual inside a line is escaped. */
function Lines({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, i) => (
        <Fragment key={i}>
          {i > 0 && '\n'}
          <UntrustedText text={line} />
        </Fragment>
      ))}
    </>
  );
}

function Inline({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i}>
            <Lines text={part} />
          </code>
        ) : (
          <Lines key={i} text={part} />
        ),
      )}
    </>
  );
}

/** Catalog texts mark configuration snippets with `backticks` (shown as code), and indent
 * aligned tables (the EHLO lists side by side) by two spaces (shown in a monospace block). */
export function FormattedText({ text }: { text: string }) {
  const blocks: { table: boolean; lines: string[] }[] = [];
  for (const line of inFormWords(text).split('\n')) {
    const table = line.startsWith('  ');
    const last = blocks.at(-1);
    if (last && last.table === table) last.lines.push(table ? line.slice(2) : line);
    else blocks.push({ table, lines: [table ? line.slice(2) : line] });
  }
  return (
    <>
      {blocks.map((b, i) =>
        b.table ? (
          <pre key={i} className="text-table">
            <Lines text={b.lines.join('\n')} />
          </pre>
        ) : (
          <Fragment key={i}>
            <Inline text={b.lines.join('\n')} />
          </Fragment>
        ),
      )}
    </>
  );
}
