/**
 * The bounds of a client list import (issue 9 item 2), apart from the parser so that the renderer
 * can check a chosen file's size before reading it without bundling Papa Parse.
 */

/** Largest list text accepted: 1 MiB of UTF-8 (about 25,000 lines of number and name). */
export const CLIENT_IMPORT_MAX_BYTES = 1024 * 1024;
/** Most clients in one import (a header row and empty lines not counted). */
export const CLIENT_IMPORT_MAX_ROWS = 5000;

/** The number of bytes `text` takes as UTF-8, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
