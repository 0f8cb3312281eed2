import type { RendererErrorReport } from '../../../shared/ipc-contract';
import {
  RENDERER_ERROR_MESSAGE_MAX,
  RENDERER_ERROR_NAME_MAX,
  RENDERER_ERROR_STACK_LINES,
  RENDERER_ERROR_STACK_MAX,
} from '../../../shared/text-limits';
import { cleanText } from '../../../shared/untrusted-text';

/** An error as shown in the error view: its name and message, cleaned (it may quote Fortnox's text) and cut. */
export function shownError(error: Error): string {
  return cleanText(`${error.name}: ${error.message}`, 300) ?? error.name;
}

/**
 * What the error boundary sends to main's log about a crash of the window: the error's name, its
 * message and React's component stack, each cut to the contract's limits (the stack also to its
 * innermost lines), so a deep tree or a huge message cannot exceed what main accepts.
 */
export function rendererErrorReport(error: unknown, componentStack: string | null | undefined): RendererErrorReport {
  const err = error instanceof Error ? error : new Error(String(error));
  const stack = (componentStack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, RENDERER_ERROR_STACK_LINES)
    .join('\n');
  return {
    name: cut(err.name || 'Error', RENDERER_ERROR_NAME_MAX),
    message: cut(err.message, RENDERER_ERROR_MESSAGE_MAX),
    componentStack: cut(stack, RENDERER_ERROR_STACK_MAX),
  };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
