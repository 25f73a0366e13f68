/** ANSI colours for terminals; identity functions for files and exports. */
export interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  /** A control character the server sent, shown as its visible escape (reverse video). */
  ctl(s: string): string;
}

const ansi = (code: number, reset: number) => (s: string) => `\x1b[${code}m${s}\x1b[${reset}m`;
const plain = (s: string) => s;

export function paletteFor(color: boolean): Palette {
  if (!color) return { red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain, ctl: plain };
  return {
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
    ctl: ansi(7, 27),
  };
}
