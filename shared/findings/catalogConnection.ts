// Catalog entries for the network, the port, the greeting, STARTTLS and (through catalogTls.ts
// and catalogTlsHandshake.ts) the certificate and the handshake. See catalog.ts for the entry format.

import { defineFindings } from './defineFindings';
import { TLS_CERTIFICATE_FINDINGS } from './catalogTls';
import { TLS_HANDSHAKE_FINDINGS } from './catalogTlsHandshake';

export const CONNECTION_FINDINGS = defineFindings([
  // ---- Network -------------------------------------------------------------------------
  {
    id: 'net.dns-not-found',
    severity: 'error',
    title: 'The name {host} does not resolve',
    explanation:
      'DNS has no address (A or AAAA record) for {host}, so there is nothing to connect to. The name may be misspelt or never created, ' +
      'or it exists only in an internal DNS that this computer does not use.',
    fix:
      'Check the spelling, then look the name up: `dig {host} A` and `dig {host} AAAA`. To reach the mail servers of a domain, look up its MX ' +
      'records (`dig example.com MX`) and connect to the host names they list, not to the domain itself. Internal names need the internal resolver, for example over the VPN.',
    refs: ['RFC 5321 §5.1'],
    vars: ['host'],
  },
  {
    id: 'net.refused',
    severity: 'error',
    title: 'Connection refused by {address} on port {port}',
    explanation:
      'The host is up, but it turned the connection down straight away (a TCP reset). Nothing is listening on port {port}, ' +
      'or a firewall actively rejects the connection.',
    fix:
      'On the server, check that the mail service runs and listens on that port and address (`ss -ltnp`; Postfix: the service line in master.cf; ' +
      'Exchange: the bindings of the receive connector). Check host firewalls. The standard ports are 25 (server to server), 587 (submission with STARTTLS) and 465 (submission with implicit TLS).',
    refs: ['RFC 9293 §3.5.2', 'RFC 6409 §3.1', 'RFC 8314 §3.3'],
    vars: ['address', 'port'],
  },
  {
    id: 'net.timeout',
    severity: 'error',
    title: 'No answer from {address} on port {port}',
    explanation:
      'Nothing came back within {seconds} seconds: no refusal, just silence. Something drops the packets on the way: a firewall at either end, ' +
      'a provider filter, or a host that is down.',
    fix:
      'Try the same port from another network to find out which end blocks it (for example `nc -vz {address} {port}` from a server elsewhere). ' +
      'Check the server firewall and any cloud security group. If other ports on the same host answer, the block is specific to this port.',
    refs: ['RFC 6409 §3.1', 'RFC 8314 §3.3'],
    vars: ['address', 'port', 'seconds'],
    variants: {
      port25: {
        title: 'No answer on port 25: outgoing port 25 is probably blocked on your side',
        explanation:
          'Nothing answered on port 25 within {seconds} seconds. Many home ISPs and most large cloud providers (AWS, Google Cloud, Azure and others) block outgoing ' +
          'connections to port 25, to stop infected or abused machines from sending spam directly. The server is probably fine; your network cannot reach it on this port.',
        fix:
          'To send mail as a user, you do not need port 25: use 587 (STARTTLS) or 465 (implicit TLS) and log in. To test server-to-server delivery, run the probe from a host ' +
          'that may send on port 25, or ask your provider to lift the block: some do on request (AWS, for example), others never do (Google Cloud) and expect you to relay through a mail service on another port.',
      },
    },
  },
  {
    id: 'net.unreachable',
    severity: 'error',
    title: 'No route to {address}',
    explanation:
      'This computer or a router on the way reported that {address} cannot be reached at all. Typical cases: an IPv6 address on a network without IPv6, ' +
      'or a private address (10.x, 172.16-31.x, 192.168.x) used from outside its network.',
    fix: "Check this computer's network connection. Without IPv6, connect over IPv4. For a private address, connect from inside that network or over its VPN.",
    refs: ['RFC 792', 'RFC 4443 §3.1'],
    vars: ['address', 'bind'],
    variants: {
      // EADDRNOTAVAIL: the source address asked for (--bind) is not one of this machine's.
      'no-such-source': {
        title: 'This machine has no address {bind} to connect from',
        explanation:
          'The connection was to leave from {bind} (--bind), and no network interface of this computer has that address, so nothing was sent to {address}.',
        fix: "Give --bind one of this computer's own addresses (`ip -brief addr` lists them), or leave it out to let the system choose.",
      },
    },
  },
  {
    id: 'net.reset',
    severity: 'error',
    title: 'The connection was reset during {stage}',
    explanation:
      'The connection was torn down abruptly (a TCP reset) without any SMTP reply. During TLS this often means the two sides found no TLS version or cipher in common. ' +
      'At other stages a firewall, load balancer or anti-spam appliance may have cut the connection, or the server process crashed.',
    fix:
      'Read the server log at the time of the test. At the TLS stage, compare the TLS versions and ciphers both sides allow. At connect or greeting, look for intrusion-prevention ' +
      'or anti-spam devices that drop unknown or listed IP addresses.',
    refs: ['RFC 9293 §3.5.3'],
    vars: ['stage'],
  },
  {
    id: 'net.closed-by-server',
    severity: 'error',
    title: 'The server hung up during {stage}',
    explanation:
      'The server closed the connection without a reply that said why. SMTP expects a server to close only after QUIT, or to send a 421 first when it has to stop early. ' +
      'Silent hang-ups usually come from connection limits, blocklist checks before the greeting, or a crash.',
    fix:
      'Find this connection in the server log; Postfix logs the reason near "lost connection" or "disconnect", and postscreen may drop clients it does not trust. ' +
      'If your IP address is dynamic or listed, test from elsewhere.',
    refs: ['RFC 5321 §3.8'],
    vars: ['stage'],
  },

  // ---- Port and protocol ---------------------------------------------------------------
  {
    id: 'port.implicit-tls-expected',
    severity: 'error',
    title: 'Port {port} speaks TLS from the first byte: use implicit TLS',
    explanation:
      "SMTP Lens connected in plain text and waited for the server's 220 greeting, but none came: that is the timeout above. A TLS handshake on a new connection " +
      'then succeeded, so this port speaks TLS from the first byte, like 465, and says nothing until a client starts TLS (implicit TLS). A client that connects in ' +
      'plain text or expects STARTTLS waits for a greeting that never comes and reports a timeout, not a TLS problem.',
    fix:
      'Use implicit TLS for this port: `--tls implicit` here; in a mail client, the security setting "SSL/TLS" (not "STARTTLS" or "None"). Port 465 ("submissions") ' +
      'is the standard port for implicit TLS, and RFC 8314 recommends it for mail clients; ports 25 and 587 start in plain text and switch with STARTTLS.',
    refs: ['RFC 8314 §3.3'],
    vars: ['port'],
    variants: {
      'auto-on-starttls-port': {
        severity: 'warning',
        title: 'Port {port} speaks TLS from the first byte, where clients expect plain text and STARTTLS',
        explanation:
          'No plaintext greeting came in the seconds auto mode waits after connecting, so auto mode tried a TLS handshake on a new connection, and the server answered it. This port ' +
          'uses implicit TLS. Port {port} is meant to start in plain text and upgrade with STARTTLS, so a mail client set up the usual way for {port} waits for a ' +
          'greeting that never comes and reports a timeout.',
        fix:
          'Either serve STARTTLS on {port} and implicit TLS on 465, as RFC 8314 describes (Postfix: `smtpd_tls_wrappermode` only on the submissions service ' +
          'in master.cf), or tell users to choose "SSL/TLS" for this port.',
      },
    },
  },
  {
    id: 'port.plaintext-not-tls',
    severity: 'error',
    title: 'Port {port} speaks plain text first: use STARTTLS, not implicit TLS',
    explanation:
      'SMTP Lens started a TLS handshake right after connecting (implicit TLS), but the server on port {port} answered in plain SMTP ("{firstBytes}"). It expects ' +
      'a plain-text greeting first and an upgrade with STARTTLS, as on ports 25 and 587. The TLS library calls this "wrong version number" or "packet length too long", ' +
      'because it tried to read the text as TLS.',
    fix:
      'Use STARTTLS for this port: `--tls starttls` (or `--tls auto`); in a mail client, the security setting "STARTTLS" with port 587. If you meant implicit TLS, ' +
      'use port 465, or enable it on the server (Postfix: a submissions service in master.cf with `-o smtpd_tls_wrappermode=yes`; Exim: `tls_on_connect_ports = 465`).',
    refs: ['RFC 3207 §4', 'RFC 8314 §3.3'],
    vars: ['port', 'firstBytes'],
  },
  {
    id: 'port.not-smtp',
    severity: 'error',
    title: 'This port does not speak SMTP (it looks like {protocol})',
    explanation:
      'The first line from the server was "{firstLine}". An SMTP server starts with a 220 greeting; this looks like {protocol}. ' +
      'The port number may be wrong, or another service uses it.',
    fix: 'Check which port the mail service listens on. Usual mix-ups: 110/995 are POP3, 143/993 are IMAP, 80/443 are the web. Submission is 587 or 465; server-to-server mail is 25.',
    refs: ['RFC 5321 §3.1', 'RFC 5321 §4.2'],
    vars: ['protocol', 'firstLine'],
    variants: {
      'answered-hello': {
        title: 'This port does not speak SMTP: it answered as {protocol}',
        explanation:
          'The server sent no SMTP greeting, so SMTP Lens tried a TLS hello in case the port expects implicit TLS. It answered "{firstLine}", which is {protocol}, ' +
          'neither SMTP nor TLS. An SMTP server starts with a 220 greeting, in plain text or right after TLS. The port number may be wrong, or another service uses it.',
      },
    },
  },

  // ---- Greeting ------------------------------------------------------------------------
  {
    id: 'smtp.banner-rejected',
    severity: 'error',
    title: 'The server refused the session at the greeting',
    explanation:
      'Instead of the usual 220 greeting the server answered "{reply}". A 554 greeting means "no mail service for you", a 421 means "not now". ' +
      'Servers do this when the connecting IP address is on a blocklist, has no reverse DNS, opens too many connections, or is outside the networks allowed here.',
    fix:
      'Read the reply text: it often names the blocklist or the rule. Look up your public IP address on that list and ask for removal once the cause is fixed. ' +
      'Give the sending IP a reverse DNS (PTR) name that resolves back to it. After a 421, wait and try again.',
    refs: ['RFC 5321 §3.1', 'RFC 5321 §3.8'],
    vars: ['reply'],
  },
  {
    id: 'smtp.banner-slow',
    severity: 'warning',
    title: 'The greeting took {seconds} seconds',
    explanation:
      'The server waited {seconds} seconds before its 220 greeting. Some servers pause on purpose to catch spam software that talks before the greeting ' +
      '(Postfix postscreen, the Sendmail greet_pause feature, Exim ACL delays). Slow reverse DNS lookups on the server are the other common cause. ' +
      'RFC 5321 lets clients wait 5 minutes for the greeting, but impatient clients give up much sooner.',
    fix:
      "If the pause is not deliberate, check the server's DNS resolver: reverse lookups that time out are the usual culprit. Otherwise check the greeting delay settings " +
      '(Postfix postscreen_greet_wait, Sendmail greet_pause, an Exim `delay` in the connect ACL).',
    refs: ['RFC 5321 §4.5.3.2.1'],
    vars: ['seconds'],
  },
  {
    id: 'smtp.ehlo-rejected',
    severity: 'error',
    title: 'The server rejected EHLO',
    explanation:
      'The server answered EHLO with "{reply}". Without EHLO there are no extensions: no STARTTLS, no AUTH, no SIZE. Servers reject the name given with EHLO ' +
      'when it is not a fully-qualified domain name, is a bare IP address without brackets, or claims to be the server itself.',
    fix:
      "Give a proper name with `--ehlo`: the sending host's fully-qualified name, ideally the one its reverse DNS returns. Write an IP address in brackets, like [192.0.2.1]. " +
      'On Postfix the rules are in smtpd_helo_restrictions (reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname).',
    refs: ['RFC 5321 §4.1.1.1', 'RFC 5321 §4.1.4'],
    vars: ['reply'],
  },

  // ---- STARTTLS ------------------------------------------------------------------------
  {
    id: 'tls.starttls-not-offered',
    severity: 'warning',
    title: 'The server does not offer STARTTLS',
    explanation:
      "STARTTLS is not in the server's EHLO reply, so this connection cannot be encrypted. Either TLS is not set up on the server, or a device in the path " +
      'removed it: some firewalls with SMTP inspection hide STARTTLS (it may show up as a line of X characters).',
    fix:
      'Install a certificate and enable TLS. Postfix: `smtpd_tls_security_level = may` plus `smtpd_tls_chain_files`. Exim: `tls_advertise_hosts = *` with tls_certificate ' +
      'and tls_privatekey. Exchange: assign a certificate to the SMTP service (Enable-ExchangeCertificate -Services SMTP). If the server is configured and STARTTLS is still missing, look for SMTP inspection on a firewall.',
    refs: ['RFC 3207 §4'],
    vars: [],
    variants: {
      required: {
        severity: 'error',
        title: 'STARTTLS was required, but the server does not offer it',
        explanation:
          "You asked for a STARTTLS session, but STARTTLS is not in the server's EHLO reply. SMTP Lens stopped rather than go on without encryption. " +
          'A device in the path may also have removed it: some firewalls with SMTP inspection hide STARTTLS.',
      },
      opportunistic: {
        severity: 'warning',
        title: 'No STARTTLS: the session went on unencrypted',
        explanation:
          "STARTTLS is not in the server's EHLO reply, so SMTP Lens went on in plain text, as a mail server with opportunistic TLS would. " +
          'Everything in this session, including addresses and the message, could be read by anyone on the path.',
      },
    },
  },
  {
    id: 'tls.starttls-failed',
    severity: 'error',
    title: 'The server refused STARTTLS',
    explanation:
      'The server offered STARTTLS but answered the command with "{reply}". A 454 means TLS is not available for now, usually because the server ' +
      'cannot load its certificate or key. A 501 or 503 points to a syntax or sequence problem.',
    fix:
      'Check the server log right after the failed command. Postfix warns when it cannot load a certificate or when the key does not match: make sure the files in ' +
      'smtpd_tls_chain_files (or smtpd_tls_cert_file and smtpd_tls_key_file) exist, can be read by Postfix and belong together. Exim: check tls_certificate and tls_privatekey.',
    refs: ['RFC 3207 §4'],
    vars: ['reply'],
  },
  {
    id: 'tls.encryption-required',
    severity: 'error',
    title: 'The server requires encryption before {command}',
    explanation:
      'The server answered {command} with "{reply}": it does not go on over an unencrypted connection. That is good practice on submission ports.',
    fix: 'Start TLS first: `--tls starttls` on port 587, or implicit TLS on port 465. In a mail client, set the security of the outgoing server to STARTTLS (port 587) or SSL/TLS (port 465).',
    refs: ['RFC 3207 §4', 'RFC 8314 §3.3'],
    vars: ['reply', 'command'],
  },
  {
    id: 'tls.plaintext-after-starttls',
    severity: 'warning',
    title: 'The server sent {bytes} bytes in plain text after agreeing to STARTTLS',
    explanation:
      'After "220 Ready to start TLS" nothing may arrive until the TLS handshake, yet {bytes} bytes came in plain text: "{preview}". SMTP Lens threw them away. ' +
      'Bytes sent before the handshake are unprotected and could have been injected by anyone in the path. A program that keeps such bytes and reads them after the ' +
      'handshake treats forged plaintext as if it were encrypted: the STARTTLS injection class of bugs (CVE-2011-0411 on the server side; the same mistake in clients ' +
      'lets an attacker forge server replies). It can also mean the server, or a proxy in front of it, handles STARTTLS wrongly.',
    fix:
      'Look for a proxy, load balancer or firewall in the path that adds data. Otherwise update the server software: a correct server sends nothing between its 220 and the handshake. ' +
      'Make sure the mail clients and servers you run are patched against STARTTLS injection.',
    refs: ['RFC 3207 §4.2', 'RFC 3207 §6', 'CVE-2011-0411'],
    vars: ['bytes', 'preview'],
  },

  // ---- Certificates and handshake: catalogTls.ts and catalogTlsHandshake.ts -----------
  ...TLS_CERTIFICATE_FINDINGS,
  ...TLS_HANDSHAKE_FINDINGS,
]);
