// The HTML export's stylesheet, inline in the file (no external fonts or sheets: it must open
// offline and under `default-src 'none'`). Light and dark follow the reader's system; print
// is always light, with every <details> printed open.
import { DIAGRAM_CSS, ROOT_CLASS } from '../diagram/index';

/** The diagrams' light rules again, more specific, so a dark system theme does not print
 * light-on-white diagrams (their own <style> switches on prefers-color-scheme). */
const PRINT_DIAGRAM_CSS = DIAGRAM_CSS.split('@media')[0]!.replaceAll(`.${ROOT_CLASS} `, `html body .${ROOT_CLASS} `);

export const HTML_CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;
--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff;--ok:#1a7f37;--tls:#8250df}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;--line:#3d444d;
--err:#ff7b72;--err-bg:#3c1618;--warn:#d29922;--warn-bg:#3a2a05;--info:#4493f8;--info-bg:#0c2d6b;--ok:#3fb950;--tls:#ab7df8}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.2em;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
code,pre,.rows{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:13px}
code{background:var(--panel);border-radius:4px;padding:1px 4px}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
pre.table{white-space:pre;word-break:normal;margin:6px 0}
.sub{color:var(--muted);margin:0 0 16px}
table.summary{border-collapse:collapse;margin:8px 0}
table.summary th{text-align:left;padding:4px 16px 4px 0;color:var(--muted);font-weight:600;vertical-align:top}
table.summary td{padding:4px 0}
.badge{display:inline-block;border-radius:999px;padding:0 10px;font-weight:600;color:#fff}
.badge.ok{background:var(--ok)}.badge.failed{background:var(--err)}
ul.overview{padding-left:20px}ul.overview a{color:inherit}
.rows{border:1px solid var(--line);border-radius:6px;padding:8px 0}
.row{display:grid;grid-template-columns:84px 28px 1fr;padding:1px 12px}
.row .t{color:var(--muted);text-align:right;padding-right:10px}
.row .m{color:var(--muted)}
.row .x{white-space:pre-wrap;word-break:break-word}
.ctl{color:var(--err);background:var(--err-bg);border:1px solid var(--err);border-radius:3px;padding:0 2px}
.row.send .x{color:var(--info)}.row.send.body .x{color:var(--muted)}
.row.tls .m{color:var(--tls);font-weight:700}
.row.reply.ok .x{color:var(--ok)}.row.reply.more .x{color:var(--info)}.row.reply.temp .x{color:var(--warn)}.row.reply.perm .x{color:var(--err)}
.row.info .x{color:var(--muted)}.row.tls-established .x{color:var(--fg);font-weight:600}
.row.error .x{color:var(--err);font-weight:600}
.reading{color:var(--muted);font-size:12px}
.finding{margin:6px 12px 8px 122px;border-left:4px solid var(--info);background:var(--info-bg);border-radius:4px;padding:6px 12px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;font-size:14px;break-inside:avoid}
.finding.error{border-color:var(--err);background:var(--err-bg)}.finding.warning{border-color:var(--warn);background:var(--warn-bg)}
.finding p{margin:4px 0}.finding .title{font-weight:600}.finding .sev{text-transform:uppercase;font-size:12px}
.finding.error .sev{color:var(--err)}.finding.warning .sev{color:var(--warn)}.finding.info .sev{color:var(--info)}
.finding .refs{color:var(--muted);font-size:13px}
.diagram{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:8px;margin:8px 0}
details{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:6px 0}
summary{cursor:pointer;font-weight:600}
dl.cert{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.cert dt{color:var(--muted)}dl.cert dd{margin:0;word-break:break-all}
.verdict.ok{color:var(--ok);font-weight:600}.verdict.bad{color:var(--err);font-weight:600}
footer{margin-top:32px;color:var(--muted);font-size:13px}
@media (max-width:700px){.row{grid-template-columns:64px 24px 1fr}.finding{margin-left:12px}}
@media print{
:root{color-scheme:light;--fg:#000;--muted:#444;--bg:#fff;--panel:#f4f4f4;--line:#bbb;--err:#b00;--err-bg:#fdecea;--warn:#7a5200;--warn-bg:#fff6d6;--info:#0550ae;--info-bg:#eaf3ff;--ok:#116329;--tls:#6639ba}
body{max-width:none;padding:0;font-size:11pt}
.rows{border:none;padding:0}.row{break-inside:avoid}
h2{break-after:avoid}
.diagram{overflow:visible;break-inside:avoid}.diagram svg{max-width:100%;height:auto}
details{break-inside:avoid}
details::details-content{content-visibility:visible;display:block}
${PRINT_DIAGRAM_CSS}
}
`;
