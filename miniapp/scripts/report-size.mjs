#!/usr/bin/env node
// Prints the size of the weapp main package (dist/weapp minus the subpackage folders) and of each subpackage.
// WeChat refuses a main package over 2 MB (and any single subpackage over 2 MB): exit 1 then.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

const LIMIT = 2 * 1024 * 1024;
const root = path.resolve(__dirname, '..', 'dist', 'weapp');
// Not uploaded to WeChat: DevTools' own settings files and source maps.
const IGNORED = /(^|\/)(project\.config\.json|project\.private\.config\.json)$|\.map$/;

function sizeOf(dir, skip = new Set()) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (skip.has(rel) || IGNORED.test(rel)) continue;
    total += entry.isDirectory() ? sizeOf(full, skip) : fs.statSync(full).size;
  }
  return total;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (!fs.existsSync(path.join(root, 'app.json'))) {
  console.error(`report-size: ${root}/app.json not found; run the weapp build first`);
  process.exit(1);
}
const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
const subRoots = (app.subPackages || app.subpackages || []).map((p) => p.root.replace(/\/+$/, ''));
const main = sizeOf(root, new Set(subRoots));
let failed = main > LIMIT;

console.log(`weapp main package: ${kb(main)} (limit 2048 KB, ${((main / LIMIT) * 100).toFixed(1)}% used)`);
for (const sub of subRoots) {
  const dir = path.join(root, sub);
  const size = fs.existsSync(dir) ? sizeOf(dir) : 0;
  if (size > LIMIT) failed = true;
  console.log(`weapp subpackage ${sub}: ${kb(size)}`);
}
if (failed) {
  console.error('report-size: a package is over the 2 MB limit');
  process.exit(1);
}
