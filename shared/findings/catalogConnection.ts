// Catalog entries for the network, the port, the greeting, STARTTLS and the certificate.
// See catalog.ts for the entry format.

import type { CatalogEntry } from './catalog';

export const CONNECTION_FINDINGS: readonly CatalogEntry[] = [
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
    fix: 'Check this computer\'s network connection. Without IPv6, connect over IPv4. For a private address, connect from inside that network or over its VPN.',
    refs: ['RFC 792', 'RFC 4443 §3.1'],
    vars: ['address'],
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
    title: 'Port {port} expects TLS from the first byte',
    explanation:
      'SMTP Lens spoke plain SMTP and waited for a greeting, but the server on port {port} waits for a TLS handshake first (implicit TLS). ' +
      'Plain text and TLS cannot understand each other, so nothing useful came back.',
    fix:
      'Use implicit TLS for this port (`--tls implicit`). Port 465 is the standard implicit-TLS port for submission ("submissions"), and RFC 8314 ' +
      'recommends it for mail clients. Port 587 uses STARTTLS instead.',
    refs: ['RFC 8314 §3.3'],
    vars: ['port'],
  },
  {
    id: 'port.plaintext-not-tls',
    severity: 'error',
    title: 'Port {port} speaks plain text, not TLS',
    explanation:
      'SMTP Lens started a TLS handshake, but the server on port {port} answered in plain text ("{firstBytes}"). It expects a normal SMTP greeting ' +
      'first and an upgrade with STARTTLS, as on ports 25 and 587.',
    fix:
      'Use `--tls starttls` (or `--tls auto`) for this port. Implicit TLS normally lives on port 465; if you expected it here, check the server ' +
      '(Postfix: `smtpd_tls_wrappermode=yes` on the submissions service in master.cf).',
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
      'If the pause is not deliberate, check the server\'s DNS resolver: reverse lookups that time out are the usual culprit. Otherwise check the greeting delay settings ' +
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
      'Give a proper name with `--ehlo`: the sending host\'s fully-qualified name, ideally the one its reverse DNS returns. Write an IP address in brackets, like [192.0.2.1]. ' +
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
      'STARTTLS is not in the server\'s EHLO reply, so this connection cannot be encrypted. Either TLS is not set up on the server, or a device in the path ' +
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
          'You asked for a STARTTLS session, but STARTTLS is not in the server\'s EHLO reply. SMTP Lens stopped rather than go on without encryption. ' +
          'A device in the path may also have removed it: some firewalls with SMTP inspection hide STARTTLS.',
      },
      opportunistic: {
        severity: 'warning',
        title: 'No STARTTLS: the session went on unencrypted',
        explanation:
          'STARTTLS is not in the server\'s EHLO reply, so SMTP Lens went on in plain text, as a mail server with opportunistic TLS would. ' +
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
    fix:
      'Start TLS first: `--tls starttls` on port 587, or implicit TLS on port 465. In a mail client, set the security of the outgoing server to STARTTLS (port 587) or SSL/TLS (port 465).',
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

  // ---- Certificates and handshake ------------------------------------------------------
  {
    id: 'tls.chain-incomplete',
    severity: 'error',
    title: 'The server does not send its intermediate certificate',
    explanation:
      'The server sent its own certificate but not the intermediate CA certificate that links it to a trusted root ({missingIssuer}). A server must send its ' +
      'certificate followed by every intermediate; only the root may be left out. Web browsers hide this mistake by downloading the missing certificate from the ' +
      'AIA address in the certificate ({aiaUrl}); most mail servers and many mail clients do not, so verification fails for them.',
    fix:
      'Install the full chain, your certificate first and then the intermediate(s). Postfix: in `smtpd_tls_chain_files` give the private key, then your certificate, then the ' +
      'intermediate (or point `smtpd_tls_cert_file` at a file holding your certificate followed by the intermediate). Exim: `tls_certificate` must be the full-chain file ' +
      '(with Let\'s Encrypt: fullchain.pem, not cert.pem). Exchange: import the intermediate into the computer\'s "Intermediate Certification Authorities" store, then restart the transport service.',
    refs: ['RFC 8446 §4.4.2', 'RFC 5246 §7.4.2', 'RFC 5280 §4.2.2.1'],
    vars: ['missingIssuer', 'aiaUrl'],
  },
  {
    id: 'tls.hostname-mismatch',
    severity: 'error',
    title: 'The certificate is not valid for {checkedName}',
    explanation:
      'SMTP Lens checked the certificate against {checkedName}, but the certificate only names: {certNames}. A client that checks certificates refuses it, ' +
      'because it cannot tell this server apart from an impostor.',
    fix:
      'Connect with one of the names in the certificate (the MX host name for server-to-server mail, the submission host name users configure for clients), ' +
      'or get a certificate that lists {checkedName} among its Subject Alternative Names. If the server hosts several names, check it picks the right certificate for the SNI name.',
    refs: ['RFC 9525 §6', 'RFC 7817'],
    vars: ['checkedName', 'certNames'],
    variants: {
      ip: {
        title: 'Connected by IP address, so the name check cannot pass',
        explanation:
          'You connected to an IP address, and the certificate names {certNames}. Mail server certificates almost never list IP addresses, so the check ' +
          'against {checkedName} fails even when the server is set up correctly.',
        fix:
          'Connect by host name: the MX host name for a server-to-server test, or the submission host name (such as smtp.example.com) for a client test. ' +
          'Or keep the IP address and give the expected name with `--servername`.',
      },
    },
  },
  {
    id: 'tls.cert-expired',
    severity: 'error',
    title: 'The certificate expired {ago} ago',
    explanation:
      'The certificate for {subject} was valid until {notAfter}. Clients that check certificates refuse it; mail clients show errors, and sending servers ' +
      'that enforce verified TLS (for example under an MTA-STS policy) stop delivering.',
    fix:
      'Renew the certificate, install it and reload the mail service (Postfix: `postfix reload`; Exchange: enable the new certificate for SMTP). With automatic renewal ' +
      '(certbot, acme.sh), check that the renewal hook reloads the mail server too, not only the web server.',
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'notAfter', 'ago'],
  },
  {
    id: 'tls.cert-not-yet-valid',
    severity: 'error',
    title: 'The certificate is not valid yet',
    explanation:
      'The certificate for {subject} only becomes valid on {notBefore}, {ahead} from now. Either a new certificate was installed too early, or a clock is wrong: ' +
      'this computer\'s clock, or the clock of the machine that issued the certificate.',
    fix: 'Check this computer\'s date and time first: clock skew is the usual cause. Turn on time synchronisation (NTP). If the clocks are right, put the previous certificate back until the new one is valid.',
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'notBefore', 'ahead'],
  },
  {
    id: 'tls.cert-expiring-soon',
    severity: 'warning',
    title: 'The certificate expires in {ahead}',
    explanation: 'The certificate for {subject} is valid until {notAfter}. After that, clients that check certificates will refuse it.',
    fix:
      'Renew it before {notAfter}. With automatic renewal, check that it ran recently and that the mail server loaded the new file: a classic trap is a web server ' +
      'that gets the renewed certificate while the mail server keeps the old one in memory.',
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'notAfter', 'ahead'],
  },
  {
    id: 'tls.self-signed',
    severity: 'error',
    title: 'The certificate is self-signed',
    explanation:
      'The certificate for {subject} is signed by itself, not by a certificate authority, so nothing vouches for it and clients that check certificates refuse it. ' +
      'Many servers still run with the self-signed "snakeoil" certificate created at installation.',
    fix:
      'Get a certificate from a public CA (Let\'s Encrypt is free and can renew automatically) for the name clients use. For a private server with your own CA, ' +
      'sign the certificate with that CA and give SMTP Lens the CA certificate with `--ca FILE`.',
    refs: ['RFC 5280 §6.1'],
    vars: ['subject'],
  },
  {
    id: 'tls.untrusted-root',
    severity: 'error',
    title: 'The chain ends at a root this computer does not trust',
    explanation:
      'The chain is complete but ends at {root}, which is not in the trust store SMTP Lens uses. That is normal for a company-internal CA. For a public server ' +
      'it is suspicious: a TLS-intercepting proxy or security product may be re-signing the connection.',
    fix:
      'For a private CA, pass its root certificate (PEM) with `--ca FILE`. For a public server, use a certificate from a publicly trusted CA. If you did not expect this ' +
      'root, look for a proxy or antivirus between you and the server.',
    refs: ['RFC 5280 §6.1'],
    vars: ['root'],
  },
  {
    id: 'tls.weak-protocol',
    severity: 'warning',
    title: 'The server still accepts {versions}',
    explanation:
      'TLS 1.0 and 1.1 are deprecated because of known weaknesses, and current clients no longer use them. A server that still accepts them lets old or misconfigured clients connect with weak protection.',
    fix:
      'Allow only TLS 1.2 and 1.3. Postfix 3.6 and later: `smtpd_tls_protocols = >=TLSv1.2` and `smtpd_tls_mandatory_protocols = >=TLSv1.2` (older: `!SSLv2, !SSLv3, !TLSv1, !TLSv1.1`). ' +
      'Exim: `openssl_options = +no_tlsv1 +no_tlsv1_1`. Exchange: turn off TLS 1.0 and 1.1 in Windows (SCHANNEL). On port 25, remember that senders that fail the handshake may fall back to plain text.',
    refs: ['RFC 8996', 'RFC 9325 §3.1.1'],
    vars: ['versions'],
  },
  {
    id: 'tls.weak-key',
    severity: 'warning',
    title: 'The certificate key is weak ({keyType}, {keyBits} bits)',
    explanation:
      'The certificate for {subject} uses a {keyType} key of {keyBits} bits. RSA keys under 2048 bits (and elliptic-curve keys under 256 bits) are breakable or close to it; ' +
      'public CAs stopped issuing them years ago, and many TLS setups refuse them (OpenSSL 3.2 and later, and several Linux distributions, reject RSA keys under 2048 bits by default).',
    fix: 'Create a new key, at least RSA 2048 (3072 is better) or ECDSA P-256, get a certificate for it and install both.',
    refs: ['NIST SP 800-131A', 'CA/Browser Forum Baseline Requirements §6.1.5'],
    vars: ['subject', 'keyType', 'keyBits'],
  },
  {
    id: 'tls.weak-signature',
    severity: 'warning',
    title: 'The certificate is signed with {sigAlg}',
    explanation:
      'The certificate for {subject} carries a {sigAlg} signature. MD5 and SHA-1 allow forged certificates through collision attacks, so such a signature proves little. ' +
      'Public CAs stopped using them years ago, and many TLS libraries reject them at their default settings.',
    fix: 'Have the certificate reissued with a SHA-256 (or stronger) signature. This concerns the certificates the server sends; the signature on a trusted root itself does not matter.',
    refs: ['RFC 9155', 'RFC 6151', 'RFC 6194'],
    vars: ['subject', 'sigAlg'],
  },
  {
    id: 'tls.handshake-failed',
    severity: 'error',
    title: 'The TLS handshake failed',
    explanation:
      'Client and server could not set up TLS: {reason}. Common causes: no TLS version or cipher in common (an old server that speaks only TLS 1.0, or a very strict one), ' +
      'a server that cannot load its certificate, or a device in the path interfering.',
    fix:
      'Compare the TLS versions each side allows (`--tls-versions` shows which ones the server accepts). Upgrade servers that only speak TLS 1.0 or 1.1. ' +
      'Look in the server log for certificate or key errors at the same time.',
    refs: ['RFC 8446 §6', 'RFC 5246 §7.2'],
    vars: ['reason'],
  },
];
