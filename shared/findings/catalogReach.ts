// Catalog entries for where a probe comes from: the proxy it goes through (--proxy). See
// catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const REACH_FINDINGS = defineFindings([
  {
    id: 'net.proxy-failed',
    severity: 'error',
    title: 'The proxy {proxy} did not connect to {target}',
    explanation:
      'The session goes through the proxy {proxy}, and the proxy did not open the way to the mail server: {detail}. ' +
      'Nothing was said to the mail server, so this says nothing about it.',
    fix: "Read the proxy's own log for this attempt. Check the proxy with another client the same way, for example `curl -v --proxy {proxy} telnet://{target}` (with `--proxytunnel` for an HTTP proxy).",
    refs: ['RFC 1928 §6', 'RFC 9110 §9.3.6'],
    vars: ['proxy', 'target', 'detail', 'port'],
    variants: {
      down: {
        title: 'The proxy {proxy} cannot be reached',
        explanation:
          'SMTP Lens could not open a connection to the proxy itself: {detail}. The mail server was never asked for.',
        fix: 'Start the proxy, or check its address and port. An SSH tunnel (`ssh -D 1080 host`) must still be open; it ends with the SSH session.',
      },
      timeout: {
        title: 'The proxy {proxy} did not answer in time',
        explanation:
          'The proxy took the connection and then said nothing, or took too long to reach {target}: {detail}. A proxy that hangs at this point usually tries to ' +
          'reach a server whose firewall drops the packets silently, as a blocked port 25 does.',
        fix: "Try the same target from the proxy's host (`nc -vz` there). If that hangs too, the network behind the proxy blocks the port; if it connects, look at the proxy's own limits.",
      },
      'auth-required': {
        title: 'The proxy {proxy} wants a user name and password',
        explanation: 'The proxy refused to go on without logging in: {detail}.',
        fix: 'Put the user in the URL (`socks5h://USER@HOST:PORT`) and give the password apart: `--proxy-pass-env VAR`, or at the prompt. It is never read from the command line.',
      },
      auth: {
        title: 'The proxy {proxy} refused the user name or password',
        explanation: 'The proxy asked to log in, and did not accept what it was given: {detail}.',
        fix: 'Check the user and password the proxy expects (Dante: its `socksmethod: username` users are system users; microsocks: `-u` and `-P`).',
      },
      'not-allowed': {
        title: 'The proxy {proxy} is not allowed to connect to {target}',
        explanation:
          'The proxy answered, and its rules refuse this destination: {detail}. The mail server was never reached.',
        fix: "Allow the destination in the proxy's rules (Dante: a `socks pass` rule for the port), or use a proxy that may reach it.",
      },
      'not-allowed-port25': {
        title: 'The proxy {proxy} refused to connect to port 25',
        explanation:
          'The proxy answered, and would not connect to {target}: {detail}. Many SOCKS and VPN providers block port 25 too, for the same reason ISPs do: to keep ' +
          'spam from going out through them.',
        fix: 'Use a proxy on a host that may send on port 25 (your own server with `ssh -D`), or test the submission ports 587 and 465 instead, which providers rarely block.',
      },
      'target-refused': {
        title: "The mail server refused the proxy's connection to {target}",
        explanation:
          'The proxy reached the server, and the server turned the connection down (nothing listens there, or a firewall rejects it): {detail}. The proxy itself works.',
        fix: "Check that the mail service listens on that port (`ss -ltnp` on the server). The server sees the proxy's address, not yours: a rule that rejects it does not reject you.",
      },
      'target-unreachable': {
        title: 'The proxy {proxy} cannot reach {target}',
        explanation: 'The proxy works, but has no way to the server: {detail}.',
        fix: "Check the name and address from the proxy's host. With socks5:// this machine resolves the name; with socks5h:// the proxy does, and its DNS may differ.",
      },
      protocol: {
        title: 'What answered at {proxy} is not a proxy of that kind',
        explanation: 'The answer at {proxy} did not follow the proxy protocol the URL names: {detail}.',
        fix: 'Check the scheme: socks5h:// or socks5:// for SOCKS5 (ssh -D, Dante, microsocks), socks4a:// for SOCKS4, http:// for an HTTP proxy that allows CONNECT.',
      },
    },
  },
]);
