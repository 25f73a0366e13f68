/**
 * Greylisting as RFC 6647 describes it: the first attempt for a (client, sender, recipient)
 * triplet is refused with a temporary error; a retry after the delay passes, and from then
 * on the triplet is known. A retry that comes too early is refused again without resetting
 * the clock, as postgrey does. On loopback every client is 127.0.0.1, so the lab keys on
 * sender and recipient only.
 */
export interface GreylistVerdict {
  pass: boolean;
  /** How long until a retry would pass (0 when it passes). */
  retryInMs: number;
}

export class Greylist {
  /** Triplet key → time it was first seen. Insertion order is age order, for eviction. */
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly now: () => number = Date.now,
    /** Bound on remembered pairs, so a client inventing addresses cannot grow it without end. */
    private readonly capacity = 10_000,
  ) {}

  check(sender: string, recipient: string): GreylistVerdict {
    const key = `${sender.toLowerCase()}\u0000${recipient.toLowerCase()}`;
    const now = this.now();
    const seen = this.firstSeen.get(key);
    if (seen === undefined) {
      this.remember(key, now);
      return { pass: false, retryInMs: this.delayMs };
    }
    const waited = now - seen;
    return waited >= this.delayMs ? { pass: true, retryInMs: 0 } : { pass: false, retryInMs: this.delayMs - waited };
  }

  get size(): number {
    return this.firstSeen.size;
  }

  private remember(key: string, at: number): void {
    if (this.firstSeen.size >= this.capacity) {
      const oldest = this.firstSeen.keys().next().value;
      if (oldest !== undefined) this.firstSeen.delete(oldest);
    }
    this.firstSeen.set(key, at);
  }
}
