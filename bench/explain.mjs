// `smtp-lens explain` of 1,000 bounce files in one process against the same files through
// mailparser alone (the parse every explanation starts with), in one process each, run
// alternately. What explain adds (reading the DSN fields, the reason, the finding's words,
// the output) should cost less than the parsing itself: ratio ≤ 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median, timeCli } from './plainSmtp.mjs';

const FILES = 1_000;
const RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? 5);

/** A Postfix-shaped DSN (RFC 3464) for recipient n, its reason varying with n. */
const REPLIES = [
  '550 5.1.1 <{r}>: Recipient address rejected: User unknown in virtual mailbox table',
  '552 5.2.2 Mailbox full',
  '554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org',
  '450 4.2.0 <{r}>: Recipient address rejected: Greylisted',
];
function dsn(n) {
  const r = `user${n}@example.com`;
  const reply = REPLIES[n % REPLIES.length].replace('{r}', r);
  return [
    'From: MAILER-DAEMON@mx1.lab.test',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    `<${r}>: host mx.example.com[192.0.2.1] said: ${reply} (in reply to RCPT TO command)`,
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx1.lab.test',
    '',
    `Final-Recipient: rfc822; ${r}`,
    'Action: failed',
    `Status: ${/\d\.\d\.\d/.exec(reply)[0]}`,
    'Remote-MTA: dns; mx.example.com',
    `Diagnostic-Code: smtp; ${reply}`,
    '--B--',
    '',
  ].join('\r\n');
}

/** The peer: each file read and parsed by mailparser, nothing else. */
const PEER = `
const { readFileSync } = require('node:fs');
const { simpleParser } = require('mailparser');
(async () => {
  for (const f of process.argv.slice(1)) await simpleParser(readFileSync(f), { keepDeliveryStatus: true, skipTextToHtml: true });
})();`;

function timeNode(args) {
  const start = performance.now();
  const child = spawn(process.execPath, ['-e', PEER, ...args], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`peer exited ${code}`)),
    );
  });
}

export async function benchExplain() {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-bench-explain-'));
  try {
    const files = Array.from({ length: FILES }, (_, n) => {
      const file = path.join(dir, `bounce-${n}.eml`);
      writeFileSync(file, dsn(n));
      return file;
    });
    const args = ['explain', '--json', ...files];
    // The bench measures a real explanation: every file read as a bounce with its reason.
    const out = spawnSync(process.execPath, ['bin/smtp-lens.js', ...args], { maxBuffer: 1 << 28, encoding: 'utf8' });
    const explained = JSON.parse(out.stdout).filter((e) => e.kind === 'bounce' && e.results[0]?.reason !== 'undefined');
    if (explained.length !== FILES) throw new Error(`explain read ${explained.length} of ${FILES} bounces`);
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeCli(args));
      peer.push(await timeNode(files));
    }
    const [o, p] = [median(ours), median(peer)];
    return {
      name: `explain of ${FILES} bounce files vs mailparser alone on the same files`,
      ours: `${o.toFixed(0)} ms`,
      peer: `${p.toFixed(0)} ms`,
      ratio: o / p,
      limit: 2,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
