import { performance } from 'node:perf_hooks';
import type { TranscriptEvent } from '../../shared/transcript';

/** An event as a step describes it; the recorder stamps the time. */
export type EventInput = TranscriptEvent extends infer E ? (E extends TranscriptEvent ? Omit<E, 't'> : never) : never;

export type EventListener = (event: TranscriptEvent, index: number) => void;

/** The append-only event log of one session. Every face (CLI, UI, exports) reads from here,
 * so whatever happens to the session afterwards, what was recorded stays recorded. */
export class Recorder {
  readonly startedAt = new Date();
  readonly events: TranscriptEvent[] = [];
  private readonly t0 = performance.now();
  private readonly listeners = new Set<EventListener>();

  record(input: EventInput): number {
    const t = Math.round((performance.now() - this.t0) * 10) / 10;
    const event = { t, ...input } as TranscriptEvent;
    const index = this.events.push(event) - 1;
    for (const listener of this.listeners) listener(event, index);
    return index;
  }

  /** Subscribe to new events; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
