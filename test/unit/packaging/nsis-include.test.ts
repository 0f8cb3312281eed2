import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProjectFile, ROOT } from './packaging-files';

// The NSIS script cannot run here (no Windows, no makensis): these tests read it, and tie it to
// the installed electron-builder's own templates, which insert the macro and set $installMode.

const config = readProjectFile<{ nsis: { include?: string; perMachine: boolean } }>('electron-builder.yml');
const includePath = config.nsis.include ?? '';
const script = existsSync(path.join(ROOT, includePath)) ? readFileSync(path.join(ROOT, includePath), 'utf8') : '';
const template = (name: string) => readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/templates/nsis', name), 'utf8');

/** The script's lines without comments and blank lines. */
const code = script
  .split(/\r?\n/)
  .map((line) => line.replace(/^\s*;.*$/, '').trim())
  .filter(Boolean);

/** The body of `!macro <name>` … `!macroend`. */
function macroBody(name: string): string[] {
  const start = code.indexOf(`!macro ${name}`);
  const end = code.indexOf('!macroend', start);
  return start >= 0 && end > start ? code.slice(start + 1, end) : [];
}

describe('the NSIS include that protects the managed configuration folder', () => {
  it('is referenced from electron-builder.yml and exists under build/', () => {
    expect(includePath).toBe('build/installer.nsh');
    expect(script).not.toBe('');
  });

  it('defines customInstall, which the installed electron-builder inserts into its install section', () => {
    expect(template('installSection.nsh')).toContain('!insertmacro customInstall');
    expect(macroBody('customInstall').length).toBeGreaterThan(0);
  });

  it('runs icacls only inside the per-machine branch ($installMode "all", as electron-builder sets it)', () => {
    expect(template('multiUser.nsh')).toContain('StrCpy $installMode all');
    const body = macroBody('customInstall');
    const opening = body.indexOf('${if} $installMode == "all"');
    const closing = body.lastIndexOf('${endIf}');
    expect(opening).toBe(0);
    expect(closing).toBe(body.length - 1);
    const icacls = body.map((line, index) => ({ line, index })).filter(({ line }) => line.includes('icacls'));
    expect(icacls.length).toBeGreaterThan(0);
    for (const { index } of icacls) expect(index > opening && index < closing).toBe(true);
    // Nothing but the branch: no other ${if}/${else} that could run icacls for a per-user install.
    expect(body.filter((line) => /^\$\{(if|else|elseif|orIf|andIf)\b/i.test(line))).toEqual(['${if} $installMode == "all"']);
  });

  it('sets an admin-only ACL on %ProgramData%\\Fortnox Connector: owner Administrators, SYSTEM and Administrators full, Users read only', () => {
    const body = macroBody('customInstall').join('\n');
    expect(body).toContain('CreateDirectory "$APPDATA\\Fortnox Connector"');
    expect(body).toContain('"$SYSDIR\\icacls.exe" "$APPDATA\\Fortnox Connector" /setowner *S-1-5-32-544');
    const grant = macroBody('customInstall').find((line) => line.includes('/grant:r')) ?? '';
    expect(grant).toContain('/inheritance:r');
    const grants = [...grant.matchAll(/\*(S-[\d-]+):(\S+?)'?(?=\s|$)/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(grants).toEqual(['S-1-5-18:(OI)(CI)F', 'S-1-5-32-544:(OI)(CI)F', 'S-1-5-32-545:(OI)(CI)RX']);
  });

  it('never takes over what is already in the folder (no /T), so a planted file keeps its owner and stays refused', () => {
    for (const line of macroBody('customInstall').filter((candidate) => candidate.includes('icacls'))) {
      expect(line).not.toMatch(/\s\/t(\s|'|$)/i);
    }
  });

  it('keeps per-user installs the default', () => {
    expect(config.nsis.perMachine).toBe(false);
  });
});
