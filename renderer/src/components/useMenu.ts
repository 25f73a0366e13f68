// A pop-up menu as keyboard and mouse users expect it (WAI-ARIA menu button pattern): it
// takes focus when it opens, the arrow keys, Home and End move through its items, Esc or a
// click anywhere outside closes it, and focus goes back to the button that opened it.
import { type KeyboardEvent, type RefObject, useEffect } from 'react';

const items = (menu: HTMLElement) => [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')];

export function useMenu(
  container: RefObject<HTMLElement | null>,
  trigger: RefObject<HTMLElement | null>,
  open: boolean,
  close: () => void,
): (e: KeyboardEvent<HTMLElement>) => void {
  useEffect(() => {
    if (!open) return;
    const menu = container.current;
    if (menu) items(menu)[0]?.focus();
    const outside = (e: PointerEvent) => {
      if (!container.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, container, close]);

  return (e) => {
    const menu = container.current;
    if (!menu) return;
    if (e.key === 'Escape') {
      close();
      trigger.current?.focus();
      return;
    }
    const list = items(menu);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const next =
      e.key === 'ArrowDown'
        ? (at + 1) % list.length
        : e.key === 'ArrowUp'
          ? (at - 1 + list.length) % list.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? list.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    list[next]?.focus();
  };
}
