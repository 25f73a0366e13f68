// Shared by the benches: a plain SMTP server (no STARTTLS) whose greeting comes after `delay`
// ms, and the whole-process timing of one `smtp-lens` run.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const BIN = 'bin/smtp-lens.js';

export function startPlainSmtp({ address = '127.0.0.1', port = 0, delay, name }) {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.write(`220 ${name} ESMTP\r\n`), delay);
    socket.on('close', () => clearTimeout(timer));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const verb = buffer.slice(0, nl).trim().split(' ')[0].toUpperCase();
        buffer = buffer.slice(nl + 1);
        if (verb === 'EHLO') socket.write(`250-${name}\r\n250 PIPELINING\r\n`);
        else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write('502 5.5.1 No\r\n');
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(server));
  });
}

/** Asynchronous on purpose: the servers live in this process, and spawnSync would stop their
 * event loop (and their greetings) while the child waits for them. Exit 1 counts as a run
 * (error findings); anything else is a failure. */
export function timeCli(args) {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`smtp-lens ${args.join(' ')} exited ${code}`));
      else resolve(performance.now() - start);
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
