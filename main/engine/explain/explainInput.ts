// One input of `smtp-lens explain`, whatever it is: a message (a bounce, a feedback report, an
// auto-reply), a log excerpt, or bare SMTP replies. Each is recognised by its shape.
import type { ExplainedInput, ExplainResult, InputKind } from '../../../shared/explain';
import { replyFactsOf } from '../../../shared/knowledge/bounceReason';
import { explainMessage } from './dsn';
import { explainFreeForm, looksLikeNotice } from './freeForm';
import { explainReply } from './explainReply';
import { explainLogLines } from './logLines';

export type { ExplainedInput } from '../../../shared/explain';

/** A message starts with header fields (RFC 5322 §2.2) and names at least one a mail has. */
const looksLikeMessage = (text: string) => {
  const head = text.replace(/^\s+/, '').split(/\r?\n\r?\n|\r\r/)[0] ?? '';
  return (
    /^[A-Za-z][A-Za-z0-9-]*:/.test(head) &&
    /^(from|received|return-path|content-type|subject|message-id|date):/im.test(head) &&
    head.split(/\r\n|\r|\n/).every((l) => /^([A-Za-z0-9-]+:|[ \t])/.test(l) || !l.trim())
  );
};

/** Bare replies: "550 5.1.1 …", with "550-" continuation lines joined to the reply they open. */
function replies(text: string): ExplainResult[] {
  const groups: string[][] = [];
  let open = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = /^\s*([2-5]\d\d)([ -])/.exec(line);
    if (!m) {
      open = false;
      continue;
    }
    if (open) groups[groups.length - 1].push(line.trim());
    else groups.push([line.trim()]);
    open = m[2] === '-';
  }
  return groups
    .map((g) => g.join('\n'))
    .filter((r) => /^[45]/.test(r))
    .map((reply) =>
      explainReply({
        // Most refusals of a recipient quote it: "550 5.1.1 <bob@example.com>: …".
        recipient: /<([^<>\s@]+@[^<>\s]+)>/.exec(reply)?.[1] ?? null,
        diagnostic: reply,
        // The reply's text, without the codes its lines repeat.
        shown: replyFactsOf(reply).text,
        command: null,
        remoteMta: null,
        reportingMta: null,
        permanent: Number(reply.slice(0, 3)) >= 500,
      }),
    );
}

/** A message saved from an mbox starts with its "From sender date" separator line (RFC 4155),
 * which is not a header field: it is left out. */
const MBOX_FROM_LINE = /^From \S+ [^\r\n]*\r?\n/;

export async function explainInput(input: Buffer, file: string): Promise<ExplainedInput> {
  const from = MBOX_FROM_LINE.exec(input.subarray(0, 1024).toString('latin1'));
  const content = from ? input.subarray(from[0].length) : input;
  const text = content.toString('utf8');
  const done = (kind: InputKind, results: ExplainResult[]): ExplainedInput => ({
    schema: 'smtp-lens/explain@1',
    file,
    kind,
    results,
  });
  if (looksLikeMessage(text)) {
    const m = await explainMessage(content);
    return done(m.kind === 'message' ? 'unknown' : m.kind, m.results);
  }
  const logged = explainLogLines(text);
  if (logged.length) return done('log', logged);
  // A notice's body pasted without its headers.
  const notice = looksLikeNotice({ text }) ? explainFreeForm(text) : [];
  if (notice.length) return done('bounce', notice);
  const said = replies(text);
  return said.length ? done('reply', said) : done('unknown', []);
}
