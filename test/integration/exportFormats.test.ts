// Every export format, produced from real sessions against servers on 127.0.0.1: the
// practice server (STARTTLS + AUTH, relay denied, missing intermediate), an XOAUTH2 server,
// and a hostile server whose replies carry markup.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretForms } from '../../main/engine/auth';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import { EXPORT_FORMAT_IDS, exportTranscript, type ExportFormat } from '../../shared/export/index';
import { secretNeedles } from '../../shared/export/secretGuard';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { parseTranscriptJson } from '../../shared/transcriptSchema';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';

const TOKEN = 'ya29.a0-export-test-token-that-must-not-leak';
const HOSTILE_BANNER = `220 <script>alert("x")</script> "quoted" 'single' & ampersand`;

let lab: Lab;
let xoauth: SMTPServer;
let hostile: RawServer;
const sessions: Record<string, Transcript> = {};

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'relay-denied', 'missing-intermediate'] });
  const ca = [lab.pki.root.certPem];
  const base = { host: '127.0.0.1', tls: 'starttls' as const, servername: 'mail.lab.test', ca, ehlo: 'client.example' };
  xoauth = new SMTPServer({
    secure: true,
    key: lab.pki.leaves.good.keyPem,
    cert: lab.pki.leaves.good.chainPem,
    logger: false,
    authMethods: ['XOAUTH2'],
    onAuth: (auth, _s, cb) =>
      auth.accessToken === TOKEN ? cb(null, { user: auth.username }) : cb(new Error('bad token')),
    onData: (stream, _s, cb) => stream.on('end', () => cb()).resume(),
  });
  xoauth.on('error', () => undefined);
  await new Promise<void>((r) => xoauth.listen(0, '127.0.0.1', r));
  const xoauthPort = (xoauth as unknown as { server: { address(): AddressInfo } }).server.address().port;
  hostile = await startRawServer((s) => {
    s.write(`${HOSTILE_BANNER}\r\n`);
    lineDialogue(s, (line) => {
      if (/^EHLO/i.test(line)) s.write('250-evil.example <img src=x onerror=alert(1)>\r\n250 SIZE 1000\r\n');
      else if (/^MAIL/i.test(line)) s.write('250 ok\r\n');
      else if (/^RCPT/i.test(line))
        s.write('550 5.7.1 </pre></details><a href="javascript:alert(1)">click</a> ``` | pipe\r\n');
      else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
      else s.write('502 no\r\n');
    });
  });
  const [ok, login, relay, missing, oauth, markup] = await Promise.all([
    probe({
      ...base,
      port: lab.portOf('submission-ok'),
      auth: { user: LAB_USER, secret: LAB_PASSWORD, mechanism: 'PLAIN' },
      from: LAB_USER,
      to: ['bob@lab.test'],
    }),
    probe({
      ...base,
      port: lab.portOf('submission-ok'),
      auth: { user: LAB_USER, secret: LAB_PASSWORD, mechanism: 'LOGIN' },
    }),
    probe({ ...base, port: lab.portOf('relay-denied'), to: ['someone@example.org'] }),
    probe({ ...base, port: lab.portOf('missing-intermediate') }),
    probe({
      host: '127.0.0.1',
      port: xoauthPort,
      tls: 'implicit',
      servername: 'mail.lab.test',
      ca,
      auth: { user: LAB_USER, secret: TOKEN, mechanism: 'XOAUTH2' },
    }),
    probe({ host: '127.0.0.1', port: hostile.port, tls: 'none', to: ['victim@example.org'] }),
  ]);
  Object.assign(sessions, { ok, login, relay, missing, oauth, markup });
});
afterAll(async () => {
  await lab?.close();
  await hostile?.close();
  await new Promise<void>((r) => (xoauth ? xoauth.close(() => r()) : r()));
});

const render = (t: Transcript, format: ExportFormat, profile?: 'anonymous') => {
  const r = exportTranscript(t, format, profile ? { profile } : {});
  if (!r.ok) throw new Error(r.message);
  return r.content;
};

describe('every format from real sessions', () => {
  it('the sessions went as the scenarios say', () => {
    expect(sessions.ok!.outcome).toEqual({ ok: true, stage: 'quit' });
    expect(sessions.login!.events.some((e) => e.type === 'reply' && e.code === 235)).toBe(true);
    expect(sessions.relay!.findings.map((f) => f.id)).toContain('smtp.relay-denied');
    expect(sessions.missing!.findings.map((f) => f.id)).toContain('tls.chain-incomplete');
    expect(sessions.oauth!.outcome.ok).toBe(true);
  });

  it('STARTTLS + AUTH: each format names the target, the TLS result and the redacted AUTH line', () => {
    const t = sessions.ok!;
    const target = `127.0.0.1:${t.target.port}`;
    for (const format of EXPORT_FORMAT_IDS) expect(render(t, format), format).toContain(target);
    expect(render(t, 'text')).toMatch(
      /^SMTP Lens \d+\.\d+\.\d+ · 127\.0\.0\.1:\d+ · STARTTLS · .* UTC\nTLS: TLSv1\.3, \S+ · certificate verified for mail\.lab\.test/,
    );
    expect(render(t, 'md')).toContain('| **Outcome** | ✅ OK — reached QUIT |');
    expect(render(t, 'md')).toContain('~>  AUTH PLAIN [redacted]');
    expect(render(t, 'html')).toContain('AUTH PLAIN [redacted]');
    expect(JSON.parse(render(t, 'json'))).toEqual(JSON.parse(JSON.stringify(t)));
  });

  it('relay denied: the finding with why and fix in Markdown and inline under its step in HTML', () => {
    const t = sessions.relay!;
    const md = render(t, 'md');
    expect(md).toMatch(
      /### ❌ Error: Relay denied.*\n\n`smtp\.relay-denied` · at [\d.]+ ms, `554 5\.7\.1 <someone@example\.org>: Relay access denied`/,
    );
    expect(md).toMatch(/\*\*Why:\*\* The server refused someone@example\.org/);
    expect(md).toMatch(/\*\*Fix:\*\* /);
    const html = render(t, 'html');
    const rcptReply = t.events.findIndex((e) => e.type === 'reply' && e.code === 554);
    expect(html).toMatch(
      new RegExp(
        `id="event-${rcptReply}">[^\\n]*Relay access denied[^\\n]*</div><div class="finding error" id="finding-0" data-finding="smtp.relay-denied">`,
      ),
    );
  });

  it('missing intermediate: the chain in collapsible details, the missing issuer named', () => {
    const html = render(sessions.missing!, 'html');
    expect(html).toContain('<details open><summary>#1 sent by the server: mail.lab.test</summary>');
    expect(html).toMatch(/✗ not sent: SMTP Lens Test Intermediate CA/);
    expect(render(sessions.missing!, 'md')).toMatch(
      /Not sent: \*\*SMTP Lens Test Intermediate CA\*\* \(the certificate says it can be fetched from `http:\/\/[^`]+`\)/,
    );
  });
});

describe('secrets', () => {
  it('no format, masked or not, holds the password, its base64 forms or the XOAUTH2 token', () => {
    const needles = [
      ...secretForms({ user: LAB_USER, secret: LAB_PASSWORD }),
      ...secretForms({ user: LAB_USER, secret: TOKEN }),
      ...secretNeedles([
        { user: LAB_USER, secret: LAB_PASSWORD },
        { user: LAB_USER, secret: TOKEN },
      ]),
    ];
    for (const [name, t] of Object.entries(sessions)) {
      for (const format of EXPORT_FORMAT_IDS) {
        for (const profile of [undefined, 'anonymous'] as const) {
          const content = render(t, format, profile);
          for (const needle of needles)
            expect(content.includes(needle), `${name} ${format} ${profile ?? ''}: ${needle}`).toBe(false);
        }
      }
    }
    expect(render(sessions.oauth!, 'text')).toContain('AUTH XOAUTH2 [redacted]');
  });

  it('the guard, given the credentials of the session, lets the real exports through', () => {
    for (const format of EXPORT_FORMAT_IDS) {
      expect(exportTranscript(sessions.ok!, format, { secrets: [{ user: LAB_USER, secret: LAB_PASSWORD }] }).ok).toBe(
        true,
      );
      expect(exportTranscript(sessions.oauth!, format, { secrets: [{ user: LAB_USER, secret: TOKEN }] }).ok).toBe(true);
    }
  });
});

/** Every tag and attribute of the HTML outside <style>: only what a static report needs. */
const HTML_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'main',
  'footer',
  'h1',
  'h2',
  'h3',
  'p',
  'table',
  'tr',
  'th',
  'td',
  'span',
  'ul',
  'li',
  'a',
  'code',
  'div',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'pre',
  'b',
  'br',
]);
const SVG_TAGS = new Set(['svg', 'g', 'title', 'style', 'line', 'rect', 'path', 'text', 'tspan']);

describe('markup from the server cannot inject anything', () => {
  it('HTML: no script, every "<" starts one of our tags, the banner shown escaped', () => {
    const html = render(sessions.markup!, 'html');
    expect(html).not.toMatch(/<script|<img|<iframe|<object/i);
    const body = html.replace(/<style>[\s\S]*?<\/style>/g, '<style></style>').replace(/^<!DOCTYPE html>/, '');
    const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*(\/?)>/g;
    const tags = [...body.matchAll(tag)];
    expect((body.match(/</g) ?? []).length).toBe(tags.length);
    expect(tags.map((m) => m[2]!.toLowerCase()).filter((n) => !HTML_TAGS.has(n) && !SVG_TAGS.has(n))).toEqual([]);
    const attributes = tags.flatMap((m) =>
      [...m[3]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''] as const),
    );
    expect(attributes.filter(([name]) => /^on/i.test(name))).toEqual([]);
    expect(attributes.filter(([name, value]) => /href$/i.test(name) && !/^#[\w-]+$/.test(value))).toEqual([]);
    expect(html).toContain(
      '220 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; ampersand',
    );
    expect(html).toContain('&lt;/pre&gt;&lt;/details&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;');
  });

  it('Markdown: outside code, every "<" and "|" is escaped; inside, the fence outlasts the backticks', () => {
    const md = render(sessions.markup!, 'md');
    const prose = md
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
      .replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(prose).not.toMatch(/(?<!\\)</);
    for (const row of md.split('\n').filter((l) => l.startsWith('| **')))
      expect(row.replace(/\\\|/g, '').split('|'), row).toHaveLength(4);
    expect(md).toContain(`\n\`\`\`\`text\n`);
  });
});

describe('JSON round trip', () => {
  it('export, re-import through the schema, export again: identical, and every other format the same too', () => {
    for (const [name, t] of Object.entries(sessions)) {
      const first = render(t, 'json');
      const back = parseTranscriptJson(first);
      expect(back.ok, name).toBe(true);
      if (!back.ok) continue;
      expect(render(back.transcript, 'json'), name).toBe(first);
      expect(render(back.transcript, 'md'), name).toBe(render(t, 'md'));
      expect(render(back.transcript, 'html'), name).toBe(render(t, 'html'));
    }
  });
});
