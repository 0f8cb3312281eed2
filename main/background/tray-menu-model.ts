import type { Language } from '../../shared/ui-language';
import { trayTooltip } from './alert-texts';
import { BACKGROUND_TEXTS } from './background-texts';

/** What a tray menu item does when chosen. */
export type TrayAction = 'open' | 'connect' | 'quit';

/** One entry of the tray's context menu, free of Electron so it can be tested under Node. */
export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string };

/** The tray icon's tooltip and context menu. */
export interface TrayMenuModel {
  tooltip: string;
  items: TrayMenuItem[];
}

/** What the tray shows depends on. */
export interface TrayMenuInput {
  /** Companies that need the user: `summarizeAttention(...).count` (attention-summary.ts), as the badge and notifications count. */
  attentionCount: number;
  language: Language;
}

/**
 * The tray's menu: a line that cannot be chosen saying how many companies need attention (or that
 * all is well), then Open, Connect a company and Quit. The tooltip carries the count too (the
 * alerts' wording, alert-texts.ts).
 */
export function trayMenuModel(input: TrayMenuInput): TrayMenuModel {
  const texts = BACKGROUND_TEXTS[input.language];
  const count = Math.max(0, Math.floor(input.attentionCount));
  const status = count > 0 ? texts.attention(count) : texts.allWell;
  return {
    tooltip: trayTooltip(count, input.language),
    items: [
      { kind: 'status', label: status },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: texts.open },
      { kind: 'action', action: 'connect', label: texts.connect },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: texts.quit },
    ],
  };
}
