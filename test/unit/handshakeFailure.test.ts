// How a failed handshake is put into words: by TLS alert first (the same on every library),
// then by the library's code, for OpenSSL (Node) and BoringSSL (Electron) alike.
import { describe, expect, it } from 'vitest';
import { diagnoseHandshake, libraryReason } from '../../main/engine/tls/handshakeFailure';
import { whatServerSpoke } from '../../main/engine/tls/protocolSniff';

const openssl = (routine: string, reason: string, alert?: number) =>
  `C0B7E9F4E1780000:error:0A00042E:SSL routines:${routine}:${reason}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:${alert === undefined ? '' : `SSL alert number ${alert}`}\n`;

describe('diagnoseHandshake', () => {
  const cases: [string, Parameters<typeof diagnoseHandshake>[0], string, string | null][] = [
    [
      'OpenSSL: protocol_version alert',
      {
        code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        message: openssl('ssl3_read_bytes', 'tlsv1 alert protocol version', 70),
      },
      'version',
      'protocol_version',
    ],
    [
      'BoringSSL: protocol_version alert, named only in the code',
      {
        code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        message: 'error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION',
      },
      'version',
      'protocol_version',
    ],
    [
      'the server picked an older version than offered',
      {
        code: 'ERR_SSL_UNSUPPORTED_PROTOCOL',
        message: openssl('ssl_choose_client_version', 'unsupported protocol'),
        serverVersion: 'TLSv1',
      },
      'version',
      null,
    ],
    [
      'handshake_failure alert',
      {
        code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
        message: openssl('ssl3_read_bytes', 'sslv3 alert handshake failure', 40),
      },
      'cipher',
      'handshake_failure',
    ],
    [
      'unrecognized_name, from the tap',
      {
        code: 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME',
        message: openssl('ssl3_read_bytes', 'tlsv1 unrecognized name', 112),
        alert: 112,
      },
      'sni',
      'unrecognized_name',
    ],
    [
      'certificate_unknown alert',
      {
        code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
        message: openssl('ssl3_read_bytes', 'sslv3 alert certificate unknown', 46),
      },
      'client-cert',
      'certificate_unknown',
    ],
    [
      'internal_error alert',
      {
        code: 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR',
        message: openssl('ssl3_read_bytes', 'tlsv1 alert internal error', 80),
      },
      'server-error',
      'internal_error',
    ],
    [
      'wrong version number: not TLS',
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: openssl('ssl3_get_record', 'wrong version number') },
      'not-tls',
      null,
    ],
    [
      'packet length too long: not TLS',
      { code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG', message: openssl('ssl3_get_record', 'packet length too long') },
      'not-tls',
      null,
    ],
    [
      'no shared cipher',
      { code: 'ERR_SSL_NO_SHARED_CIPHER', message: openssl('tls_post_process_client_hello', 'no shared cipher') },
      'cipher',
      null,
    ],
    [
      'legacy signature algorithm',
      {
        code: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
        message: openssl('tls_process_key_exchange', 'legacy sigalg disallowed or unsupported'),
      },
      'legacy-signature',
      null,
    ],
    [
      'DH key too small',
      { code: 'ERR_SSL_DH_KEY_TOO_SMALL', message: openssl('tls_process_ske_dhe', 'dh key too small') },
      'weak-dh',
      null,
    ],
    [
      'a hang-up',
      {
        code: 'ECONNRESET',
        message: 'Client network socket disconnected before secure TLS connection was established',
      },
      'reset',
      null,
    ],
    [
      'this client cannot offer the version',
      {
        code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
        message: openssl('ssl_cipher_list_to_bytes', 'no protocols available'),
      },
      'local',
      null,
    ],
  ];
  it.each(cases)('%s', (_name, input, kind, alert) => {
    const d = diagnoseHandshake(input);
    expect(d.kind).toBe(kind);
    expect(d.alert).toBe(alert);
    expect(d.library.startsWith(input.code)).toBe(true);
    expect(d.library).not.toContain('../deps');
  });

  it('words name the version the server chose', () => {
    expect(
      diagnoseHandshake({
        code: 'ERR_SSL_UNSUPPORTED_PROTOCOL',
        message: 'unsupported protocol',
        serverVersion: 'TLSv1.1',
      }).words,
    ).toBe('the server answered with TLS 1.1, a version this client did not offer');
  });

  it('keeps the library reason and the alert number, without the source path', () => {
    expect(libraryReason(openssl('ssl3_read_bytes', 'tlsv1 alert protocol version', 70))).toBe(
      'tlsv1 alert protocol version, SSL alert number 70',
    );
    expect(libraryReason('the TLS handshake failed: wrong version number')).toBe('wrong version number');
  });
});

describe('whatServerSpoke', () => {
  it.each([
    [Buffer.from([0x16, 0x03, 0x03, 0x00, 0x5a]), 'tls'],
    [Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), 'tls'],
    [Buffer.from('220 mail.example.com ESMTP Postfix\r\n'), 'smtp'],
    [Buffer.from('500 5.5.2 Error: bad syntax\r\n'), 'smtp'],
    [Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), 'other'],
    [Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), 'other'],
    [Buffer.from('+OK POP3 ready\r\n'), 'other'],
    [Buffer.from([0x00, 0xff, 0x10]), 'unknown'],
  ])('%s', (bytes, kind) => {
    expect(whatServerSpoke(bytes).kind).toBe(kind);
  });
});
