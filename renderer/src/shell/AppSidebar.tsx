import { useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { shortcutLabel, viewShortcut } from '../../../shared/keyboard-shortcuts';
import type { Messages } from '../i18n/messages';
import { APP_VIEWS, type AppView } from './app-view';
import type { SidebarCounts } from './sidebar-counts';

interface AppSidebarProps {
  /** The current view; null while the app has not decided where to open. */
  view: AppView | null;
  messages: Messages;
  counts: SidebarCounts;
  /** Whether shortcuts read ⌘ (macOS) or Ctrl. */
  mac: boolean;
  onChange: (view: AppView) => void;
}

/**
 * A sidebar item's description: its count and shortcut, and on the current view (where the focus
 * lands when Tab enters the sidebar) also how to move with the keyboard, which screen readers read
 * on focus where they skip a landmark's own description.
 */
function describedBy(current: boolean, own: string | null, hint: string | null): string | undefined {
  const ids = [own, current ? hint : null].filter((id) => id !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/**
 * The sidebar: one button per view (APP_VIEWS, in order) with its count and shortcut; the current
 * one has aria-current="page". One tab stop (roving tabindex, as desktop sidebars do): Tab enters
 * on the current view, Up/Down, Home and End move between the views, Enter or Space opens one.
 */
export function AppSidebar({ view, messages, counts, mac, onChange }: AppSidebarProps) {
  const list = useRef<HTMLUListElement>(null);
  // The item that has (or last had) the focus while it stays in the sidebar; else the current view.
  const [focused, setFocused] = useState<AppView | null>(null);
  const hintId = useId();
  const tabbable = focused ?? view ?? APP_VIEWS[0];
  const onBlur = (event: FocusEvent<HTMLUListElement>) => {
    if (!list.current?.contains(event.relatedTarget as Node | null)) setFocused(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.nav-item') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next =
      event.key === 'ArrowDown' ? (at + 1) % buttons.length
      : event.key === 'ArrowUp' ? (at - 1 + buttons.length) % buttons.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? buttons.length - 1
      : null;
    if (next === null) return;
    event.preventDefault();
    buttons[next]?.focus();
  };

  const shortcuts = APP_VIEWS.map(viewShortcut).filter((shortcut) => shortcut !== undefined);
  const first = shortcuts[0];
  const last = shortcuts.at(-1);
  const hint = first && last ? messages.shell.navHint(shortcutLabel(first, mac), shortcutLabel(last, mac)) : null;

  return (
    <nav className="app-sidebar" aria-label={messages.nav.label} aria-describedby={hint ? hintId : undefined}>
      {hint && (
        <p id={hintId} className="visually-hidden" data-testid="nav-hint">
          {hint}
        </p>
      )}
      <ul ref={list} onKeyDown={onKeyDown} onBlur={onBlur}>
        {APP_VIEWS.map((candidate) => {
          const count = counts[candidate];
          const shortcut = viewShortcut(candidate);
          const keys = shortcut ? shortcutLabel(shortcut, mac) : null;
          const describe = count ? (messages.shell.counts[candidate] ?? messages.shell.counts.other)(count) : null;
          const descriptionId = `nav-${candidate}-description`;
          const hasCount = count !== undefined && (count.total > 0 || count.attention > 0);
          return (
            <li key={candidate}>
              <button
                type="button"
                className="nav-item"
                aria-current={candidate === view ? 'page' : undefined}
                aria-describedby={describedBy(candidate === view, describe || keys ? descriptionId : null, hint ? hintId : null)}
                aria-keyshortcuts={shortcut ? `${mac ? 'Meta' : 'Control'}+${shortcut.key}` : undefined}
                data-testid={`nav-${candidate}`}
                tabIndex={candidate === tabbable ? 0 : -1}
                onFocus={() => setFocused(candidate)}
                onClick={() => onChange(candidate)}
              >
                <span className="nav-label" data-text={messages.nav.views[candidate]}>
                  {messages.nav.views[candidate]}
                </span>
                {/* Counts and shortcut as one group: where the label needs the room, they move below it together. */}
                {(hasCount || keys) && (
                  <span className="nav-meta">
                    {hasCount && (
                      <span className="nav-counts" aria-hidden="true" data-testid={`nav-${candidate}-count`}>
                        {count.total > 0 && <span className="nav-count">{count.total}</span>}
                        {count.attention > 0 && <span className="nav-count nav-attention">{count.attention}</span>}
                      </span>
                    )}
                    {keys && (
                      <kbd className="nav-shortcut" aria-hidden="true">
                        {keys}
                      </kbd>
                    )}
                  </span>
                )}
              </button>
              {/* Outside the button, so its name stays the view's name; the count and keys describe it. */}
              <span id={descriptionId} className="visually-hidden">
                {[describe, keys && messages.shell.shortcut(keys)].filter(Boolean).join('. ')}
              </span>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
