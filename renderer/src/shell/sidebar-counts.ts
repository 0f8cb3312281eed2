import type { ToolKeyView } from '../../../shared/ipc-contract';
import type { CompanyListState } from '../companies/company-list-state';
import { keyState } from '../tools/key-list';
import type { AppView } from './app-view';

/** What the sidebar shows beside a view's name: how many, and how many of them need the user. */
export interface SidebarCount {
  total: number;
  /** Shown as a warning badge when above zero. */
  attention: number;
}

/** The counts per view; a view without one shows none. */
export type SidebarCounts = Partial<Record<AppView, SidebarCount>>;

/** What the counts are made of; each view that shows a count adds its source here. */
export interface SidebarCountSources {
  companies: CompanyListState;
  /** The tool keys, or null until they have been read. */
  toolKeys: readonly ToolKeyView[] | null;
  /** Configuration problems (missing client id, secret…): Settings needs the user. */
  configProblems: number;
  now: number;
}

/** Connections that stopped working and need the accountant (the list's "needs attention"). */
const ATTENTION_STATUSES = new Set(['needs_reconnect', 'error']);

/**
 * The sidebar's counts: companies (with those needing attention: broken connections, damaged
 * records and unknown connections), usable tool keys, and Settings' configuration problems.
 */
export function sidebarCounts(sources: SidebarCountSources): SidebarCounts {
  const counts: SidebarCounts = {};
  const list = sources.companies;
  if (list.load === 'loaded') {
    const broken = list.companies.filter((company) => ATTENTION_STATUSES.has(company.status)).length;
    counts.companies = { total: list.companies.length + list.omitted, attention: broken + list.attention.length };
  }
  if (sources.toolKeys) {
    counts.tools = { total: sources.toolKeys.filter((key) => keyState(key, sources.now) === 'active').length, attention: 0 };
  }
  if (sources.configProblems > 0) counts.settings = { total: 0, attention: sources.configProblems };
  return counts;
}
