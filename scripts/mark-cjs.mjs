// tsc emits the CommonJS build as .js files under packages that are "type": "module";
// a nested package.json tells Node those files are CommonJS.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

for (const dir of readdirSync('packages')) {
  const cjs = join('packages', dir, 'dist', 'cjs');
  if (existsSync(cjs)) writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
}
