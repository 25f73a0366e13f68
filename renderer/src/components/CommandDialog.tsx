import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal dialog (the native <dialog>, in the top layer): it takes the focus when it opens, keeps
 * Tab inside, and Esc closes it; `onClose` hears the user close it, not the unmount.
 */
export function CommandDialog({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The close event comes a task later: by then an effect run again (StrictMode) has opened
    // the dialog anew, and that stale event is not the user's.
    const closed = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('close', closed);
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.removeEventListener('close', closed);
      dialog.close();
    };
  }, []);
  return (
    <dialog ref={ref} className="command-dialog" aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
