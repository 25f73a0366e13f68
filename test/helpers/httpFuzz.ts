import { pick, type Random } from './seededRandom';

function randomBytes(random: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(random() * 256));
  return s;
}

/** Request targets a hostile page or program might send: crashers from the review, traversal,
 * the other request-target forms, broken escapes, control bytes. PORT is replaced. */
export const HOSTILE_TARGETS = [
  '//',
  '///',
  '//evil.example/x',
  '\\',
  '/\\..\\..\\package.json',
  '/assets\\..\\..\\package.json',
  '/%',
  '/%E0%A4%A',
  '/%zz',
  '/%00',
  '/%',
  '/a%2',
  '/%C0%AF',
  '/%ED%A0%80',
  '/../../package.json',
  '/assets/../../package.json',
  '/%2e%2e/%2e%2e/package.json',
  '/..%2f..%2fpackage.json',
  '/C:%5cWindows%5cwin.ini',
  '/index.html%00.png',
  'http://127.0.0.1:PORT/',
  'http://evil.example/',
  'https://127.0.0.1:PORT/index.html',
  '*',
  '127.0.0.1:PORT',
  'index.html',
  '',
  '/?token=%',
  '/?%%%=%%%',
  '/ipc',
  '/ipc?token=',
  '/ipc?token=%E0%A4%A',
  '//ipc',
  '/ipc/',
  '/IPC',
];

const GOOD_TARGETS = ['/', '/index.html', '/nothing-here', '/assets/x.js', '/?token=guess', '/ipc', '/ipc?token=guess'];

const HOSTILE_METHODS = [
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PATCH',
  'PROPFIND',
  'get',
  'G=T',
  'GET\x00',
  '',
  'X'.repeat(300),
];

const HOSTILE_VERSIONS = ['HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', 'HTTP/11', 'FOO/1.1', ''];

function hostileHeader(random: Random, port: number): string {
  return pick(random, [
    () =>
      `Host: ${pick(random, [`evil.example:${port}`, '', `127.0.0.1:${port}\x01`, `127.0.0.1:${port}, evil.example`, `127.0.0.1:${port + 1}`])}`,
    () => 'Upgrade: h2c',
    () => `Origin: ${pick(random, ['http://evil.example', 'null', '', `http://127.0.0.1:${port}\x00`])}`,
    () => `Content-Length: ${pick(random, ['5', '-1', '99999999999999999999', 'abc', '1, 2'])}`,
    () => 'Transfer-Encoding: chunked',
    () => `Cookie: smtp_lens_token=${pick(random, ['x', '%', ''])}`,
    () => `${pick(random, ['Bad Name', 'Bad:Name', '\x7f', 'Ünï', ''])}: v`,
    () => `X-Value: ${pick(random, ['\x00', '\x1b[31m', 'a\rb', 'a\nb'])}`,
    () => `X-Big: ${'A'.repeat(pick(random, [9_000, 20_000, 100_000]))}`,
    () => randomBytes(random, 1 + Math.floor(random() * 40)),
  ])();
}

/**
 * One request: a well-formed GET (half of them WebSocket upgrades) with 0 to 3 random
 * mutations of its method, target, version, headers, line endings or body, so the fuzz reaches
 * every branch of the bridge, not only Node's parser.
 */
export function fuzzRequest(random: Random, port: number): string {
  let method = random() < 0.8 ? 'GET' : 'HEAD';
  let target = pick(random, GOOD_TARGETS);
  let version = 'HTTP/1.1';
  const headers = [`Host: ${pick(random, [`127.0.0.1:${port}`, `localhost:${port}`])}`];
  if (random() < 0.5) {
    const key = Buffer.from(randomBytes(random, 16), 'latin1').toString('base64');
    headers.push(
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${key}`,
      `Origin: http://127.0.0.1:${port}`,
    );
  }
  let eol = '\r\n';
  let body = '';
  let requestLine: string | null = null;
  const mutations = Math.floor(random() * 4);
  for (let i = 0; i < mutations; i++) {
    const which = Math.floor(random() * 8);
    if (which === 0) method = pick(random, HOSTILE_METHODS);
    else if (which === 1 || which === 2) target = pick(random, HOSTILE_TARGETS).replace(/PORT/g, String(port));
    else if (which === 3) target = `/${randomBytes(random, 1 + Math.floor(random() * 30))}`;
    else if (which === 4) version = pick(random, HOSTILE_VERSIONS);
    else if (which === 5)
      headers.splice(Math.floor(random() * (headers.length + 1)), random() < 0.3 ? 1 : 0, hostileHeader(random, port));
    else if (which === 6) eol = pick(random, ['\n', '\r', '\n\r']);
    else if (random() < 0.5) body = randomBytes(random, Math.floor(random() * 200));
    else requestLine = randomBytes(random, 60);
  }
  return [requestLine ?? `${method} ${target} ${version}`, ...headers].join(eol) + eol + eol + body;
}
