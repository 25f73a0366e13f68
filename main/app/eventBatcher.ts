import type { TranscriptEvent } from '../../shared/transcript';

/** ~one frame: the renderer gets at most 60 batches a second however fast the server talks. */
export const BATCH_INTERVAL_MS = 16;
/** A batch never grows past this, so one huge burst cannot stall the bridge. */
export const BATCH_MAX_EVENTS = 2000;

/** Collects events and hands them on in batches as Hyper's DataBatcher does: one message per frame, not one per event. */
export class EventBatcher {
  private pending: TranscriptEvent[] = [];
  private from = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deliver: (from: number, events: TranscriptEvent[]) => void) {}

  push(event: TranscriptEvent, index: number): void {
    if (!this.pending.length) this.from = index;
    this.pending.push(event);
    if (this.pending.length >= BATCH_MAX_EVENTS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const events = this.pending;
    this.pending = [];
    this.deliver(this.from, events);
  }
}
