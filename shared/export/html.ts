// The HTML export: one self-contained file a vendor can open from a ticket. No script at all,
// no external font, sheet or image; CSS inline; readable on screen and on paper. Findings are
// highlighted under their step, the certificate chain sits in collapsible <details>, and the
// ladder and waterfall diagrams (shared/diagram, themselves script-free SVG) are inline.
// Every value from the session is escaped; the CSP below is defence in depth, not the defence.
import { renderLadderSvg, renderWaterfallSvg } from '../diagram/index';
import type { CertInfo, TlsInfo, Transcript } from '../transcript';
import { countsLabel, outcomeLabel, startedLabel, targetLabel } from './exportFacts';
import { HTML_CSS } from './htmlStyles';
import { escapeHtml, findingHtml, transcriptRowsParts } from './htmlTranscript';
import { replayCommands, type ReplayOptions } from './replayCommands';
import { tlsHeadline } from './textTranscript';
import {
  chainSummary,
  completedChainSummary,
  describeVerdict,
  shortName,
  tlsVersionLine,
} from '../knowledge/tlsVerdict';
import type { TlsVersionName } from '../transcript';

export interface HtmlOptions extends ReplayOptions {
  /** A line saying what the sharing profile masked, when one was applied. */
  maskedNote?: string;
}

/** Nothing may load: no script, no connection, no frame; only the inline styles and SVG. */
export const HTML_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const e = escapeHtml;

function certDetails(c: CertInfo, label: string, open: boolean): string {
  const rows: [string, string][] = [
    ['Subject', c.subject],
    ['Issuer', c.issuer],
    ['Names (SAN)', c.san.join(', ') || '(none)'],
    ['Valid from', c.notBefore],
    ['Valid until', c.notAfter],
    ['Key', `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}`],
    ['Signature', c.sigAlg],
    ['Serial', c.serialNumber],
    ['SHA-256', c.fingerprint256],
    ['Issuer URL (AIA)', c.aiaIssuers.join(', ') || '(none)'],
  ];
  const pem = c.pem ? `<details class="pem"><summary>PEM</summary><pre>${e(c.pem.trim())}</pre></details>` : '';
  return (
    `<details${open ? ' open' : ''}><summary>${e(label)}: ${e(shortName(c.subject))}</summary>` +
    `<dl class="cert">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>${pem}</details>`
  );
}

function tlsSection(t: Transcript, tls: TlsInfo): string {
  const verdict = describeVerdict(tls);
  const parts = [
    '<h2 id="tls">TLS and certificates</h2>',
    `<p>${e(`${tls.mode === 'implicit' ? 'Implicit TLS' : 'STARTTLS'} · ${tls.protocol} · ${tls.cipher}${tls.group ? ` · ${tls.group}` : ''}${tls.servername ? ` · SNI ${tls.servername}` : ''}`)}</p>`,
    `<p class="verdict ${verdict.ok ? 'ok' : 'bad'}">${verdict.ok ? '✓' : '✗'} ${e(verdict.text)}</p>`,
    `<p>Certificate chain as sent: ${e(chainSummary(tls))}</p>`,
    ...tls.sentChain.map((c, i) => certDetails(c, `#${i + 1} sent by the server`, i === 0)),
    ...tls.verification.storeAdded.map((c) => certDetails(c, 'added from the local trust store (not sent)', false)),
    ...(tls.aiaFetch?.fetched ?? []).map((c) => certDetails(c, 'downloaded from the AIA address (not sent)', false)),
  ];
  const completed = completedChainSummary(tls);
  if (completed) parts.push(`<p>${e(completed.text)}</p>`);
  if (t.tlsVersions) {
    const lines = (
      Object.entries(t.tlsVersions) as [TlsVersionName, NonNullable<Transcript['tlsVersions']>[TlsVersionName]][]
    ).map(([v, check]) => `<li>${e(tlsVersionLine(v, check))}</li>`);
    parts.push(`<h3>TLS versions</h3><ul>${lines.join('')}</ul>`);
  }
  return parts.join('\n');
}

function replaySection(t: Transcript, options: ReplayOptions): string {
  const r = replayCommands(t, options);
  return [
    '<h2 id="replay">Replay with other tools</h2>',
    `<pre class="cmd">${e(r.swaks)}</pre>`,
    r.openssl ? `<pre class="cmd">${e(r.openssl)}</pre>` : '',
    r.notes.length ? `<ul>${r.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : '',
  ].join('\n');
}

function summaryTable(t: Transcript): string {
  const rows: [string, string][] = [
    ['Target', e(targetLabel(t))],
    ['Started', e(startedLabel(t))],
    [
      'Outcome',
      `<span class="badge ${t.outcome.ok ? 'ok' : 'failed'}" data-testid="outcome">${e(outcomeLabel(t.outcome))}</span>`,
    ],
    ['TLS', e(tlsHeadline(t))],
    ['Findings', e(countsLabel(t.findings))],
    ['Tool', e(`SMTP Lens ${t.app.version}`)],
  ];
  return `<table class="summary">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

/** The page's head, the same for every export: the CSP, no referrer, the inline styles. */
export function htmlHead(title: string, version: string, css = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_EXPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SMTP Lens ${e(version)}">
<title>${e(title)}</title>
<style>${HTML_CSS}${css}</style>
</head>
<body>`;
}

export function renderHtml(t: Transcript, options: HtmlOptions = {}): string {
  const title = `SMTP Lens · ${t.target.host}:${t.target.port} · ${startedLabel(t)}`;
  const overview = t.findings.length
    ? `<ul class="overview">${t.findings.map((f, i) => `<li><a href="#finding-${i}">${e(f.severity)}: ${e(f.title)}</a> <code>${e(f.id)}</code></li>`).join('')}</ul>`
    : '<p>No findings.</p>';
  const general = t.findings.map((f, i) => [f, i] as const).filter(([f]) => f.event === null);
  const diagramInput = { events: t.events, findings: t.findings, target: t.target };
  // The rows are most of the page: their parts go into the one join that makes the page.
  const top = `${htmlHead(title, t.app.version)}
<header>
<h1>SMTP Lens transcript: ${e(`${t.target.host}:${t.target.port}`)}</h1>
<p class="sub">${e(startedLabel(t))}</p>
${summaryTable(t)}
</header>
<main>
<h2 id="findings">Findings</h2>
${overview}
${general.map(([f, i]) => findingHtml(f, i)).join('\n')}
<h2 id="transcript">Transcript</h2>
<p class="sub"><code>-&gt;</code> client to server, <code>&lt;-</code> server to client, <code>~&gt;</code> <code>&lt;~</code> the same inside TLS, <code>==</code> what SMTP Lens did, <code>**</code> an error. Findings appear under the step that caused them.</p>
<div class="rows" data-testid="transcript">
`;
  const rows = transcriptRowsParts(t);
  const bottom = `
</div>
<h2 id="diagrams">Diagrams</h2>
<div class="diagram">${renderLadderSvg(diagramInput)}</div>
<div class="diagram">${renderWaterfallSvg(diagramInput)}</div>
${t.tls ? tlsSection(t, t.tls) : ''}
${replaySection(t, options)}
</main>
<footer>Exported by SMTP Lens ${e(t.app.version)}. Passwords and tokens are never recorded; AUTH lines show [redacted].${options.maskedNote ? ` ${e(options.maskedNote)}` : ''}</footer>
</body>
</html>
`;
  return [top, ...rows, bottom].join('');
}
