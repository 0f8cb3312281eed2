/**
 * The size limits of text and lists that cross a boundary (stored files, IPC, the log), in one
 * zod-free module so that the renderer can use the same numbers as main and the schemas without
 * bundling zod.
 */

/** Longest company name kept (Fortnox's own text, cut beyond this). */
export const COMPANY_NAME_MAX = 200;
/** Longest organisation number kept. */
export const ORGANIZATION_NUMBER_MAX = 40;
/** Longest Fortnox text kept (`error_description`, API error messages), wherever it is stored or sent. */
export const UNTRUSTED_TEXT_MAX = 500;
/** The IPC limit of companies in one list; a larger list is sent cut, with the number left out. */
export const MAX_LISTED_COMPANIES = 10_000;
/** A crash of the window as reported to main's log: the error's name, its message, its component stack. */
export const RENDERER_ERROR_NAME_MAX = 100;
export const RENDERER_ERROR_MESSAGE_MAX = 500;
export const RENDERER_ERROR_STACK_MAX = 2000;
/** At most this many lines of the component stack are reported (the innermost, where it broke). */
export const RENDERER_ERROR_STACK_LINES = 30;
