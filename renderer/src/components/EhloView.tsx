import { describeEhloKeyword } from '../../../shared/knowledge/ehloKeywords';
import { ehloLists, type EhloReply } from '../../../shared/sessionFacts';
import type { TranscriptEvent } from '../../../shared/transcript';
import { UntrustedText } from './UntrustedText';

function Column({
  title,
  side,
  list,
  other,
}: {
  title: string;
  side: 'before' | 'after';
  list: EhloReply | null;
  other: EhloReply | null;
}) {
  const otherKeywords = new Set((other?.capabilities ?? []).map((c) => c.toUpperCase()));
  return (
    <section className="ehlo-column">
      <h3>{title}</h3>
      {!list ? (
        <p className="muted">No EHLO reply here.</p>
      ) : (
        <dl>
          {list.capabilities.map((cap) => {
            const d = describeEhloKeyword(cap);
            const changed = other && !otherKeywords.has(cap.toUpperCase());
            return (
              <div key={cap} className={changed ? 'cap changed' : 'cap'} data-testid="ehlo-capability">
                <dt>
                  <code>
                    <UntrustedText text={cap} />
                  </code>
                  {changed && <span className="tag">{side === 'after' ? 'new after TLS' : 'gone after TLS'}</span>}
                </dt>
                <dd>
                  {d.meaning} {d.ref && <span className="muted">({d.ref})</span>}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}

/** The server's capabilities before and after TLS, side by side (RFC 3207 §4.2: after
 * STARTTLS the client asks again, and the answer may differ — AUTH often appears only then). */
export function EhloView({ events }: { events: readonly TranscriptEvent[] }) {
  const { beforeTls, afterTls } = ehloLists(events);
  if (!beforeTls && !afterTls) {
    return (
      <div className="ehlo-view empty-state" data-testid="ehlo-view">
        <h2>No capabilities yet</h2>
        <p>
          After EHLO, the server lists the extensions it supports. They appear here, each explained, before and after
          TLS.
        </p>
      </div>
    );
  }
  return (
    <section
      className="ehlo-view"
      data-testid="ehlo-view"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the lists scroll when the explanations are long, and a scrolling area must take the focus to be scrolled from the keyboard (WCAG 2.1.1)
      tabIndex={0}
      aria-label="Capabilities, before and after TLS"
    >
      <h2 className="sr-only">Capabilities, before and after TLS</h2>
      <Column title="Before TLS" side="before" list={beforeTls} other={afterTls} />
      <Column title="After TLS" side="after" list={afterTls} other={beforeTls} />
    </section>
  );
}
