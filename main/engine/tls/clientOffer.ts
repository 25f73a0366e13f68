// What a ClientHello says about the client, in the terms an admin decides by: the newest TLS
// version it can speak, whether it names the server (SNI), and whether anything it offers has
// forward secrecy. Providers' requirements are stated in these terms (TLS 1.2 or later).
import { cipherSuiteName, keyExchangeOf } from '../../../shared/knowledge/cipherSuites';
import type { ClientHello } from './clientHello';
import { groupName } from './tlsRecords';

const VERSION_WORDS: Record<number, string> = {
  772: 'TLS 1.3',
  771: 'TLS 1.2',
  770: 'TLS 1.1',
  769: 'TLS 1.0',
  768: 'SSL 3.0',
  2: 'SSL 2.0',
};
export const versionWords = (v: number) => VERSION_WORDS[v] ?? `0x${v.toString(16).padStart(4, '0')}`;

export interface ClientOffer {
  /** The newest version offered, in words ("TLS 1.2"); an SSLv2-format hello is "SSL 2.0 hello". */
  newest: string;
  /** Every version offered, newest first, in words. */
  versions: string[];
  /** Nothing newer than TLS 1.1 (or an SSL hello): what Microsoft 365, Gmail and most
   * providers now refuse (RFC 8996 deprecates TLS 1.0 and 1.1). */
  outdated: boolean;
  /** No server_name: a server with several certificates cannot pick the right one. */
  noSni: boolean;
  /** Every suite offered uses RSA key exchange: no forward secrecy, and refused by servers
   * that allow only ECDHE/DHE and TLS 1.3 suites. */
  rsaOnly: boolean;
  ciphers: string[];
  groups: string[];
}

export function clientOffer(h: ClientHello): ClientOffer {
  const versions = [...h.versions].sort((a, b) => b - a);
  const newest = h.sslv2 ? 'SSL 2.0 hello' : versionWords(versions[0]);
  // The signalling values (0x00FF, 0x5600) are not suites; an unknown suite is never counted
  // as RSA, so the verdict errs towards silence.
  const real = h.ciphers.filter((c) => c !== 0x00ff && c !== 0x5600);
  return {
    newest,
    versions: versions.map(versionWords),
    outdated: h.sslv2 || versions[0] < 0x0303,
    noSni: h.sni === null,
    rsaOnly: real.length > 0 && real.every((c) => keyExchangeOf(c) === 'rsa'),
    ciphers: h.ciphers.map(cipherSuiteName),
    groups: h.groups.map(groupName),
  };
}
