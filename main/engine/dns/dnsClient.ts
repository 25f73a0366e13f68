// A DNS stub client that shows its work: every answer comes back with the server that gave
// it, the response code, the AD bit (RFC 4035 §3.2.3: the resolver says it validated the
// answer) and how long it took. node:dns hides all of that, and DANE and an honest DNS
// diagnosis need it. Packets are encoded and decoded by dns-packet; this file only sends,
// waits and bounds.
//
// Everything that comes back is hostile: the reply must carry our id and our question, a
// truncated UDP answer is asked again over TCP (RFC 7766), a TCP answer is bounded to one
// message (65,535 octets), and every attempt has a deadline.
import dgram from 'node:dgram';
import { getServers } from 'node:dns';
import net from 'node:net';
import { isIP } from '../ipLiteral';
import { randomInt } from 'node:crypto';
import type * as DnsPacket from 'dns-packet';
import type { DnsAnswer, RecordType } from '../../../shared/domain';

export interface DnsServer {
  address: string;
  port: number;
}

/** A query that got no usable answer from any server: timed out, refused the socket, or
 * answered something that is not a DNS reply to it. */
export class DnsQueryError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'MALFORMED' | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'DnsQueryError';
  }
}

/** RFC 1035 §4.2.2: TCP messages are prefixed by a two-octet length, so none is larger. */
const MAX_TCP_MESSAGE = 65_535;
/** The EDNS payload size the DNS flag day 2020 settled on: no fragmentation on most paths. */
const UDP_PAYLOAD = 1232;

type Packets = typeof DnsPacket;

/** dns-packet loads with the first query, not with every command that could make one. */
let packets: Packets | null = null;

function encodeQuery(packet: Packets, id: number, name: string, type: RecordType): Buffer {
  return packet.encode({
    type: 'query',
    id,
    // RD, and AD in the query asks a validating resolver to report the AD bit (RFC 6840 §5.7).
    flags: packet.RECURSION_DESIRED | packet.AUTHENTIC_DATA,
    questions: [{ type, name }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: UDP_PAYLOAD,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: packet.DNSSEC_OK,
        flag_do: true,
        options: [],
      },
    ],
  });
}

/** What dns-packet decodes, with the header fields its type declarations leave out. */
type Reply = DnsPacket.Packet & { flag_tc?: boolean; flag_ad?: boolean; rcode?: string };

/** The decoded reply, if it answers our query; null for anything else (a stray or spoofed
 * datagram is ignored, not believed). */
function replyTo(packet: Packets, id: number, name: string, type: RecordType, raw: Buffer): Reply | null {
  let decoded: Reply;
  try {
    decoded = packet.decode(raw);
  } catch {
    return null;
  }
  const q = decoded.questions?.[0];
  if (decoded.type !== 'response' || decoded.id !== id || !q) return null;
  if (q.type !== type || q.name.toLowerCase() !== name.toLowerCase()) return null;
  return decoded;
}

function overUdp(server: DnsServer, query: Buffer, accept: (raw: Buffer) => Reply | null, ms: number) {
  return new Promise<Reply>((resolve, reject) => {
    const socket = dgram.createSocket(isIP(server.address) === 6 ? 'udp6' : 'udp4');
    const done = (fn: () => void) => {
      clearTimeout(timer);
      socket.close();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new DnsQueryError('TIMEOUT', `no answer within ${ms} ms`))), ms);
    socket.on('message', (raw) => {
      const reply = accept(raw);
      if (reply) done(() => resolve(reply));
    });
    socket.on('error', (err) => done(() => reject(new DnsQueryError('NETWORK', err.message))));
    socket.send(query, server.port, server.address);
  });
}

function overTcp(server: DnsServer, query: Buffer, accept: (raw: Buffer) => Reply | null, ms: number) {
  return new Promise<Reply>((resolve, reject) => {
    const socket = net.connect(server.port, server.address);
    let buffered = Buffer.alloc(0);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const timer = setTimeout(
      () => done(() => reject(new DnsQueryError('TIMEOUT', `no answer over TCP within ${ms} ms`))),
      ms,
    );
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_TCP_MESSAGE + 2)
        return done(() => reject(new DnsQueryError('MALFORMED', 'a TCP answer longer than one DNS message')));
      if (buffered.length < 2) return;
      const size = buffered.readUInt16BE(0);
      if (buffered.length < size + 2) return;
      const reply = accept(buffered.subarray(2, size + 2));
      done(() =>
        reply ? resolve(reply) : reject(new DnsQueryError('MALFORMED', 'the TCP answer is not a reply to the query')),
      );
    });
    socket.on('error', (err) => done(() => reject(new DnsQueryError('NETWORK', err.message))));
    socket.on('end', () =>
      done(() => reject(new DnsQueryError('MALFORMED', 'the server closed TCP before a whole answer'))),
    );
  });
}

/** Asks the servers in order; the first that answers at all is believed (an NXDOMAIN or a
 * SERVFAIL is an answer). Throws DnsQueryError when none does. */
export async function queryDns(
  servers: readonly DnsServer[],
  name: string,
  type: RecordType,
  timeoutMs: number,
): Promise<DnsAnswer> {
  let last: DnsQueryError = new DnsQueryError('NETWORK', 'no DNS server to ask');
  packets ??= await import('dns-packet');
  const packet = packets;
  for (const server of servers) {
    const id = randomInt(0, 0x10000);
    const query = encodeQuery(packet, id, name, type);
    const accept = (raw: Buffer) => replyTo(packet, id, name, type, raw);
    const started = performance.now();
    try {
      let reply = await overUdp(server, query, accept, timeoutMs);
      let tcp = false;
      // RFC 7766 §5: a truncated answer is asked again over TCP.
      if (reply.flag_tc) {
        reply = await overTcp(server, query, accept, timeoutMs);
        tcp = true;
      }
      return {
        name,
        type,
        server: `${server.address}:${server.port}`,
        rcode: reply.rcode ?? 'NOERROR',
        ad: reply.flag_ad === true,
        answers: (reply.answers ?? []).map((a) => ({
          name: a.name,
          type: a.type,
          ttl: 'ttl' in a ? (a.ttl ?? 0) : 0,
          data: 'data' in a ? a.data : null,
        })),
        tcp,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (err) {
      last =
        err instanceof DnsQueryError ? err : new DnsQueryError('NETWORK', (err as Error).message ?? 'DNS query failed');
    }
  }
  throw last;
}

/** A TXT record is a list of strings; their concatenation is the value (RFC 7208 §3.3 style). */
export function txtValues(answer: DnsAnswer): string[] {
  return answer.answers
    .filter((r) => r.type === 'TXT')
    .map((r) => (Array.isArray(r.data) ? r.data : [r.data]).map((part) => String(part)).join(''));
}

/** "IP", "IP:PORT" or "[IPv6]:PORT" as given to --resolver; null when it is not one. */
export function parseResolver(text: string): DnsServer | null {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const [address, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : isIP(text) === 6
      ? [text, undefined]
      : (text.split(':') as [string, string | undefined]);
  if (!address || !isIP(address)) return null;
  const n = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) return null;
  return { address, port: n };
}

/** The operating system's DNS servers (from /etc/resolv.conf on Linux); empty when there are none. */
export function systemResolvers(): DnsServer[] {
  return getServers().flatMap((s) => parseResolver(s) ?? []);
}
