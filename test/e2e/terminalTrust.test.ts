// The terminal says what a typed session's TLS is worth at the handshake, refuses AUTH before
// asking for a password it would not send, and prints lines as they were sent.
import { describe, expect, it } from 'vitest';
import { appInChromium, connectTerminal } from '../helpers/browser';

const app = appInChromium({ width: 1280, height: 720 });

describe('the terminal', () => {
  it('on the missing-intermediate port: the verdict at the handshake, and AUTH refused before any prompt', async () => {
    const { page } = app();
    await page.getByTestId('practice-scenario').selectOption('missing-intermediate');
    const screen = await connectTerminal(page);
    await page.keyboard.type('EHLO trainee.example\r');
    await expect.poll(screen).toContain('250 SIZE');
    await page.keyboard.type('STARTTLS\r');
    await expect.poll(screen).toContain('TLS established, encrypted from here on');
    await expect.poll(screen).toMatch(/✗ Certificate NOT verified: /);
    await page.keyboard.type('EHLO trainee.example\r');
    await expect.poll(screen).toContain('250-AUTH');
    await page.keyboard.type('AUTH PLAIN\r');
    await expect.poll(screen).toMatch(/Not asking for credentials: the server's certificate failed verification/);
    expect(await screen()).not.toContain('Username:');
    await expect.poll(screen).toMatch(/smtp> \s*$/);
  }, 60_000);

  it('an empty line of a message is shown as sent, and explanations wrap between words', async () => {
    const { page } = app();
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    const screen = await connectTerminal(page);
    for (const line of [
      'EHLO trainee.example',
      'MAIL FROM:<a@lab.test>',
      'RCPT TO:<someone@example.org>',
      'RCPT TO:<bob@lab.test>',
      'DATA',
    ])
      await page.keyboard.type(`${line}\r`);
    await expect.poll(screen).toContain('354');
    await expect.poll(screen).toMatch(/data> \s*$/);
    await page.keyboard.type('Subject: hi\r');
    await page.keyboard.type('\r');
    await page.keyboard.type('body\r');
    await page.keyboard.type('.\r');
    await expect.poll(screen).toMatch(/queued/);
    const text = await screen();
    expect(text).not.toMatch(/data> C:/);
    expect(text).toMatch(/^C: Subject: hi\s*\nC:\s*\nC: body\s*$/m);
    // Our own sentences are broken between words before they reach the edge: a row filled to
    // the last column is one xterm cut, wherever the cut fell.
    const cols = Number(await page.getByTestId('terminal').getAttribute('data-cols'));
    expect(cols).toBeGreaterThan(40);
    const full = text.split('\n').filter((row) => row.trimEnd().length >= cols - 1);
    expect(full).toEqual([]);
    // The long reading of the refused RCPT is there, on more than one line.
    expect(text).toMatch(/↳ 554 Transaction failed/);
  }, 60_000);
});
