import {
  Fragment,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";

/** One entry of a menu. */
export interface MenuEntry {
  id: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Draws a separator above it (keeps a destructive entry apart from its neighbours). */
  separated?: boolean;
}

interface MenuButtonProps {
  /** The button's accessible name ("More actions for Bergs Bygg AB"). */
  label: string;
  menuLabel: string;
  entries: readonly MenuEntry[];
  /** What the button shows; "⋯" by default (hidden from screen readers, which hear `label`). */
  text?: string;
  className?: string;
  tabIndex?: number;
  testId?: string;
  /**
   * What the menu belongs to (a company's tenant id). When it changes, an open menu closes: a
   * reused row shows another company, and a menu opened for the previous one must not act on it.
   */
  resetKey?: string;
}

/**
 * A menu button as the WAI-ARIA Authoring Practices describe it: Enter, Space or Arrow Down opens
 * it on the first entry (Arrow Up on the last); Arrow keys, Home and End move, wrapping; Escape
 * closes it and gives the focus back to the button, Tab closes it and moves on; choosing an entry
 * closes it, returns the focus to the button, then runs the entry (which may move the focus on, as
 * a dialog does). The menu is a popover in the top layer, so a scrolling, clipped or transformed
 * row (the virtualised company table) cannot cut it off; it closes when anything scrolls.
 */
export function MenuButton({
  label,
  menuLabel,
  entries,
  text = "⋯",
  className,
  tabIndex,
  testId,
  resetKey,
}: MenuButtonProps) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  // Which entry gets the focus when the menu opens: the first or the last.
  const [open, setOpen] = useState<"first" | "last" | null>(null);
  // Adjusted while rendering, as React recommends, so the stale menu is never committed.
  const [openedFor, setOpenedFor] = useState(resetKey);
  if (openedFor !== resetKey) {
    setOpenedFor(resetKey);
    setOpen(null);
  }

  const enabled = () => [
    ...(menu.current?.querySelectorAll<HTMLButtonElement>(
      '[role="menuitem"]:not([disabled])',
    ) ?? []),
  ];

  useLayoutEffect(() => {
    const element = menu.current;
    const anchor = button.current;
    if (!element || !anchor || open === null) return;
    if (!element.matches(":popover-open")) element.showPopover();
    // Below the button, right edges aligned; above it when there is no room below.
    const rect = anchor.getBoundingClientRect();
    const height = element.offsetHeight;
    const width = element.offsetWidth;
    const below = rect.bottom + 2 + height <= window.innerHeight;
    element.style.top = `${below ? rect.bottom + 2 : Math.max(0, rect.top - 2 - height)}px`;
    element.style.left = `${Math.max(0, Math.min(window.innerWidth - width, rect.right - width))}px`;
    const items = enabled();
    (open === "first" ? items[0] : items[items.length - 1])?.focus();
  }, [open]);

  useEffect(() => {
    if (open === null) return;
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (
        target &&
        (menu.current?.contains(target) || button.current?.contains(target))
      )
        return;
      setOpen(null);
    };
    const closeOnScroll = (event: Event) => {
      if (event.target instanceof Node && menu.current?.contains(event.target))
        return;
      setOpen(null);
    };
    document.addEventListener("pointerdown", closeOutside, true);
    document.addEventListener("scroll", closeOnScroll, true);
    window.addEventListener("resize", closeOnScroll);
    return () => {
      document.removeEventListener("pointerdown", closeOutside, true);
      document.removeEventListener("scroll", closeOnScroll, true);
      window.removeEventListener("resize", closeOnScroll);
    };
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(null);
    if (focusButton) button.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      event.stopPropagation();
      setOpen(event.key === "ArrowDown" ? "first" : "last");
    } else if (event.key === "Enter" || event.key === " ") {
      // Handled here, not by the click that follows, so the row around it does not see the key.
      event.preventDefault();
      event.stopPropagation();
      setOpen((current) => (current === null ? "first" : null));
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = enabled();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (index: number) =>
      items[(index + items.length) % items.length]?.focus();
    event.stopPropagation();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focus(at + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focus(at - 1);
        break;
      case "Home":
        event.preventDefault();
        focus(0);
        break;
      case "End":
        event.preventDefault();
        focus(items.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        close(true);
        break;
      case "Tab":
        // The focus goes back to the button first, so Tab then moves on from there.
        close(true);
        break;
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open !== null ? `${id}-menu` : undefined}
        tabIndex={tabIndex}
        data-testid={testId}
        onKeyDown={onButtonKeyDown}
        onClick={(event) => {
          event.stopPropagation();
          // A pointer click; keyboard activation is handled in onKeyDown (detail 0 is a keyboard click).
          if (event.detail !== 0)
            setOpen((current) => (current === null ? "first" : null));
        }}
      >
        <span aria-hidden="true">{text}</span>
      </button>
      {/* Rendered only while open: a table of a thousand rows carries no hidden menus. */}
      {open !== null && (
        <div
          ref={menu}
          id={`${id}-menu`}
          popover="manual"
          role="menu"
          aria-label={menuLabel}
          className="menu-popover"
          onKeyDown={onMenuKeyDown}
        >
          {entries.map((entry) => (
            <Fragment key={entry.id}>
              {entry.separated && (
                <div role="separator" className="menu-separator" />
              )}
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                disabled={entry.disabled}
                className={entry.danger ? "menu-item danger" : "menu-item"}
                onClick={(event) => {
                  event.stopPropagation();
                  close(true);
                  entry.onSelect();
                }}
              >
                {entry.label}
              </button>
            </Fragment>
          ))}
        </div>
      )}
    </>
  );
}
