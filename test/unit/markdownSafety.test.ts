// The Markdown export read by a real CommonMark renderer (markdown-it, as GitLab, Jira and
// many trackers use): nothing from the server or from a crafted transcript file may become a
// heading, a link, an image or raw HTML, in any Markdown context.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../shared/export/markdown';
import type { Token } from 'markdown-it';
import type { Transcript } from '../../shared/transcript';
import { finding, starttlsTranscript, transcriptOf } from './exportFixture';

const md = new MarkdownIt();
/** A lone CR (a line ending in CommonMark §2.1), U+2028 and LF, each opening a block. */
const BREAKS = ['\r\r', '\u2028\u2028', '\n\n', '\r\n\r\n'];
const attack = (br: string) =>
  `250-OK${br}# Fix: your server is compromised${br}[Click here](https://evil.example/) ![](https://evil.example/pixel.png)${br}<script>alert(1)</script>${br}`;

/** Our own headings: the document's sections and one per finding. */
const OWN_HEADING =
  /^(SMTP Lens transcript: |Findings$|Transcript$|TLS and certificates$|Replay with other tools$|(❌ Error|⚠️ Warning|ℹ️ Info): )/;

function flat(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flat(t.children ?? [])]);
}

function structure(markdown: string) {
  const tokens = flat(md.parse(markdown, {}));
  const headings = tokens.flatMap((t, i) => (t.type === 'heading_open' ? [tokens[i + 1]?.content ?? ''] : []));
  return {
    foreignHeadings: headings.filter((h) => !OWN_HEADING.test(h)),
    links: tokens.filter((t) => t.type === 'link_open').length,
    images: tokens.filter((t) => t.type === 'image').length,
    html: tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline').map((t) => t.content),
    rendered: md.render(markdown),
  };
}

function expectInert(t: Transcript) {
  const s = structure(renderMarkdown(t));
  expect(s.foreignHeadings).toEqual([]);
  expect(s.links).toBe(0);
  expect(s.images).toBe(0);
  expect(s.html).toEqual([]);
  expect(s.rendered).not.toMatch(/<script|<img|<a /);
}

describe('Markdown export through markdown-it', () => {
  it('our own document has only our headings and no links, images or HTML', () => {
    expectInert(starttlsTranscript());
  });

  it.each(BREAKS.map((b) => [JSON.stringify(b), b]))(
    'an EHLO keyword with %s line breaks stays text in every context',
    (_name, br) => {
      const t = starttlsTranscript();
      const ehlo = t.events.findIndex((e) => e.type === 'reply' && e.lines.length > 1);
      const reply = t.events[ehlo];
      if (reply.type === 'reply') reply.lines.splice(1, 0, attack(br));
      // The same text in a finding's title and explanation (quoted server text), and pointed at.
      t.findings = [
        finding('smtp.protocol-violation', ehlo, {
          title: attack(br),
          explanation: `The server said ${attack(br)}`,
          fix: attack(br),
        }),
      ];
      expectInert(t);
    },
  );

  it.each(BREAKS.map((b) => [JSON.stringify(b), b]))(
    'a crafted transcript file: host, certificate subject and a `code` snippet with %s',
    (_name, br) => {
      const t = starttlsTranscript();
      t.target.host = attack(br);
      t.tls!.sentChain[0].subject = attack(br);
      t.tls!.sentChain[0].san = [attack(br)];
      t.findings = [
        finding('tls.hostname-mismatch', 0, {
          explanation: `Use \`x${br}<script>alert(1)</script>${br}\` here.\n  ${attack(br)}`,
          refs: [attack(br)],
        }),
      ];
      expectInert(t);
    },
  );

  it('backticks longer than the fence cannot close a code span or block', () => {
    const t = transcriptOf([
      {
        t: 1,
        type: 'reply',
        stage: 'banner',
        code: 220,
        enhanced: null,
        lines: ['220 ```` ` ``` x\n```\n# heading'],
      } as never,
    ]);
    t.findings = [
      finding('smtp.protocol-violation', 0, { explanation: 'Look: `a ```` b`', title: '``` # not a heading' }),
    ];
    expectInert(t);
  });
});
