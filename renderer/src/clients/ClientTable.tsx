import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ClientView } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';

/** A row's height before it is measured (CSS gives rows about 40 px; measuring covers larger fonts). */
const ROW_ESTIMATE = 40;
/** Used until the list has been measured, so that the first paint already shows rows. */
const INITIAL_RECT = { width: 900, height: 480 };

interface ClientTableProps {
  clients: readonly ClientView[];
  messages: Messages;
  /** Removes a client (after which the list is read again). */
  onRemove: (client: ClientView) => void;
  /** When this changes (a new filter), the list scrolls back to the top. */
  resetKey: string;
}

/** The name a client is shown and announced by. */
export function clientLabel(client: ClientView, messages: Messages): string {
  return client.name ?? `${messages.clients.noName} (${client.orgNumber})`;
}

/**
 * The clients as an ARIA table, windowed by @tanstack/react-virtual with measured rows, so a
 * thousand clients cost what the visible rows cost. Rows carry aria-rowindex and the table
 * aria-rowcount, since most rows are not in the DOM. Each row's only control is its Remove button,
 * reached with Tab.
 */
export function ClientTable({ clients, messages, onRemove, resetKey }: ClientTableProps) {
  const texts = messages.clients;
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns a changing object by design
  const virtualizer = useVirtualizer({
    count: clients.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => clients[index]?.orgNumber ?? index,
    overscan: 8,
    initialRect: INITIAL_RECT,
  });

  useEffect(() => {
    if (scroller.current && scroller.current.scrollTop !== 0) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the filter changes
  }, [resetKey]);

  return (
    <div className="client-table" role="table" aria-label={texts.listLabel} aria-describedby="client-count" aria-rowcount={clients.length + 1} data-testid="client-table">
      <div role="rowgroup">
        <div className="client-row client-header" role="row" aria-rowindex={1}>
          <span role="columnheader">{texts.columns.name}</span>
          <span role="columnheader">{texts.columns.orgNumber}</span>
          <span role="columnheader">{texts.columns.state}</span>
          <span role="columnheader">
            <span className="visually-hidden">{texts.remove}</span>
          </span>
        </div>
      </div>
      <div className="client-scroller" ref={scroller} role="rowgroup">
        <div className="client-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const client = clients[item.index];
            if (!client) return null;
            const label = clientLabel(client, messages);
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="client-row"
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="client-row"
                data-org-number={client.orgNumber}
                data-state={client.state}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span role="cell" className={client.name === null ? 'client-name unnamed' : 'client-name'} title={label}>
                  {client.name ?? texts.noName}
                </span>
                <span role="cell" className="client-org-number">
                  {client.orgNumber}
                </span>
                <span role="cell" className={`client-state state-${client.state}`} data-testid="client-state">
                  {texts.states[client.state]}
                </span>
                <span role="cell">
                  <button type="button" className="link-button" aria-label={texts.removeLabel(label)} onClick={() => onRemove(client)}>
                    {texts.remove}
                  </button>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
