// The DNS client against small hostile DNS servers on 127.0.0.1: a reply that is not ours is
// ignored, garbage is not believed, a truncated answer is asked again over TCP, a TCP answer
// larger than one message is refused, and silence ends at the deadline.
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { DnsQueryError, parseResolver, queryDns } from '../../main/engine/dns/dnsClient';
import { parseMailTarget } from '../../shared/domainName';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type Query = packet.Packet & { id: number };

/** A UDP DNS server on 127.0.0.1 whose every answer `reply` decides (null: say nothing). */
async function udpServer(reply: (q: Query) => Buffer[] | null): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (raw, from) => {
    const answers = reply(packet.decode(raw) as Query);
    for (const a of answers ?? []) socket.send(a, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  closers.push(() => socket.close());
  return socket.address().port;
}

/** The same UDP server with a TCP one on its port, as a DNS server is: the port number is
 * picked by UDP, so another test may hold it for TCP; then both are tried again elsewhere. */
async function udpAndTcp(reply: (q: Query) => Buffer[] | null, onTcp: (socket: net.Socket) => void): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await udpServer(reply);
    const tcp = net.createServer(onTcp);
    const bound = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      closers.push(() => tcp.close());
      return port;
    }
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

const answer = (q: Query, extra: Partial<packet.Packet> & { flags?: number } = {}) =>
  packet.encode({
    type: 'response',
    id: q.id,
    flags: packet.RECURSION_DESIRED,
    questions: q.questions,
    answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', ttl: 60, data: '127.0.0.7' }],
    ...extra,
  });

const server = (port: number) => [{ address: '127.0.0.1', port }];

describe('the DNS client', () => {
  it('ignores a reply with another id and takes ours; says who answered and whether AD was set', async () => {
    const spoofed = (q: Query) =>
      answer(
        { ...q, id: (q.id + 1) % 65536 },
        { answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', ttl: 60, data: '127.0.0.66' }] },
      );
    const port = await udpServer((q) => [spoofed(q), answer(q)]);
    const r = await queryDns(server(port), 'mx.example', 'A', 2_000);
    expect(r).toMatchObject({ rcode: 'NOERROR', ad: false, tcp: false, server: `127.0.0.1:${port}` });
    expect(r.answers.map((a) => a.data)).toEqual(['127.0.0.7']);
  });

  it('does not believe garbage: it waits for a real reply, and silence ends at the deadline', async () => {
    const port = await udpServer(() => [Buffer.from('this is not DNS at all')]);
    const started = Date.now();
    await expect(queryDns(server(port), 'mx.example', 'A', 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('asks again over TCP when the UDP answer is truncated', async () => {
    const udp = await udpAndTcp(
      (q) => [answer(q, { flags: packet.TRUNCATED_RESPONSE, answers: [] })],
      (s) =>
        s.on('data', (chunk) => {
          const q = packet.decode(chunk.subarray(2)) as Query;
          const body = answer(q);
          const length = Buffer.alloc(2);
          length.writeUInt16BE(body.length);
          s.end(Buffer.concat([length, body]));
        }),
    );
    const r = await queryDns(server(udp), 'mx.example', 'A', 2_000);
    expect(r.tcp).toBe(true);
    expect(r.answers.map((a) => a.data)).toEqual(['127.0.0.7']);
  });

  it('refuses a TCP answer longer than one DNS message', async () => {
    const udp = await udpAndTcp(
      (q) => [answer(q, { flags: packet.TRUNCATED_RESPONSE, answers: [] })],
      (s) => s.on('data', () => s.write(Buffer.alloc(70_000, 0xff))),
    );
    const err = await queryDns(server(udp), 'mx.example', 'A', 2_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsQueryError);
    expect(err).toMatchObject({ code: 'MALFORMED' });
  });
});

describe('what the user types', () => {
  it('--resolver takes IP, IP:PORT and [IPv6]:PORT, and nothing else', () => {
    expect(parseResolver('127.0.0.1')).toEqual({ address: '127.0.0.1', port: 53 });
    expect(parseResolver('127.0.0.1:5353')).toEqual({ address: '127.0.0.1', port: 5353 });
    expect(parseResolver('::1')).toEqual({ address: '::1', port: 53 });
    expect(parseResolver('[::1]:5353')).toEqual({ address: '::1', port: 5353 });
    for (const bad of ['dns.google', '127.0.0.1:0', '127.0.0.1:99999', '1.2.3', ''])
      expect(parseResolver(bad), bad).toBeNull();
  });

  it('a domain or an address gives the domain; anything else one sentence', () => {
    expect(parseMailTarget('Bob@Example.COM')).toEqual({ domain: 'example.com', address: 'Bob@Example.COM' });
    expect(parseMailTarget('example.com.')).toEqual({ domain: 'example.com', address: null });
    expect(parseMailTarget('bücher.example')).toEqual({ domain: 'xn--bcher-kva.example', address: null });
    expect(parseMailTarget(`${'a'.repeat(64)}.example`)).toMatchObject({
      problem: expect.stringMatching(/is not a domain name/),
    });
    expect(parseMailTarget('localhost')).toMatchObject({ problem: expect.stringMatching(/is not a domain name/) });
    expect(parseMailTarget('a@b@')).toEqual({ problem: '"a@b@" has no domain after the @' });
    expect(parseMailTarget('http://x.example/')).toMatchObject({
      problem: expect.stringMatching(/is not a domain name/),
    });
  });
});
