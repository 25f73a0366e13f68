// A vendor's reading of a reply is a fact only when the server names that vendor: many products
// share wordings, and a banner may name none. Then a product that can hide its name gets the
// reading as a guess ("if this is Postfix"), and a hosted service none at all.
import { describe, expect, it } from 'vitest';
import { identifyServer } from '../../shared/knowledge/serverIdentity';
import { matchServerSignature } from '../../shared/knowledge/serverSignatures';

const relay = (server: string | null) =>
  matchServerSignature(554, '5.7.1', '554 5.7.1 <bob@example.org>: Relay access denied', server);
const authRequired = (server: string | null) =>
  matchServerSignature(530, '5.7.0', '530 5.7.0 Error: authentication Required', server);

describe('vendor readings and the server that answered', () => {
  it('names the product from the greeting', () => {
    expect(identifyServer(['220 mx.example.org ESMTP Postfix (Debian/GNU)'])).toBe('Postfix');
    expect(identifyServer(['220 mx.google.com ESMTP a1-20020a05 - gsmtp'])).toBe('Gmail');
    expect(identifyServer(['220 AM0PR01.outlook.office365.com Microsoft ESMTP MAIL Service ready'])).toBe('Microsoft');
    expect(identifyServer(['220 mail.lab.test ESMTP SMTP Lens practice server'])).toBeNull();
  });

  it('Postfix wording on a server that says it is Postfix: the reading is stated', () => {
    expect(relay('Postfix')).toMatchObject({ label: 'Postfix: relay access denied' });
    expect(relay('Postfix')?.advice).not.toMatch(/^If this is/);
  });

  it('the same wording from a server that names nothing: a guess, worded as one', () => {
    expect(relay(null)?.label).toBe("relay access denied (Postfix's wording)");
    expect(relay(null)?.advice).toMatch(/^If this is Postfix: /);
  });

  it('a server that names another product gets no Postfix reading', () => {
    expect(relay('Exim')?.server ?? 'none').not.toBe('Postfix');
  });

  it('"Authentication Required" from an unnamed server is not read as Gmail; from Gmail it is', () => {
    expect(authRequired(null)?.server ?? 'none').not.toBe('Gmail');
    expect(authRequired('Gmail')).toMatchObject({ server: 'Gmail', label: 'Gmail: authentication required' });
  });
});
