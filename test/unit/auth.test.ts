import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authDialogue, chooseMechanism, redactTypedLine, secretForms } from '../../main/engine/auth';

const creds = { user: 'tim', secret: 'tanstaaftanstaaf' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('AUTH mechanisms', () => {
  it('PLAIN sends \\0user\\0password as the initial response and logs only a marker (RFC 4616)', () => {
    const d = authDialogue(creds, 'PLAIN');
    expect(d.first.raw).toBe(`AUTH PLAIN ${b64('\0tim\0tanstaaftanstaaf')}`);
    expect(d.first.logged).toBe('AUTH PLAIN [redacted]');
  });

  it('LOGIN answers "Username:" and "Password:" with redacted lines', () => {
    const d = authDialogue(creds, 'LOGIN');
    expect(d.first).toMatchObject({ raw: 'AUTH LOGIN', logged: 'AUTH LOGIN' });
    expect(d.answer(b64('Username:'), 0)).toEqual({ raw: b64('tim'), logged: '[redacted]', redacted: true });
    expect(d.answer(b64('Password:'), 1)).toEqual({
      raw: b64('tanstaaftanstaaf'),
      logged: '[redacted]',
      redacted: true,
    });
  });

  it('CRAM-MD5 matches the example of RFC 2195 §2', () => {
    const challenge = b64('<1896.697170952@postoffice.reston.mci.net>');
    const answer = authDialogue(creds, 'CRAM-MD5').answer(challenge, 0);
    expect(Buffer.from(answer.raw, 'base64').toString()).toBe('tim b913a602c7eda7a495b4e6e7334d3890');
    expect(answer.logged).toBe('[redacted]');
    expect(createHmac('md5', 'x').digest('hex')).toHaveLength(32);
  });

  it('XOAUTH2 carries the bearer token and answers a 334 error with an empty line', () => {
    const d = authDialogue({ user: 'a@b.example', secret: 'ya29.token' }, 'XOAUTH2');
    expect(Buffer.from(d.first.raw.split(' ')[2], 'base64').toString()).toBe(
      'user=a@b.example\x01auth=Bearer ya29.token\x01\x01',
    );
    expect(d.first.logged).toBe('AUTH XOAUTH2 [redacted]');
    expect(d.answer('eyJzdGF0dXMiOiI0MDEifQ==', 0).raw).toBe('');
  });

  it("chooses what the server offers, preferring the user's choice", () => {
    expect(chooseMechanism(['LOGIN', 'PLAIN'])).toBe('PLAIN');
    expect(chooseMechanism(['CRAM-MD5'])).toBe('CRAM-MD5');
    expect(chooseMechanism(['PLAIN'], 'LOGIN')).toBeNull();
    expect(chooseMechanism(['XOAUTH2'])).toBeNull();
  });

  it('redacts credentials in lines typed by hand', () => {
    expect(redactTypedLine('AUTH PLAIN AHRpbQB0YW5zdGFhZg==', false).logged).toBe('AUTH PLAIN [redacted]');
    expect(redactTypedLine('dGlt', true).logged).toBe('[redacted]');
    expect(redactTypedLine('*', true).logged).toBe('*');
    expect(redactTypedLine('MAIL FROM:<a@b>', false).logged).toBe('MAIL FROM:<a@b>');
  });

  it('lists every wire form of a secret for leak checks', () => {
    const forms = secretForms(creds);
    expect(forms).toContain('tanstaaftanstaaf');
    expect(forms).toContain(b64('tanstaaftanstaaf'));
    expect(forms).toContain(b64('\0tim\0tanstaaftanstaaf'));
  });
});
