// Exchange message tracking, as admins paste it: the raw MSGTRK log under "#Fields:" and
// Get-MessageTrackingLog | Export-Csv. Field names and the RecipientStatus form
// "[{LRT=…};{LED=…};{FQDN=…};{IP=…}]" are those of Microsoft Learn, "Message tracking in
// Exchange Server" (the fields of the message tracking log) and of Get-MessageTrackingLog's
// output for DEFER and FAIL events.
import { describe, expect, it } from 'vitest';
import { explainInput } from '../../main/engine/explain/explainInput';

const RAW_FIELDS = [
  'date-time',
  'client-ip',
  'client-hostname',
  'server-ip',
  'server-hostname',
  'source-context',
  'connector-id',
  'source',
  'event-id',
  'internal-message-id',
  'message-id',
  'network-message-id',
  'recipient-address',
  'recipient-status',
  'total-bytes',
  'recipient-count',
  'related-recipient-address',
  'reference',
  'message-subject',
  'sender-address',
  'return-path',
  'message-info',
  'directionality',
  'tenant-id',
  'original-client-ip',
  'original-server-ip',
  'custom-data',
  'transport-traffic-type',
  'log-id',
  'schema-version',
];

/** One CSV row of the raw log, with the named fields filled and the rest empty. */
const rawRow = (values: Record<string, string>) =>
  RAW_FIELDS.map((f) => {
    const v = values[f] ?? '';
    return /[",;\s]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');

const RAW_LOG = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.02.1118.007',
  '#Log-type: Message Tracking Log',
  '#Date: 2026-12-03T09:00:01.123Z',
  `#Fields: ${RAW_FIELDS.join(',')}`,
  rawRow({
    'date-time': '2026-12-03T09:15:20.100Z',
    'server-hostname': 'EX01',
    source: 'SMTP',
    'event-id': 'RECEIVE',
    'recipient-address': 'bob@fabrikam.com',
    'sender-address': 'alice@contoso.com',
  }),
  rawRow({
    'date-time': '2026-12-03T09:15:22.456Z',
    'server-hostname': 'EX01',
    source: 'SMTP',
    'event-id': 'FAIL',
    'recipient-address': 'bob@fabrikam.com',
    'recipient-status': '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
    'message-subject': 'Quarterly report, final',
    'sender-address': 'alice@contoso.com',
  }),
].join('\r\n');

const EXPORT_CSV = `#TYPE Selected.Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent
"Timestamp","EventId","Source","Sender","Recipients","MessageSubject","RecipientStatus","ServerHostname"
"12/3/2026 9:15:22 AM","SEND","SMTP","alice@contoso.com","carol@example.net","Report","250 2.6.0 Queued mail for delivery","EX01"
"12/3/2026 9:20:41 AM","DEFER","SMTP","alice@contoso.com","bob@example.org","Report","[{LRT=12/3/2026 9:20:40 AM};{LED=451 4.4.0 Primary target IP address responded with: ""421 4.4.2 Connection dropped."" Attempted failover to alternate host, but that did not succeed.};{FQDN=mx.example.org};{IP=192.0.2.7}]","EX01"
`;

describe('Exchange message tracking', () => {
  it('the raw log: the FAIL row, its recipient and reply, the server that logged it; RECEIVE is not a failure', async () => {
    const e = await explainInput(Buffer.from(RAW_LOG), 'MSGTRK2026120309-1.LOG');
    expect(e.kind).toBe('log');
    expect(e.results).toEqual([
      expect.objectContaining({
        recipient: 'bob@fabrikam.com',
        reason: 'userunknown',
        permanent: true,
        status: '5.1.1',
        replyCode: 550,
        reportingMta: 'EX01',
        diagnostic: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
      }),
    ]);
  });

  it('Export-Csv: the DEFER row with its last error and the host it tried, temporary', async () => {
    const e = await explainInput(Buffer.from(EXPORT_CSV), 'tracking.csv');
    expect(e.kind).toBe('log');
    expect(e.results).toEqual([
      expect.objectContaining({
        recipient: 'bob@example.org',
        permanent: false,
        status: '4.4.0',
        replyCode: 451,
        remoteMta: 'mx.example.org',
        reason: 'networkerror',
      }),
    ]);
    expect(e.results[0].diagnostic).toMatch(
      /^451 4\.4\.0 Primary target IP address responded with: "421 4\.4\.2 Connection dropped\."/,
    );
  });
});
