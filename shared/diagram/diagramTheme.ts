// Colours and type of both diagrams, light and dark.
//
// Every drawn element carries a class AND the light theme's presentation attributes (fill,
// stroke, font-size...). Why both: presentation attributes are not subject to CSP and need no
// stylesheet, so the SVG is readable even where an embedded <style> is blocked or stripped
// (a strict `style-src`, a ticket system that sanitises SVG). Any CSS rule beats a
// presentation attribute, so the embedded <style> (or the app's own stylesheet) can re-colour
// everything for dark mode through the classes. All classes start with `sl-` and are scoped
// under the root class, so two diagrams inlined in one HTML page do not leak styles elsewhere.

export interface ClassStyle {
  fill?: string;
  stroke?: string;
  'stroke-width'?: number;
  'stroke-dasharray'?: string;
  'stroke-linecap'?: 'round' | 'butt';
  'font-size'?: number;
  'font-weight'?: 'bold' | 'normal';
  'font-family'?: string;
  'font-style'?: 'italic' | 'normal';
  'fill-opacity'?: number;
}

export const SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
export const MONO = 'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** The root class of every diagram; the CSS below is scoped under it. */
export const ROOT_CLASS = 'sl-diagram';

/** Light theme, as presentation attributes. Colours follow GitHub's Primer palette, whose
 * pairs are checked for contrast in both themes. */
export const LIGHT: Record<string, ClassStyle> = {
  'sl-bg': { fill: '#ffffff' },
  'sl-title': { fill: '#1f2328', 'font-size': 14, 'font-weight': 'bold', 'font-family': SANS },
  'sl-text': { fill: '#1f2328', 'font-size': 12, 'font-family': SANS },
  'sl-small': { fill: '#59636e', 'font-size': 11, 'font-family': SANS, 'font-weight': 'normal' },
  'sl-mono': { fill: '#1f2328', 'font-size': 12, 'font-family': MONO },
  'sl-mono-small': { fill: '#59636e', 'font-size': 11, 'font-family': MONO },
  'sl-strong': { 'font-weight': 'bold' },
  'sl-muted': { fill: '#59636e' },
  'sl-time': { fill: '#59636e', 'font-size': 10.5, 'font-family': MONO },
  'sl-lane-box': { fill: '#f6f8fa', stroke: '#8c959f', 'stroke-width': 1 },
  'sl-lane': { stroke: '#8c959f', 'stroke-width': 1.5 },
  'sl-lane-tls': { stroke: '#1a7f37', 'stroke-width': 3 },
  'sl-encrypted-zone': { fill: '#dafbe1', 'fill-opacity': 0.45 },
  'sl-send': { stroke: '#0969da', 'stroke-width': 1.6, fill: 'none' },
  'sl-send-head': { fill: '#0969da' },
  'sl-reply': { stroke: '#57606a', 'stroke-width': 1.6, fill: 'none' },
  'sl-reply-head': { fill: '#57606a' },
  'sl-plain': { 'stroke-dasharray': '7 4' },
  'sl-verb': { fill: '#0969da', 'font-weight': 'bold' },
  'sl-code-2': { fill: '#1a7f37', 'font-weight': 'bold' },
  'sl-code-3': { fill: '#1b7c83', 'font-weight': 'bold' },
  'sl-code-4': { fill: '#9a6700', 'font-weight': 'bold' },
  'sl-code-5': { fill: '#cf222e', 'font-weight': 'bold' },
  'sl-lock': { fill: '#1a7f37' },
  'sl-tls-band': { fill: '#fbefff', stroke: '#8250df', 'stroke-width': 1.2 },
  'sl-tls-text': { fill: '#6639ba', 'font-size': 12, 'font-family': SANS, 'font-weight': 'bold' },
  'sl-phase-line': { stroke: '#8c959f', 'stroke-width': 1, 'stroke-dasharray': '2 3' },
  'sl-phase-text': { fill: '#59636e', 'font-size': 11.5, 'font-family': SANS, 'font-weight': 'bold' },
  'sl-error': { fill: '#cf222e' },
  'sl-warning': { fill: '#9a6700' },
  'sl-info': { fill: '#0969da' },
  'sl-error-line': { stroke: '#cf222e', 'stroke-width': 2.4 },
  'sl-warning-line': { stroke: '#bf8700', 'stroke-width': 2.4 },
  'sl-info-line': { stroke: '#0969da', 'stroke-width': 2.2 },
  'sl-error-bg': { fill: '#ffebe9' },
  'sl-warning-bg': { fill: '#fff8c5' },
  'sl-info-bg': { fill: '#ddf4ff' },
  'sl-error-head': { fill: '#cf222e' },
  'sl-warning-head': { fill: '#bf8700' },
  'sl-info-head': { fill: '#0969da' },
  'sl-marker': { fill: '#59636e' },
  'sl-broken': { stroke: '#cf222e', 'stroke-width': 1.6, 'stroke-dasharray': '3 3', fill: 'none' },
  'sl-cross': { stroke: '#cf222e', 'stroke-width': 2, 'stroke-linecap': 'round' },
  'sl-close': { stroke: '#59636e', 'stroke-width': 1.5 },
  'sl-grid': { stroke: '#d1d9e0', 'stroke-width': 1 },
  'sl-pause': { fill: '#eaeef2', stroke: '#8c959f', 'stroke-width': 1, 'stroke-dasharray': '3 3' },
  'sl-axis': { stroke: '#8c959f', 'stroke-width': 1 },
  'sl-bar-net': { fill: '#8c959f' },
  'sl-bar-wait': { fill: '#1b7c83' },
  'sl-bar-tls': { fill: '#8250df' },
  'sl-bar-cmd': { fill: '#0969da' },
  'sl-bar-auth': { fill: '#bc4c00' },
  'sl-bar-data': { fill: '#1a7f37' },
  'sl-bar-slow': { stroke: '#cf222e', 'stroke-width': 2 },
  'sl-bar-failed': { fill: '#cf222e' },
  'sl-row-slow': { fill: '#fff8c5' },
  // The click target of a selectable group: invisible, but it catches the pointer between lines.
  'sl-hit': { fill: '#0969da', 'fill-opacity': 0 },
};

/** Dark theme: only what changes. */
export const DARK: Record<string, ClassStyle> = {
  'sl-bg': { fill: '#0d1117' },
  'sl-title': { fill: '#e6edf3' },
  'sl-text': { fill: '#e6edf3' },
  'sl-small': { fill: '#9198a1' },
  'sl-mono': { fill: '#e6edf3' },
  'sl-mono-small': { fill: '#9198a1' },
  'sl-muted': { fill: '#9198a1' },
  'sl-time': { fill: '#9198a1' },
  'sl-lane-box': { fill: '#161b22', stroke: '#656c76' },
  'sl-lane': { stroke: '#656c76' },
  'sl-lane-tls': { stroke: '#3fb950' },
  'sl-encrypted-zone': { fill: '#12361f', 'fill-opacity': 0.5 },
  'sl-send': { stroke: '#4493f8' },
  'sl-send-head': { fill: '#4493f8' },
  'sl-reply': { stroke: '#9198a1' },
  'sl-reply-head': { fill: '#9198a1' },
  'sl-verb': { fill: '#4493f8' },
  'sl-code-2': { fill: '#3fb950' },
  'sl-code-3': { fill: '#39c5cf' },
  'sl-code-4': { fill: '#d29922' },
  'sl-code-5': { fill: '#f85149' },
  'sl-lock': { fill: '#3fb950' },
  'sl-tls-band': { fill: '#271c41', stroke: '#a371f7' },
  'sl-tls-text': { fill: '#d2a8ff' },
  'sl-phase-line': { stroke: '#656c76' },
  'sl-phase-text': { fill: '#9198a1' },
  'sl-error': { fill: '#f85149' },
  'sl-warning': { fill: '#d29922' },
  'sl-info': { fill: '#4493f8' },
  'sl-error-line': { stroke: '#f85149' },
  'sl-warning-line': { stroke: '#d29922' },
  'sl-info-line': { stroke: '#4493f8' },
  'sl-error-bg': { fill: '#3c1618' },
  'sl-warning-bg': { fill: '#3a2e0d' },
  'sl-info-bg': { fill: '#0c2d4b' },
  'sl-error-head': { fill: '#f85149' },
  'sl-warning-head': { fill: '#d29922' },
  'sl-info-head': { fill: '#4493f8' },
  'sl-marker': { fill: '#9198a1' },
  'sl-broken': { stroke: '#f85149' },
  'sl-cross': { stroke: '#f85149' },
  'sl-close': { stroke: '#9198a1' },
  'sl-grid': { stroke: '#30363d' },
  'sl-pause': { fill: '#21262d', stroke: '#656c76' },
  'sl-axis': { stroke: '#656c76' },
  'sl-bar-net': { fill: '#8b949e' },
  'sl-bar-wait': { fill: '#39c5cf' },
  'sl-bar-tls': { fill: '#a371f7' },
  'sl-bar-cmd': { fill: '#4493f8' },
  'sl-bar-auth': { fill: '#f0883e' },
  'sl-bar-data': { fill: '#3fb950' },
  'sl-bar-slow': { stroke: '#f85149' },
  'sl-bar-failed': { fill: '#f85149' },
  'sl-row-slow': { fill: '#3a2e0d' },
};

/** The presentation attributes of a node with these classes, later classes winning. */
export function presentationOf(classes: string): ClassStyle {
  const style: ClassStyle = {};
  for (const cls of classes.split(/\s+/)) Object.assign(style, LIGHT[cls]);
  return style;
}

function rules(theme: Record<string, ClassStyle>): string {
  return Object.entries(theme)
    .map(([cls, style]) => {
      const body = Object.entries(style)
        .map(([prop, value]) => `${prop}:${value}`)
        .join(';');
      return `.${ROOT_CLASS} .${cls}{${body}}`;
    })
    .join('');
}

/** The stylesheet embedded in each SVG (and usable by the app as is): the light theme again as
 * classes (so a host page's `svg text { fill: ... }` cannot repaint it) and the dark overrides
 * behind prefers-color-scheme. Also covers `.sl-selected`, which the app may set on a group. */
export const DIAGRAM_CSS =
  rules(LIGHT) +
  `.${ROOT_CLASS} [data-event]{cursor:pointer}` +
  `.${ROOT_CLASS} .sl-selected .sl-hit{fill:#0969da;fill-opacity:0.12}` +
  `@media (prefers-color-scheme: dark){${rules(DARK)}.${ROOT_CLASS} .sl-selected .sl-hit{fill:#4493f8;fill-opacity:0.18}}`;
