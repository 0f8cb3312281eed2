import { z } from 'zod';
import type { CommandPort } from './system-command';

/** Well-known SIDs (Microsoft, "Well-known SIDs"): names are translated on a Swedish Windows, SIDs are not. */
export const SID = {
  system: 'S-1-5-18',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  authenticatedUsers: 'S-1-5-11',
  everyone: 'S-1-1-0',
  creatorOwner: 'S-1-3-0',
  trustedInstaller: 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
} as const;

/** Who may own the managed file and its folder. */
const ADMIN_OWNERS: ReadonlySet<string> = new Set([SID.system, SID.administrators]);

/** Who may hold write rights on them: the owners above and the Windows servicing account. */
const ADMIN_WRITERS: ReadonlySet<string> = new Set([SID.system, SID.administrators, SID.trustedInstaller]);

/**
 * FileSystemRights bits that let a principal change what the file says or who may change it:
 * WriteData/CreateFiles (0x2), AppendData/CreateDirectories (0x4), DeleteSubdirectoriesAndFiles
 * (0x40, on the folder: replace the file), Delete (0x10000), WRITE_DAC (0x40000), WRITE_OWNER
 * (0x80000), GENERIC_ALL (0x10000000) and GENERIC_WRITE (0x40000000). Attribute bits alone
 * (WriteAttributes, WriteExtendedAttributes) cannot change the content and are not counted.
 */
export const WRITE_RIGHTS = 0x2 | 0x4 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

/**
 * A list, also read leniently: ACL_SCRIPT always prints a JSON array, but an older script's
 * ConvertTo-Json (Windows PowerShell 5.1) printed a one-element array as the element or as
 * `{ value, Count }`; accepting those costs nothing and refuses nothing that should pass.
 */
function asList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value;
    if (typeof value === 'object' && 'value' in value && Array.isArray((value as { value: unknown }).value)) {
      return (value as { value: unknown[] }).value;
    }
    return [value];
  }, z.array(item).max(200));
}

const aceSchema = z.object({
  sid: z.string().max(200),
  /** FileSystemRights as a number; PowerShell prints generic rights as a negative Int32. */
  rights: z.number().int(),
  type: z.enum(['Allow', 'Deny']),
  inherited: z.boolean(),
  /** True when the entry only passes down to children and does not apply to this object. */
  inheritOnly: z.boolean(),
});

const securityDescriptorSchema = z.object({
  owner: z.string().max(200),
  access: asList(aceSchema),
});

/** The output of ACL_SCRIPT: owner and access entries (by SID) of the managed file and of its folder. */
export const aclReportSchema = z.object({ file: securityDescriptorSchema, folder: securityDescriptorSchema });

/** A parsed ACL report. */
export type AclReport = z.infer<typeof aclReportSchema>;

/** One object's security descriptor from the report. */
export type SecurityDescriptorFacts = AclReport['file'];

/**
 * Decides whether the managed file may be used on Windows: the file and its folder must be owned
 * by SYSTEM or Administrators, and no allow entry that applies to them may give anyone else a
 * write right (Users with Modify, Authenticated Users with Write, Everyone, an ordinary user, a
 * CREATOR OWNER entry that applies to the object itself, inherited or explicit alike). Inherit-only
 * entries are skipped: they shape future children, and a child can only appear through a right on
 * the folder, which is checked. Deny entries never make a file acceptable: an allow entry for a
 * non-admin principal refuses the file even when a deny entry might mask it for some users, since
 * who is in which group is not known here.
 */
export function judgeWindowsAcl(report: AclReport): { kind: 'ok' } | { kind: 'refused'; reason: string } {
  for (const [label, descriptor] of [
    ['managed file', report.file],
    ['managed file\'s folder', report.folder],
  ] as const) {
    if (!ADMIN_OWNERS.has(descriptor.owner)) {
      return { kind: 'refused', reason: `the ${label} is owned by ${descriptor.owner}, not by SYSTEM or Administrators` };
    }
    for (const entry of descriptor.access) {
      if (entry.type !== 'Allow' || entry.inheritOnly) continue;
      // Unsigned, so that generic rights printed as negative Int32 keep their bits.
      const rights = entry.rights >>> 0;
      if ((rights & WRITE_RIGHTS) !== 0 && !ADMIN_WRITERS.has(entry.sid)) {
        return {
          kind: 'refused',
          reason: `${entry.sid} may write the ${label} (rights 0x${rights.toString(16)}${entry.inherited ? ', inherited' : ''})`,
        };
      }
    }
  }
  return { kind: 'ok' };
}

/**
 * The PowerShell that reports the ACLs by SID. Paths arrive in environment variables, never in the
 * command line, so no path can be read as code. Run with -EncodedCommand (UTF-16LE base64).
 * It calls no cmdlet at all (no Get-Acl, ForEach-Object or ConvertTo-Json): a module planted in
 * the user's own module folder could shadow a cmdlet, never a .NET method. So the ACLs come from
 * .NET directly and the JSON is built by hand, every string escaped (quote, backslash, control
 * characters) by Quote; SIDs and enum names are plain ASCII, but nothing relies on that.
 */
export const ACL_SCRIPT = String.raw`$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$sid = [System.Security.Principal.SecurityIdentifier]
$inheritOnly = [System.Security.AccessControl.PropagationFlags]::InheritOnly
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
function Quote([string]$text) {
  $builder = [System.Text.StringBuilder]::new('"')
  foreach ($ch in $text.ToCharArray()) {
    $code = [int]$ch
    if ($code -eq 34) { [void]$builder.Append('\"') }
    elseif ($code -eq 92) { [void]$builder.Append('\\') }
    elseif ($code -lt 32) { [void]$builder.Append('\u').Append($code.ToString('x4', $invariant)) }
    else { [void]$builder.Append($ch) }
  }
  [void]$builder.Append('"')
  return $builder.ToString()
}
function Flag([bool]$value) { if ($value) { return 'true' } return 'false' }
function Describe([string]$path, [bool]$isFolder) {
  if ($isFolder) { $acl = [System.IO.Directory]::GetAccessControl($path) }
  else { $acl = [System.IO.File]::GetAccessControl($path) }
  $rules = [System.Collections.Generic.List[string]]::new()
  foreach ($rule in $acl.GetAccessRules($true, $true, $sid)) {
    $rules.Add('{"sid":' + (Quote $rule.IdentityReference.Value) +
      ',"rights":' + ([int]$rule.FileSystemRights).ToString($invariant) +
      ',"type":' + (Quote $rule.AccessControlType.ToString()) +
      ',"inherited":' + (Flag $rule.IsInherited) +
      ',"inheritOnly":' + (Flag (($rule.PropagationFlags -band $inheritOnly) -ne 0)) + '}')
  }
  return '{"owner":' + (Quote $acl.GetOwner($sid).Value) + ',"access":[' + [string]::Join(',', $rules) + ']}'
}
[Console]::Out.Write('{"file":' + (Describe $env:FORTNOX_ACL_FILE $false) + ',"folder":' + (Describe $env:FORTNOX_ACL_FOLDER $true) + '}')`;

/** Parses the script's output; undefined when it is not the expected shape. */
export function parseAclReport(stdout: string): AclReport | undefined {
  let json: unknown;
  try {
    json = JSON.parse(stdout.trim());
  } catch {
    return undefined;
  }
  const parsed = aclReportSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Windows PowerShell 5.1, by absolute path (never looked up on PATH). */
export function powerShellPath(systemRoot: string): string {
  return `${systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

/** Runs ACL_SCRIPT for the file and its folder through the command port. */
export async function readWindowsAcl(
  command: CommandPort,
  systemRoot: string,
  filePath: string,
  folderPath: string,
): Promise<{ report: AclReport } | { failed: string }> {
  const encoded = Buffer.from(ACL_SCRIPT, 'utf16le').toString('base64');
  const result = await command.run(
    powerShellPath(systemRoot),
    // No profile (the user's own script), no prompts, and no execution policy in the way.
    ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded],
    { FORTNOX_ACL_FILE: filePath, FORTNOX_ACL_FOLDER: folderPath },
  );
  if (result.kind !== 'exited') return { failed: result.reason };
  if (result.code !== 0) return { failed: `PowerShell exited with ${result.code}` };
  const report = parseAclReport(result.stdout);
  return report ? { report } : { failed: 'PowerShell printed an ACL report of an unexpected shape' };
}
