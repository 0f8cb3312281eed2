/**
 * Fortnox paths that ACT although they are reached with GET (issue 8 item 4, security review item 1).
 * Fortnox's classic API sends, prints and books through sub-resources of a document, several of
 * them on GET: `GET /3/invoices/{n}/email` emails the invoice and marks it sent, `/print`,
 * `/eprint`, `/einvoice`, `/printreminder` print or send it, and offers and orders have `/email`,
 * `/print` and `/externalprint` (Fortnox API reference, "Invoices", "Offers", "Orders"; the
 * reference notes in `shared/reference/fortnox.md` do not list them). So "GET and HEAD only" is not
 * "read only": a read key is refused any path naming one of these actions. `preview` (a PDF to
 * look at) only reads and stays allowed. The PUT actions (`bookkeep`, `cancel`, `credit`, …) are
 * listed too, so a read key is refused them whatever method Fortnox might one day accept.
 * Hand-written: Fortnox-specific and security-critical.
 */

/** Path segments that make Fortnox send, print, book or change a document: the one deny-list. */
export const FORTNOX_ACTION_SEGMENTS: ReadonlySet<string> = new Set([
  'email',
  'print',
  'eprint',
  'einvoice',
  'externalprint',
  'printreminder',
  'bookkeep',
  'cancel',
  'credit',
  'createinvoice',
  'createorder',
  'warehouseready',
  'approvalbookkeep',
  'approvalpayment',
]);

/**
 * Whether a normalised Fortnox path (`/3/invoices/7/email`, from `normalizeFortnoxTarget`) names an
 * action. Segments are decoded and compared case-insensitively; a segment's leading letters are
 * compared too, so `EMAIL`, `email.json` and `email;x` are all the action (a number like `email-1`
 * is refused with them: a read key loses nothing it needs).
 */
export function fortnoxPathActs(path: string): boolean {
  for (const raw of path.split('/').slice(2)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw).toLowerCase();
    } catch {
      return true;
    }
    const letters = /^[a-z]*/.exec(segment)?.[0] ?? '';
    if (FORTNOX_ACTION_SEGMENTS.has(segment) || FORTNOX_ACTION_SEGMENTS.has(letters)) return true;
  }
  return false;
}
