// Small inline SVG icons: they render the same on every OS, unlike emoji, and need no font.
const base = { width: 12, height: 12, viewBox: '0 0 16 16' } as const;

export function LockIcon({ title }: { title?: string }) {
  return (
    <svg {...base} className="icon lock-icon" role="img" aria-label={title ?? 'encrypted'}>
      <title>{title ?? 'encrypted'}</title>
      <path
        fill="currentColor"
        d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z"
      />
    </svg>
  );
}

export function PlayIcon() {
  return (
    <svg {...base} className="icon" aria-hidden="true">
      <path fill="currentColor" d="M4 2.5v11a.5.5 0 0 0 .77.42l8.5-5.5a.5.5 0 0 0 0-.84l-8.5-5.5A.5.5 0 0 0 4 2.5Z" />
    </svg>
  );
}

export function StepIcon() {
  return (
    <svg {...base} className="icon" aria-hidden="true">
      <path fill="currentColor" d="M2 3v10l7-5-7-5Zm8 0h2v10h-2V3Z" />
    </svg>
  );
}

export function StopIcon() {
  return (
    <svg {...base} className="icon" aria-hidden="true">
      <rect fill="currentColor" x="3" y="3" width="10" height="10" rx="1" />
    </svg>
  );
}

/** Beside words that say what is weak: the mark is never the only sign. */
export function WarnIcon() {
  return (
    <svg {...base} className="icon" aria-hidden="true">
      <path
        fill="currentColor"
        d="M8.87 1.5a1 1 0 0 0-1.74 0L.64 13a1 1 0 0 0 .87 1.5h12.98a1 1 0 0 0 .87-1.5L8.87 1.5ZM7.25 6h1.5v4.25h-1.5V6Zm0 5.5h1.5V13h-1.5v-1.5Z"
      />
    </svg>
  );
}
