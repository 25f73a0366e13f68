// Small pictures drawn as paths. Not emoji or symbol characters: many machines (servers,
// minimal Linux desktops, the CI image) have no font for 🔒 or ⚠, and a missing glyph is an
// empty box. Not <marker>/<use> either: those need ids, and ids collide when the app shows two
// diagrams, or the export inlines both into one page.
import type { Severity } from '../transcript';

const r = (n: number) => Math.round(n * 10) / 10;

/** A padlock 10 wide and 12 high with its top-left corner at (x, y). */
export function lockPath(x: number, y: number): string {
  return (
    `M${r(x)} ${r(y + 5)}h10v7h-10z` +
    // The shackle: an outer arch and an inner arch, joined into one filled band.
    `M${r(x + 1.8)} ${r(y + 5)}v-1.6a3.2 3.2 0 0 1 6.4 0v1.6h-1.6v-1.6a1.6 1.6 0 0 0 -3.2 0v1.6z`
  );
}

/** An arrowhead whose tip is at (x2, y2), pointing along the line from (x1, y1). */
export function arrowHead(x1: number, y1: number, x2: number, y2: number, length = 9, halfWidth = 4.2): string {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const bx = x2 - ux * length;
  const by = y2 - uy * length;
  return `M${r(x2)} ${r(y2)}L${r(bx - uy * halfWidth)} ${r(by + ux * halfWidth)}L${r(bx + uy * halfWidth)} ${r(by - ux * halfWidth)}z`;
}

/** A severity icon about 10 across, centred on (cx, cy). The shape differs by severity as
 * well as the colour, for readers who cannot tell red from amber: an octagon (stop) for an
 * error, a triangle for a warning, a circle for information. */
export function severityPath(severity: Severity, cx: number, cy: number): string {
  if (severity === 'warning')
    return `M${r(cx)} ${r(cy - 5.5)}L${r(cx + 5.5)} ${r(cy + 4.5)}L${r(cx - 5.5)} ${r(cy + 4.5)}z`;
  if (severity === 'info') return `M${r(cx - 5)} ${r(cy)}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0z`;
  const a = 2.1;
  const b = 5;
  return `M${r(cx - a)} ${r(cy - b)}L${r(cx + a)} ${r(cy - b)}L${r(cx + b)} ${r(cy - a)}L${r(cx + b)} ${r(cy + a)}L${r(cx + a)} ${r(cy + b)}L${r(cx - a)} ${r(cy + b)}L${r(cx - b)} ${r(cy + a)}L${r(cx - b)} ${r(cy - a)}z`;
}

/** An ×, about 10 across, centred on (cx, cy): where an arrow never arrived. */
export function crossPath(cx: number, cy: number, half = 4.5): string {
  return `M${r(cx - half)} ${r(cy - half)}L${r(cx + half)} ${r(cy + half)}M${r(cx + half)} ${r(cy - half)}L${r(cx - half)} ${r(cy + half)}`;
}
