import { cutForDisplay, DISPLAY_LINE_LIMIT, displayText, untrustedParts } from '../../../shared/untrustedText';

/**
 * Text a server sent (or an opened file holds), for the window: each control or bidi
 * character as a visible escape in the `ctl` style, never obeyed and never dropped
 * (shared/untrustedText.ts), and very long lines cut for display; exports keep the full text.
 */
export function UntrustedText({ text, limit = DISPLAY_LINE_LIMIT }: { text: string; limit?: number }) {
  const { text: shown, omitted } = cutForDisplay(text, limit);
  return (
    <>
      {untrustedParts(shown).map((p, i) =>
        p.escaped ? (
          <span key={i} className="ctl" title="A control or bidi character the server sent, shown as its escape">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
      {omitted > 0 && (
        <span className="cut">
          {' '}
          … {omitted.toLocaleString('en')} more characters (the exported transcript has them all)
        </span>
      )}
    </>
  );
}

/** For attributes (title tooltips), which cannot hold markup. */
export function untrustedAttr(text: string): string {
  return displayText(cutForDisplay(text).text);
}
