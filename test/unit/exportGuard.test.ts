import { describe, expect, it } from 'vitest';
import { secretForms } from '../../main/engine/auth';
import { EXPORT_FORMAT_IDS, exportTranscript } from '../../shared/export/index';
import { checkExport, findSecret, maskSecrets, secretNeedles } from '../../shared/export/secretGuard';
import { parseTranscriptJson } from '../../shared/transcriptSchema';
import { sendEvent } from './ladderSessions';
import { starttlsTranscript } from './exportFixture';

const creds = { user: 'alice@lab.test', secret: 'wonderland' };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('the secret guard', () => {
  it('knows every wire form the engine could send', () => {
    const needles = secretNeedles([creds]);
    for (const form of secretForms(creds)) expect(findSecret(`x ${form} y`, needles), form).not.toBeNull();
  });

  it('finds the secret base64-encoded inside longer base64, at any offset', () => {
    const needles = secretNeedles([creds]);
    for (const prefix of ['', 'a', 'ab', 'abc', 'user\0'])
      expect(findSecret(b64(`${prefix}wonderland and more`), needles), prefix).not.toBeNull();
    expect(findSecret(b64('something else entirely'), needles)).toBeNull();
  });

  it('refuses every format of a transcript that contains the password', () => {
    const t = starttlsTranscript({ banner: '220 mx.example ESMTP wonderland' });
    for (const format of EXPORT_FORMAT_IDS) {
      const r = exportTranscript(t, format, { secrets: [creds] });
      expect(r).toEqual({
        ok: false,
        code: 'SECRET_IN_EXPORT',
        message: expect.stringContaining('Refusing to write this export'),
      });
    }
    expect(exportTranscript(starttlsTranscript(), 'md', { secrets: [creds] }).ok).toBe(true);
  });

  it('refuses an AUTH line that carries credentials, even without knowing them', () => {
    const t = starttlsTranscript();
    t.events.push(sendEvent(99, 'auth', `AUTH PLAIN ${b64('\0bob\0hunter2')}`));
    expect(checkExport(t, '', [])?.message).toMatch(/AUTH command with its credentials in clear/);
    expect(exportTranscript(t, 'json').ok).toBe(false);
  });

  it('says where the secret is, without quoting it, and masks it for display', () => {
    const t = starttlsTranscript({ banner: '220 mx.example ESMTP wonderland' });
    expect(checkExport(t, '', [creds])?.message).toBe(
      'Refusing to write this export: it contains a password or token (found in event 2: a reply from the server, "220 mx.example ESMTP [secret removed]"). Nothing was written.',
    );
    const body = starttlsTranscript();
    body.events.push({ t: 99, type: 'send', stage: 'data', line: 'my password is wonderland', body: true });
    expect(checkExport(body, '', [creds])?.message).toMatch(
      new RegExp(`found in event ${body.events.length - 1}: a line of the message sent after DATA\\)`),
    );
    const masked = maskSecrets(t, [creds]);
    expect(JSON.stringify(masked)).not.toContain('wonderland');
    expect(checkExport(masked, JSON.stringify(masked), [creds])).toBeNull();
  });

  it('finds a secret that escaping would disguise in the file', () => {
    const secret = 'p<a&ss>"w';
    const t = starttlsTranscript({ banner: `220 ${secret}` });
    expect(exportTranscript(t, 'html', { secrets: [{ secret }] }).ok).toBe(false);
  });
});

describe('reading a transcript file', () => {
  it('accepts an export and returns it unchanged', () => {
    const text = JSON.stringify(starttlsTranscript(), null, 2);
    const r = parseTranscriptJson(text);
    expect(r.ok && JSON.stringify(r.transcript, null, 2)).toBe(text);
  });

  it('says clearly what is wrong with a file that is not one', () => {
    const problem = (text: string) => {
      const r = parseTranscriptJson(text);
      return r.ok ? null : r.problem;
    };
    expect(problem('not json')).toMatch(/^This file is not valid JSON/);
    expect(problem('[1,2]')).toMatch(/does not hold a JSON object/);
    expect(problem('{"name":"package"}')).toMatch(
      /not an SMTP Lens transcript: it has no "schema": "smtp-lens\/transcript@1"/,
    );
    expect(problem('{"schema":"smtp-lens/transcript@2"}')).toMatch(
      /schema "smtp-lens\/transcript@2", which this version of SMTP Lens does not know/,
    );
    const broken = starttlsTranscript() as unknown as { events: { type: string; lines?: unknown }[] };
    broken.events[2]!.lines = 'oops';
    expect(problem(JSON.stringify(broken))).toMatch(/^This SMTP Lens transcript is damaged: events\.2\.lines: /);
    const dangling = starttlsTranscript();
    dangling.findings = [{ id: 'x', severity: 'error', title: '', explanation: '', fix: '', refs: [], event: 999 }];
    expect(problem(JSON.stringify(dangling))).toMatch(/finding x points at event 999/);
  });
});
