// Text made of many small pieces, as an export of a 100,000-event session is: a few pieces per
// event. Joined a few thousand at a time, the pieces die young; kept to one final join (or
// appended to one string), they all outlive several garbage collections, and copying them is
// then most of an export's time.
const CHUNK_PIECES = 4096;

export class ChunkedText {
  private pieces: string[] = [];
  private readonly chunks: string[] = [];

  add(piece: string): void {
    if (this.pieces.push(piece) >= CHUNK_PIECES) {
      this.chunks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  /** The pieces, in order, as a few long strings. The caller joins them once, with whatever
   * comes around them: one copy of the text, and one flat string for the secret guard to search
   * (a concatenation would first be copied into one). */
  parts(): string[] {
    if (this.pieces.length) this.chunks.push(this.pieces.join(''));
    this.pieces = [];
    return this.chunks;
  }
}
