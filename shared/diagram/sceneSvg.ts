// A scene as a standalone SVG string: for the HTML export, for files, for tests. It holds no
// script, no event handler, no external reference (no href at all): only shapes, text and
// one embedded <style>, so it opens offline and under a strict CSP. Every piece of text goes
// through escapeXml, because much of it comes from the server under test.
import { DIAGRAM_CSS, ROOT_CLASS } from './diagramTheme';
import { escapeXml } from './diagramText';
import { nodeAttributes, spanAttributes, type Scene, type SceneNode } from './scene';

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

/** data-* names are ours, but keep them to what HTML allows in case a caller builds one from data. */
const dataName = (key: string) => `data-${key.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;

function node(n: SceneNode, indent: string): string {
  if (n.type === 'g') {
    const attrs: Record<string, string> = {};
    if (n.cls) attrs.class = n.cls;
    for (const [key, value] of Object.entries(n.data ?? {})) attrs[dataName(key)] = value;
    const title = n.tooltip ? `${indent}  <title>${escapeXml(n.tooltip)}</title>\n` : '';
    const children = n.children.map((c) => node(c, `${indent}  `)).join('');
    return `${indent}<g${attributes(attrs)}>\n${title}${children}${indent}</g>\n`;
  }
  if (n.type === 'text') {
    const spans = n.spans
      .map((s) => {
        const attrs = spanAttributes(s);
        const text = escapeXml(s.text);
        return Object.keys(attrs).length ? `<tspan${attributes(attrs)}>${text}</tspan>` : text;
      })
      .join('');
    // xml:space keeps the runs of spaces that align monospace columns.
    return `${indent}<text${attributes(nodeAttributes(n))} xml:space="preserve">${spans}</text>\n`;
  }
  return `${indent}<${n.type}${attributes(nodeAttributes(n))}/>\n`;
}

export function sceneToSvg(scene: Scene): string {
  const root = attributes({
    xmlns: 'http://www.w3.org/2000/svg',
    class: ROOT_CLASS,
    'data-testid': scene.testId,
    width: String(scene.width),
    height: String(scene.height),
    viewBox: `0 0 ${scene.width} ${scene.height}`,
    role: 'img',
    'aria-label': scene.label,
  });
  const body = scene.children.map((c) => node(c, '  ')).join('');
  return `<svg${root}>\n  <title>${escapeXml(scene.label)}</title>\n  <style>${DIAGRAM_CSS}</style>\n${body}</svg>\n`;
}
