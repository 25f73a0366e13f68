import { useRef, useState } from 'react';
import { renderText } from '../../../shared/export/textTranscript';
import type { Transcript } from '../../../shared/transcript';
import { api } from '../bridge/api';
import { sessionStore, type SessionView } from '../state/sessionStore';
import { parseTranscriptFile } from '../state/transcriptFile';

export function OpenTranscriptButton({ onProblem }: { onProblem(problem: string | null): void }) {
  const input = useRef<HTMLInputElement>(null);
  const open = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseTranscriptFile(await file.text());
    if ('problem' in parsed) return onProblem(`${file.name}: ${parsed.problem}`);
    onProblem(null);
    sessionStore.open(parsed.transcript);
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Open a saved transcript (JSON), read-only">
        Open…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-transcript-input"
        onChange={(e) => {
          void open(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </>
  );
}

const FORMATS = {
  text: { label: 'Text', ext: 'txt', type: 'text/plain', render: (t: Transcript) => renderText(t) },
  json: { label: 'JSON', ext: 'json', type: 'application/json', render: (t: Transcript) => JSON.stringify(t, null, 2) + '\n' },
} as const;

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function fullTranscript(view: SessionView): Promise<Transcript | null> {
  if (view.opened) return view.opened;
  if (!view.sessionId) return null;
  const result = await api.transcript(view.sessionId);
  return result.ok ? result.value : result.transcript;
}

export function ExportMenu({ view }: { view: SessionView }) {
  const [open, setOpen] = useState(false);
  const save = async (format: keyof typeof FORMATS) => {
    setOpen(false);
    const transcript = await fullTranscript(view);
    if (!transcript) return;
    const f = FORMATS[format];
    const stamp = transcript.startedAt.replace(/[:.]/g, '-').slice(0, 19);
    download(`smtp-lens-${transcript.target.host}-${stamp}.${f.ext}`, f.type, f.render(transcript));
  };
  return (
    <div className="export-menu">
      <button type="button" data-testid="export" disabled={!view.sessionId && !view.opened} onClick={() => setOpen(!open)} aria-expanded={open}>
        Export ▾
      </button>
      {open && (
        <ul role="menu">
          {(Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((k) => (
            <li key={k}>
              <button type="button" role="menuitem" data-testid={`export-${k}`} onClick={() => void save(k)}>
                {FORMATS[k].label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
