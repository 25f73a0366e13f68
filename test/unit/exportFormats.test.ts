import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_IDS, exportTranscript } from '../../shared/export/index';
import { mdCode, mdFence, renderMarkdown } from '../../shared/export/markdown';
import { renderHtml } from '../../shared/export/html';
import { replayCommands, shellQuote } from '../../shared/export/replayCommands';
import { renderText } from '../../shared/export/textTranscript';
import { replyEvent } from './ladderSessions';
import { finding, starttlsTranscript, transcriptOf } from './exportFixture';

describe('Markdown for tickets', () => {
  it('starts with a summary table of target, outcome, TLS and findings', () => {
    const t = starttlsTranscript({ rcptCode: '554 5.7.1 Relay access denied' });
    t.findings = [finding('smtp.relay-denied', 17)];
    t.outcome = { ok: false, stage: 'mail' };
    const md = renderMarkdown(t);
    expect(md).toContain('| **Target** | mx.example:2525 · STARTTLS |');
    expect(md).toContain('| **Outcome** | ❌ FAILED — stopped after MAIL |');
    expect(md).toMatch(/\| \*\*TLS\*\* \| TLSv1\.3, TLS_AES_256_GCM_SHA384 · certificate verified for mx\.example/);
    expect(md).toContain('| **Findings** | 1 error: Title of smtp.relay-denied (`smtp.relay-denied`) |');
    expect(md).toContain('### ❌ Error: Title of smtp.relay-denied');
    expect(md).toContain('**Why:** Why it happened.');
    expect(md).toContain('**Fix:** How to fix it.');
  });

  it('keeps a reply with pipes, backticks and HTML from breaking the table or the fence', () => {
    const hostile = '550 a|b ``` `code` <script>alert(1)</script> *bold* [link](http://x)';
    const t = transcriptOf([replyEvent(1, 'banner', [hostile])], { outcome: { ok: false, stage: 'banner' } });
    t.findings = [
      finding('smtp.banner-rejected', 0, {
        title: 'Refused: a|b <b>x</b>',
        explanation: `The server said "${hostile}".`,
      }),
    ];
    const md = renderMarkdown(t);
    const tableRow = md.split('\n').find((l) => l.startsWith('| **Findings**'))!;
    // Exactly the three unescaped pipes of a two-column row.
    expect(tableRow.replace(/\\\|/g, '').split('|')).toHaveLength(4);
    expect(md).toContain('Refused: a\\|b \\<b\\>x\\</b\\>');
    // Outside code (where it is literal text), every "<" is escaped.
    const prose = md
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
      .replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(prose).not.toMatch(/(?<!\\)</);
    // The transcript fence is longer than the longest backtick run inside it.
    expect(md).toMatch(/\n````text\n[\s\S]*550 a\|b ``` `code` <script>[\s\S]*\n````\n/);
  });

  it('code spans and fences grow past any backtick run', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdFence('x ```` y', 'sh')).toBe('`````sh\nx ```` y\n`````');
    expect(mdFence('plain')).toBe('```\nplain\n```');
  });

  it('shows catalog `snippets` as code and aligned tables as code blocks', () => {
    const t = transcriptOf([replyEvent(1, 'banner', ['220 ok'])]);
    t.findings = [
      finding('x.y', null, {
        fix: 'Run `postfix reload` now.\n  EHLO before   EHLO after\n  STARTTLS      AUTH PLAIN',
      }),
    ];
    const md = renderMarkdown(t);
    expect(md).toContain('**Fix:** Run `postfix reload` now.');
    expect(md).toContain('```text\nEHLO before   EHLO after\nSTARTTLS      AUTH PLAIN\n```');
  });
});

describe('text', () => {
  it('has target, time, app version and the TLS summary in its header', () => {
    const [first, second] = renderText(starttlsTranscript()).split('\n');
    expect(first).toBe('SMTP Lens 0.0.0 · mx.example:2525 · STARTTLS · 2026-11-27 17:59:46 UTC');
    expect(second).toBe(
      'TLS: TLSv1.3, TLS_AES_256_GCM_SHA384 · certificate verified for mx.example (trusted root: Example Root CA)',
    );
    expect(
      renderText(transcriptOf([], { target: { host: 'h', port: 25, tls: 'none', servername: null } })).split('\n')[1],
    ).toBe('TLS: not used (plain session)');
  });
});

describe('HTML', () => {
  it('has no script, a strict CSP, and the findings under their step', () => {
    const t = starttlsTranscript();
    t.findings = [
      finding('tls.cert-expiring-soon', 8, { severity: 'warning' }),
      finding('auth.offered-before-tls', null, { severity: 'info' }),
    ];
    const html = renderHtml(t);
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    // The warning sits right after the tls-established row (event 8).
    expect(html).toMatch(/id="event-8">[^\n]*<\/div><div class="finding warning" id="finding-0"/);
    expect(html).toContain('<details open><summary>#1 sent by the server: mx.example</summary>');
    expect(html).toContain('data-testid="ladder"');
    expect(html).toContain('data-testid="waterfall"');
    expect((html.match(/<svg /g) ?? []).length).toBe(2);
    expect(html).toMatch(/@media print\{/);
  });
});

describe('equivalent commands', () => {
  it('replay STARTTLS with AUTH: swaks with --tls, verification, SNI, the user and a password placeholder', () => {
    const t = starttlsTranscript();
    t.target.servername = 'mx.example';
    const r = replayCommands(t, { caPath: '/tmp/root ca.pem' });
    expect(r.swaks.split(' \\\n  ')).toEqual([
      'swaks',
      '--server mx.example',
      '--port 2525',
      '--helo client.example',
      '--tls',
      '--tls-verify',
      "--tls-ca-path '/tmp/root ca.pem'",
      '--tls-sni mx.example',
      '--auth PLAIN',
      '--auth-user alice',
      '--auth-password "$SMTP_PASSWORD"',
      '--from alice@example.org',
      '--to bob@example.net',
    ]);
    expect(r.openssl?.split(' \\\n  ')).toEqual([
      'openssl s_client',
      '-connect mx.example:2525',
      '-starttls smtp',
      '-name client.example',
      '-servername mx.example',
      '-verify_hostname mx.example',
      "-CAfile '/tmp/root ca.pem'",
      '-verify_return_error',
      '-showcerts',
    ]);
  });

  it('quits where the session stopped, and has no openssl line for a plain session', () => {
    const events = starttlsTranscript().events.slice(0, 5);
    const r = replayCommands(
      transcriptOf(events, { target: { host: '192.0.2.7', port: 25, tls: 'none', servername: null } }),
    );
    expect(r.swaks).toContain('--quit-after HELO');
    expect(r.swaks).not.toContain('--tls');
    expect(r.openssl).toBeNull();
    expect(r.notes.join(' ')).toContain('no TLS');
  });

  it('quotes whatever the transcript holds for the shell', () => {
    expect(shellQuote('mx.example')).toBe('mx.example');
    expect(shellQuote("a'; rm -rf ~ #")).toBe(`'a'\\''; rm -rf ~ #'`);
    expect(shellQuote('$(id)')).toBe(`'$(id)'`);
    const t = starttlsTranscript();
    t.target.host = 'mx.example;id';
    expect(replayCommands(t).swaks).toContain("--server 'mx.example;id'");
  });
});

describe('the registry', () => {
  it('renders every format with a file name and a type', () => {
    const t = starttlsTranscript();
    for (const format of EXPORT_FORMAT_IDS) {
      const r = exportTranscript(t, format);
      expect(r.ok).toBe(true);
      if (r.ok)
        expect(r.fileName).toBe(
          `smtp-lens-mx.example-2525-20261127T175946Z.${{ text: 'txt', md: 'md', json: 'json', html: 'html' }[format]}`,
        );
    }
  });
});
