/** The parts of `window` and `document` the reload triggers listen to (fakes in tests). */
export interface ReloadTriggerPorts {
  window: { addEventListener(type: 'focus', listener: () => void): void; removeEventListener(type: 'focus', listener: () => void): void };
  document: {
    readonly visibilityState: string;
    addEventListener(type: 'visibilitychange', listener: () => void): void;
    removeEventListener(type: 'visibilitychange', listener: () => void): void;
  };
  setInterval: (callback: () => void, ms: number) => number;
  clearInterval: (id: number) => void;
}

/**
 * Calls `reload` when the window regains the focus, when the page becomes visible again (restored
 * from the tray or a minimised window) and every `intervalMs` while it is visible, so data that
 * changes behind the page (a tool using a key: "last used") does not go stale while a view stays
 * open. Returns the function that stops it all.
 */
export function watchForReload(ports: ReloadTriggerPorts, reload: () => void, intervalMs: number): () => void {
  const onFocus = () => reload();
  const onVisibility = () => {
    if (ports.document.visibilityState === 'visible') reload();
  };
  const onTick = () => {
    // Nobody sees a hidden page; it reloads when it is shown again.
    if (ports.document.visibilityState === 'visible') reload();
  };
  ports.window.addEventListener('focus', onFocus);
  ports.document.addEventListener('visibilitychange', onVisibility);
  const timer = ports.setInterval(onTick, intervalMs);
  return () => {
    ports.window.removeEventListener('focus', onFocus);
    ports.document.removeEventListener('visibilitychange', onVisibility);
    ports.clearInterval(timer);
  };
}

/** The browser's own window, document and timers. */
export function browserReloadPorts(): ReloadTriggerPorts {
  return {
    window,
    document,
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (id) => window.clearInterval(id),
  };
}
