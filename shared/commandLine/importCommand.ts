// "Paste a command": which tool a pasted line runs, and that tool's reading of it. Anything that
// is not a swaks or smtp-lens probe line gets one sentence that says what was expected.
import { type ImportedCommand, sentences, type Unmapped } from './commandRequest';
import { readShellWords, type Word } from './shellWords';
import { fromSmtpLensWords } from './smtpLensCommand';
import { fromSwaksWords } from './swaksImport';

/** At most this much text is read: a command line, or one with its message after it. */
export const MAX_PASTED_COMMAND = 1024 * 1024;

/** Words that run the next one (`sudo swaks …`, `env A=b swaks …`). */
const RUNNERS = new Set(['sudo', 'env', 'time', 'command', 'exec', 'nohup']);

/** An environment variable set for the command that holds a secret (SWAKS_OPT_auth_password…). */
const SECRET_NAME = /pass|secret|token|pwd|key/i;

const baseName = (w: string) => w.replace(/^.*\//, '');

function programOf(words: Word[], dropped: Unmapped[], notes: string[]): { tool: string; at: number } | null {
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i] as Word;
    const assignment = typeof w === 'string' ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w) : null;
    if (assignment) {
      const name = assignment[1] as string;
      if (SECRET_NAME.test(name))
        dropped.push({
          option: `${name}=…`,
          words: `The value of ${name}, set on the line, was not kept: SMTP Lens never stores a password. Type it in Password, or export ${name} and use --auth-pass-env ${name}.`,
        });
      else notes.push(`${name}=… sets an environment variable for the command; it is not part of the request.`);
      continue;
    }
    if (typeof w === 'string' && RUNNERS.has(w)) continue;
    break;
  }
  const first = words[i];
  if (typeof first !== 'string') return null;
  const name = baseName(first);
  if (name === 'npx' && words[i + 1] === 'smtp-lens') return { tool: 'smtp-lens', at: i + 2 };
  if (name === 'node' && typeof words[i + 1] === 'string' && /smtp-lens(\.js)?$/.test(words[i + 1] as string))
    return { tool: 'smtp-lens', at: i + 2 };
  return { tool: name.replace(/\.(pl|js)$/, ''), at: i + 1 };
}

/** A pasted command line read into a request, or the reason it cannot be. */
export function importCommandLine(pasted: string): ImportedCommand {
  if (!pasted.trim()) return { ok: false, problem: 'Nothing to read: paste a swaks or smtp-lens probe command line.' };
  if (pasted.length > MAX_PASTED_COMMAND)
    return {
      ok: false,
      problem: 'That is over 1 MiB: paste the command line alone (a message can be loaded in Message).',
    };
  const read = readShellWords(pasted);
  if ('problem' in read) return { ok: false, problem: `This line cannot be read as a shell would: ${read.problem}.` };
  const dropped: Unmapped[] = [];
  const notes = [...read.notes];
  const program = programOf(read.words, dropped, notes);
  if (!program)
    return { ok: false, problem: 'No command found on that line: paste a swaks or smtp-lens probe command line.' };
  const rest = read.words.slice(program.at);
  let result: ImportedCommand;
  if (program.tool === 'swaks') result = fromSwaksWords(rest, read.stdin);
  else if (program.tool === 'smtp-lens') {
    if (rest[0] !== 'probe')
      return {
        ok: false,
        problem: `Only smtp-lens probe lines fill the form${typeof rest[0] === 'string' ? `, not smtp-lens ${rest[0]}` : ''}.`,
      };
    result = fromSmtpLensWords(rest.slice(1), read.stdin);
  } else if (program.tool === 'openssl')
    return {
      ok: false,
      problem:
        'An openssl s_client line opens TLS and leaves the SMTP commands to you: paste a swaks or smtp-lens probe line instead.',
    };
  else
    return {
      ok: false,
      problem: `"${program.tool.slice(0, 40)}" is not swaks or smtp-lens: paste a swaks or smtp-lens probe command line.`,
    };
  if (!result.ok) return result;
  return {
    ...result,
    unmapped: sentences(result.unmapped),
    dropped: sentences([...dropped, ...result.dropped]),
    notes: [...notes, ...result.notes],
  };
}
