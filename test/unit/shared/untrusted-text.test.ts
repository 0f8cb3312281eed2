import { describe, expect, it } from 'vitest';
import { cleanText, isCleanText } from '../../../shared/untrusted-text';

describe('cleanText', () => {
  it.each([
    ['a C0 control character', 'Bolag\u0007 AB'],
    ['a line break', 'Bolag\r\nAB'],
    ['DEL', 'Bolag\u007f AB'],
    ['a C1 control character (CSI)', 'Bolag\u009b31m AB'],
    ['NEL U+0085', 'Bolag\u0085AB'],
    ['LINE SEPARATOR U+2028', 'Bolag\u2028AB'],
    ['PARAGRAPH SEPARATOR U+2029', 'Bolag\u2029AB'],
    ['RIGHT-TO-LEFT OVERRIDE U+202E', 'Bolag\u202eAB'],
    ['LEFT-TO-RIGHT EMBEDDING U+202A', 'Bolag\u202aAB'],
    ['POP DIRECTIONAL FORMATTING U+202C', 'Bolag\u202cAB'],
    ['RIGHT-TO-LEFT ISOLATE U+2067', 'Bolag\u2067AB'],
    ['POP DIRECTIONAL ISOLATE U+2069', 'Bolag\u2069AB'],
    ['RIGHT-TO-LEFT MARK U+200F', 'Bolag\u200fAB'],
    ['LEFT-TO-RIGHT MARK U+200E', 'Bolag\u200eAB'],
    ['ARABIC LETTER MARK U+061C', 'Bolag\u061cAB'],
    ['a byte-order mark', '\ufeffBolag AB'],
  ])('removes %s', (_name, hostile) => {
    const cleaned = cleanText(hostile, 200);
    expect(cleaned).toMatch(/^Bolag ?(31m )?AB$/);
    expect(isCleanText(cleaned ?? '')).toBe(true);
    expect(isCleanText(hostile)).toBe(false);
  });

  it('keeps Swedish letters, punctuation and emoji as they are', () => {
    expect(cleanText('Åsa & Östen AB – "Café" 😀', 200)).toBe('Åsa & Östen AB – "Café" 😀');
  });

  it('collapses runs of white space and trims, and gives undefined for nothing left', () => {
    expect(cleanText('  Bolag \t\n  AB  ', 200)).toBe('Bolag AB');
    expect(cleanText('\u202e\u0000 ', 200)).toBeUndefined();
    expect(cleanText(null, 200)).toBeUndefined();
    expect(cleanText(undefined, 200)).toBeUndefined();
  });

  it('cuts to the limit with an ellipsis as the last character', () => {
    expect(cleanText('x'.repeat(200), 200)).toBe('x'.repeat(200));
    const cut = cleanText('y'.repeat(300), 200);
    expect(cut).toHaveLength(200);
    expect(cut).toBe(`${'y'.repeat(199)}…`);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const cut = cleanText(`${'x'.repeat(198)}😀😀`, 200);
    expect(cut).toBe(`${'x'.repeat(198)}…`);
    expect(cut?.length).toBeLessThanOrEqual(200);
  });
});
