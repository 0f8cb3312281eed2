import type { LocalApiStatus, LocalApiView } from '../../../shared/local-api-status';
import type { Messages } from '../i18n/messages';

/** The local API's view as the renderer keeps it, and whether main has pushed one yet. */
export interface LocalApiViewState {
  /** Null until main has said anything. */
  view: LocalApiView | null;
  /** True once a pushed view arrived; a later `getLocalApi()` answer is then older news. */
  pushed: boolean;
}

export type LocalApiViewAction = { type: 'snapshot'; status: LocalApiView } | { type: 'pushed'; status: LocalApiView };

export const INITIAL_LOCAL_API_VIEW: LocalApiViewState = { view: null, pushed: false };

/** Merges the answer of `getLocalApi()` with pushed views: a push is never overwritten by an older answer. */
export function localApiViewReducer(state: LocalApiViewState, action: LocalApiViewAction): LocalApiViewState {
  if (action.type === 'snapshot') return state.pushed ? state : { view: action.status, pushed: false };
  return { view: action.status, pushed: true };
}

/** The address tools use (always the IPv4 loopback address: `localhost` may resolve to ::1 first). */
export function localApiUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** The status line: its sentence, what to do about it, its tone, and whether "Try again" helps. */
export interface LocalApiStatusLine {
  text: string;
  help: string | null;
  tone: 'ok' | 'problem' | 'neutral';
  retry: boolean;
}

/** What the status line says for each state of the local API. */
export function localApiStatusLine(status: LocalApiStatus | null, messages: Messages): LocalApiStatusLine {
  const texts = messages.localApi;
  if (status === null) return { text: texts.unknown, help: null, tone: 'neutral', retry: false };
  switch (status.state) {
    case 'starting':
      return { text: texts.starting, help: null, tone: 'neutral', retry: false };
    case 'running':
      return { text: texts.running(localApiUrl(status.port)), help: null, tone: 'ok', retry: false };
    case 'port_in_use':
      return { text: texts.portInUse(status.port), help: texts.portInUseHelp, tone: 'problem', retry: true };
    case 'failed':
      return { text: texts.failed(status.port, status.code), help: texts.failedHelp, tone: 'problem', retry: true };
    case 'off':
      return { text: status.by === 'managed' ? texts.offByManaged : texts.offByUser, help: null, tone: 'neutral', retry: false };
  }
}
