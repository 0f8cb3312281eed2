// `npx tsx scripts/check-packaged-fuses.ts [--app <path>]`: reads the fuses of the app that
// `electron-builder --dir` just packaged with `@electron/fuses read` and exits 1 unless every fuse
// electron-builder.yml sets has that state in the binary. Run by .github/workflows/ci.yml on each OS
// after packaging; without --app it finds the app for this platform and architecture in the
// output folder of electron-builder.yml.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expectedFuses, fuseMismatches, packagedAppPath, parseFuseReadout } from './packaged-fuses';

const ROOT = path.resolve(__dirname, '..');

interface BuilderConfig {
  productName: string;
  directories: { output: string };
  electronFuses: Record<string, unknown>;
}

const config = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageName = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
const appArg = process.argv.indexOf('--app');
const app =
  appArg >= 0
    ? path.resolve(process.argv[appArg + 1] ?? '')
    : path.join(ROOT, config.directories.output, packagedAppPath(process.platform, process.arch, { productName: config.productName, linuxExecutable: packageName }));
if (!existsSync(app)) {
  console.error(`No packaged app at ${app}: run \`npx electron-builder --dir --publish never\` first.`);
  process.exit(1);
}

// `npx @electron/fuses read --app <app>`, run through node so it works the same on Windows.
const fusesPackage = path.dirname(require.resolve('@electron/fuses/package.json', { paths: [ROOT] }));
const bin = (JSON.parse(readFileSync(path.join(fusesPackage, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
const readout = execFileSync(process.execPath, [path.join(fusesPackage, Object.values(bin)[0] ?? ''), 'read', '--app', app], { encoding: 'utf8' });
process.stdout.write(readout);

const mismatches = fuseMismatches(expectedFuses(config.electronFuses), parseFuseReadout(readout));
if (mismatches.length > 0) {
  console.error(`The fuses of ${app} are not what electron-builder.yml sets:\n  ${mismatches.join('\n  ')}`);
  process.exit(1);
}
process.stdout.write(`All ${expectedFuses(config.electronFuses).size} fuses of electron-builder.yml are set in ${path.basename(app)}.\n`);
