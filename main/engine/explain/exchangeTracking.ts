// Exchange message tracking, in both forms admins paste: the raw log (MSGTRK*.LOG, a CSV under
// "#Fields:") and Get-MessageTrackingLog piped to Export-Csv (a header of quoted names). The
// FAIL and DEFER rows are failures; each names its recipients, the reply in RecipientStatus
// (plain, or "[{LRT=…};{LED=…};{FQDN=…};{IP=…}]" with the last error and the host tried) and
// the server that logged it. csv-parse reads the CSV (quotes, doubled quotes, commas inside).
import { parse } from 'csv-parse/sync';
import type { ExplainResult } from '../../../shared/explain';
import { explainReply } from './explainReply';

/** A pasted excerpt is a few hundred rows; more are cut, so parsing stays bounded. */
const MAX_ROWS = 5_000;

/** Column names of both forms, as one key: "recipient-status" and "RecipientStatus" alike. */
const key = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

const COLUMNS = {
  event: ['eventid'],
  recipients: ['recipientaddress', 'recipients'],
  status: ['recipientstatus'],
  server: ['serverhostname'],
} as const;

/** The header of either form, or null: a "#Fields:" line, or a CSV header naming the columns. */
function headerOf(lines: string[]): { columns: string[]; at: number } | null {
  for (let i = 0; i < Math.min(lines.length, 20); i++) {
    const line = lines[i];
    const fields = /^#Fields:\s*(.*)$/.exec(line)?.[1];
    const names = fields ?? (/^"?(Timestamp|EventId|date-time)"?,/i.test(line) ? line : null);
    if (!names) continue;
    const columns = (parse(names, { relax_quotes: true })[0] as string[]).map(key);
    if (columns.includes('eventid') && columns.includes('recipientstatus')) return { columns, at: i + 1 };
  }
  return null;
}

/** One recipient's status: the last error (LED) and the host it was tried on, or the plain reply. */
function statusParts(status: string): { reply: string; host: string | null } {
  const led = /\{LED=([^}]*)\}/.exec(status)?.[1];
  const host =
    /\{FQDN=([^};]+)\}/.exec(status)?.[1] ?? /\[LastAttemptedServerName=([^\]]+)\]/.exec(status)?.[1] ?? null;
  return { reply: (led ?? status).trim(), host: host?.trim() || null };
}

/** "a@x;b@y" with "550 …; not found;451 …": split only where a new status starts. */
const splitStatuses = (status: string, n: number) => (n > 1 ? status.split(/;(?=\s*(?:\[|[245]\d\d\b))/) : [status]);

export function explainTracking(text: string): ExplainResult[] | null {
  const lines = text.split(/\r\n|\r|\n/);
  const header = headerOf(lines);
  if (!header) return null;
  const col = (names: readonly string[]) => header.columns.findIndex((c) => names.includes(c));
  const at = {
    event: col(COLUMNS.event),
    recipients: col(COLUMNS.recipients),
    status: col(COLUMNS.status),
    server: col(COLUMNS.server),
  };
  const body = lines
    .slice(header.at)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .slice(0, MAX_ROWS)
    .join('\n');
  const rows = parse(body, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  return rows.flatMap((row) => {
    const event = (row[at.event] ?? '').toUpperCase();
    if (event !== 'FAIL' && event !== 'DEFER') return [];
    const recipients = (row[at.recipients] ?? '').split(';').filter(Boolean);
    const statuses = splitStatuses(row[at.status] ?? '', recipients.length);
    return recipients.map((recipient, i) => {
      const { reply, host } = statusParts(statuses[i] ?? statuses[0] ?? '');
      return explainReply({
        recipient: recipient.trim(),
        diagnostic: reply,
        command: null,
        remoteMta: host,
        reportingMta: row[at.server]?.trim() || null,
        permanent: event === 'FAIL',
      });
    });
  });
}
