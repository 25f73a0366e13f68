import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_FORMAT_IDS, type ExportFormat, type SharingPreset } from '../../../shared/export';
import type { ExportRequest } from '../../../shared/ipc';
import { transcriptSizeCheck } from '../../../shared/transcriptSchema';
import { api } from '../bridge/api';
import type { Transcript } from '../../../shared/transcript';
import { parseOpenedTranscript } from '../state/openedTranscript';
import type { SessionView } from '../state/sessionStore';
import { ui, useUi } from '../state/uiStore';
import { useMenu } from './useMenu';

/** A file that is not a transcript at all (a bounce, a log), read as text for Explain. */
export type OtherFile = (file: { name: string; text: string }) => void;

/** Reads a file the user chose or dropped; a malformed, foreign or oversized file changes
 * nothing. The size is checked before reading: a file of hundreds of MB would take the tab
 * gigabytes to parse. A file that is not JSON at all goes to `onOther`. */
async function openFile(
  file: File,
  onProblem: (problem: string | null) => void,
  onOpen: (t: Transcript) => void,
  onOther: OtherFile,
): Promise<void> {
  const tooLarge = transcriptSizeCheck(file.size);
  const text = tooLarge ? '' : await file.text();
  if (!tooLarge && !/^\s*[[{]/.test(text)) {
    onProblem(null);
    return onOther({ name: file.name, text });
  }
  const parsed = tooLarge ?? parseOpenedTranscript(text);
  if (!parsed.ok) return onProblem(`${file.name}: ${parsed.problem}`);
  onProblem(null);
  onOpen(parsed.transcript);
}

export function OpenTranscriptButton({
  onProblem,
  onOpen,
  onOther,
}: {
  onProblem(problem: string | null): void;
  onOpen(t: Transcript): void;
  onOther: OtherFile;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { pickFile } = useUi();

  // File → Open Transcript… asks for the picker; a file input opens it only when clicked.
  useEffect(() => {
    if (pickFile) input.current?.click();
  }, [pickFile]);

  // Drag and drop a transcript anywhere on the window.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void openFile(file, onProblem, onOpen, onOther);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onProblem, onOpen, onOther]);

  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        title="Open a saved transcript (JSON), read-only — or drop it on the window"
      >
        Open…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-transcript-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void openFile(file, onProblem, onOpen, onOther);
          e.target.value = '';
        }}
      />
    </>
  );
}

/** Hands a rendered file to the browser's (or Electron's) download. */
export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const PROFILES: { id: SharingPreset; label: string }[] = [
  { id: 'none', label: 'as recorded' },
  { id: 'emails', label: 'mask email addresses' },
  { id: 'anonymous', label: 'mask emails, hosts and IPs' },
];

/**
 * Export the session on screen. Main renders it (the same serializers as the CLI) and checks
 * it against the session's credentials before anything is written.
 */
const closeExport = () => ui.setExportOpen(false);

export function ExportMenu({ view, onProblem }: { view: SessionView; onProblem(problem: string | null): void }) {
  const open = useUi().exportOpen;
  const setOpen = ui.setExportOpen;
  const container = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const onMenuKey = useMenu(container, trigger, open, closeExport);
  const [profile, setProfile] = useState<SharingPreset>('none');
  const source: Omit<ExportRequest, 'format'> | null = view.opened
    ? { transcript: view.opened }
    : view.sessionId
      ? { sessionId: view.sessionId }
      : null;
  const save = async (format: ExportFormat) => {
    setOpen(false);
    if (!source) return;
    const result = await api.exportRender({ ...source, format, profile });
    if (!result.ok) return onProblem(`Export refused: ${result.message}`);
    onProblem(null);
    download(result.value.fileName, result.value.mimeType, result.value.content);
  };
  return (
    <div className="export-menu" ref={container}>
      <button
        type="button"
        ref={trigger}
        data-testid="export"
        disabled={!source}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="menu"
      >
        Export ▾
      </button>
      {open && (
        <div className="export-popup" role="menu" aria-label="Export" tabIndex={-1} onKeyDown={onMenuKey}>
          <label>
            Share
            <select
              data-testid="export-profile"
              value={profile}
              onChange={(e) => setProfile(e.target.value as SharingPreset)}
            >
              {PROFILES.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <ul>
            {EXPORT_FORMAT_IDS.map((id) => (
              <li key={id}>
                <button type="button" role="menuitem" data-testid={`export-${id}`} onClick={() => void save(id)}>
                  {EXPORT_FORMATS[id].label}
                </button>
              </li>
            ))}
          </ul>
          <p className="muted">Passwords are never recorded; AUTH lines show [redacted].</p>
        </div>
      )}
    </div>
  );
}
