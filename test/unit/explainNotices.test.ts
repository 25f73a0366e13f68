// Free-form non-delivery notices (no delivery-status part), each vendor's real shape from
// test/helpers/noticeCorpus.ts: the recipient, the reply, the host that refused and the
// command it answered, read as an admin reading the notice would.
import { describe, expect, it } from 'vitest';
import { explainInput } from '../../main/engine/explain/explainInput';
import { NOTICES } from '../helpers/noticeCorpus';

describe('free-form notices', () => {
  for (const n of NOTICES)
    it(`${n.vendor}: ${n.expected.reason} for ${n.expected.recipient}`, async () => {
      const e = await explainInput(Buffer.from(n.text), `${n.vendor}.eml`);
      expect(e.kind).toBe('bounce');
      expect(e.results).toHaveLength(1);
      expect(e.results[0]).toMatchObject(n.expected);
    });

  it('covers the vendors the field meets', () => {
    const vendors = NOTICES.map((n) => n.vendor.split(' (')[0]);
    for (const v of [
      'Exchange Online',
      'Gmail',
      'Yahoo',
      'Outlook.com',
      'iCloud',
      'Zoho',
      'qmail',
      'Mimecast',
      'Exim',
      'Sendmail',
    ])
      expect(vendors).toContain(v);
  });

  it('reads the authentication results the returned headers quote, in words', async () => {
    const dmarc = NOTICES.find((n) => n.vendor === 'Exchange Online (DMARC)')!;
    const [r] = (await explainInput(Buffer.from(dmarc.text), 'dmarc.eml')).results;
    expect(r.authentication.map((a) => `${a.method}=${a.result}`)).toEqual([
      'spf=fail',
      'dkim=none',
      'dmarc=fail',
      'compauth=fail',
    ]);
    expect(r.authentication[2].words).toMatch(
      /^DMARC failed: neither SPF nor DKIM passed for a domain aligned with the From: address/,
    );
  });

  it("reads Microsoft's capitalised form in a pasted reply", async () => {
    const reply =
      "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level. (Spf=Pass, Dkim=Fail, DMARC=Fail)";
    const [r] = (await explainInput(Buffer.from(reply), 'reply.txt')).results;
    expect(r.reason).toBe('policyviolation');
    expect(r.authentication.map((a) => `${a.method}=${a.result}`)).toEqual(['spf=pass', 'dkim=fail', 'dmarc=fail']);
    expect(r.authentication[1].words).toMatch(/^DKIM failed: the signature does not verify/);
  });

  it('does not read a normal message that names a recipient as a bounce', async () => {
    const text =
      'From: Carol <carol@example.com>\nTo: alice@example.com\nSubject: Minutes\n\nRecipient: bob@example.org\nThe minutes are attached; 550 copies were printed.\n';
    const e = await explainInput(Buffer.from(text), 'minutes.eml');
    expect(e.kind).toBe('unknown');
    expect(e.results).toEqual([]);
  });
});
