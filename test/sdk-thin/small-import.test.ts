/**
 * sdk-thin is small (ARCHITECTURE.md "sdk-thin"): importing it, from the ESM build or the CommonJS
 * build, must load no hessian.js, no ZooKeeper client and no YAML parser. Each check runs in a fresh
 * `node` process against the built package, as an application would load it, and lists every module
 * that process loaded: CommonJS modules from `require.cache`, ES modules from a resolve hook.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const THIN_ESM = fileURLToPath(new URL('../../packages/sdk-thin/dist/esm/index.js', import.meta.url));
const THIN_CJS = fileURLToPath(new URL('../../packages/sdk-thin/dist/cjs/index.js', import.meta.url));
const FAT_ESM = fileURLToPath(new URL('../../packages/sdk-fat/dist/esm/index.js', import.meta.url));

/** A program that imports (or requires) `target` and prints every module file the process loaded. */
const LIST_LOADED = `
import { register, createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const [target, how] = process.argv.slice(1);
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on('message', (url) => resolved.push(url));
const hooks = 'let port; export function initialize(data) { port = data.port; }' +
  'export async function resolve(specifier, context, next) {' +
  '  const result = await next(specifier, context); port.postMessage(result.url); return result; }';
register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
const require = createRequire(import.meta.url);
const loaded = how === 'require' ? require(target) : await import(target);
if (typeof loaded.createThinClient !== 'function' && typeof loaded.createMeshClient !== 'function') throw new Error('nothing exported');
await new Promise((resolve) => setTimeout(resolve, 100));
port1.close();
console.log(JSON.stringify([...resolved, ...Object.keys(require.cache)]));
`;

function modulesLoadedBy(target: string, how: 'import' | 'require'): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', LIST_LOADED, target, how], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

const FORBIDDEN = [/[/\\]hessian\.js[/\\]/, /[/\\]node-zookeeper-client[/\\]/, /[/\\]js-yaml[/\\]/];

describe('importing @dubbo-mesh/sdk-thin loads no hessian.js, ZooKeeper client or YAML parser', () => {
  beforeAll(() => {
    for (const file of [THIN_ESM, THIN_CJS, FAT_ESM]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first`);
    }
  });

  for (const how of ['import', 'require'] as const) {
    it(`from the ${how === 'import' ? 'ESM' : 'CommonJS'} build`, () => {
      const loaded = modulesLoadedBy(how === 'import' ? THIN_ESM : THIN_CJS, how);
      // The listing works: sdk-core and the codec are among the modules it saw.
      expect(loaded.some((file) => file.includes('sdk-core'))).toBe(true);
      expect(loaded.some((file) => file.includes('codec-triple'))).toBe(true);
      const heavy = loaded.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
      console.log(`sdk-thin via ${how}: ${loaded.length} modules, none of them heavy: ${heavy.length === 0}`);
      expect(heavy).toEqual([]);
    });
  }

  it('from the ESM build: bundled (one file per package entry) and no HTTP/2, TLS, net or zlib yet', () => {
    const loaded = modulesLoadedBy(THIN_ESM, 'import');
    // scripts/bundle.mjs: sdk-thin, codec-triple and sdk-core are one file each (sdk-core's entries
    // also share a chunk), instead of about 85 files that Node's ESM loader paid for one by one.
    const ours = new Set(
      loaded.filter((file) => /packages[/\\](sdk-thin|sdk-core|codec-triple)[/\\]/.test(file)),
    );
    expect(ours.size).toBeLessThanOrEqual(5);
    // Node's built-ins that cost the most to load are loaded by the first connect (node-builtins.ts).
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(THIN_ESM)});
         console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http2|tls|net|zlib)$/.test(m))));`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([]);
  });

  it('the bundled build still loads protobufjs and node:zlib on first use', () => {
    // A bundler turns `require` in ESM into a stub that throws: lazy loading must not depend on it.
    const CORE_ESM = fileURLToPath(new URL('../../packages/sdk-core/dist/esm/index.js', import.meta.url));
    const CODEC_ESM = fileURLToPath(
      new URL('../../packages/codec-triple/dist/esm/index.js', import.meta.url),
    );
    const PROTO = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const core = await import(${JSON.stringify(CORE_ESM)});
         const codec = await import(${JSON.stringify(CODEC_ESM)});
         const service = core.loadProtoService(${JSON.stringify(PROTO)}, 'dubbomesh.test.TestService');
         const gzipped = codec.gzipMessage(new Uint8Array(16));
         console.log(JSON.stringify([Object.keys(service.methods), gzipped[0], gzipped[1]]));`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([
      ['unary', 'serverStream', 'clientStream', 'bidi'],
      0x1f,
      0x8b,
    ]);
  });

  it('from the CommonJS build: sdk-thin and codec-triple bundled, built-ins and protobufjs on first use', () => {
    const loaded = modulesLoadedBy(THIN_CJS, 'require');
    const files = (name: string) =>
      new Set(
        loaded.filter((file) => file.includes(`packages/${name}/`) || file.includes(`packages\\${name}\\`)),
      );
    expect(files('sdk-thin').size).toBe(1);
    expect(files('codec-triple').size).toBe(1);
    const PROTO = fileURLToPath(new URL('../peers/proto/test.proto', import.meta.url));
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const thin = require(${JSON.stringify(THIN_CJS)});
         const early = process.moduleLoadList.filter((m) => /^NativeModule (http2|tls|net|zlib)$/.test(m));
         const core = require('@dubbo-mesh/sdk-core');
         const service = core.loadProtoService(${JSON.stringify(PROTO)}, 'dubbomesh.test.TestService');
         console.log(JSON.stringify([typeof thin.createThinClient, early, Object.keys(service.methods).length]));`,
      ],
      {
        encoding: 'utf8',
        timeout: 20_000,
        cwd: fileURLToPath(new URL('../../packages/sdk-thin/', import.meta.url)),
      },
    );
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual(['function', [], 4]);
  });

  it('the same listing does see them when sdk-fat is imported (the check can fail)', () => {
    const loaded = modulesLoadedBy(FAT_ESM, 'import');
    expect(loaded.some((file) => /[/\\]js-yaml[/\\]/.test(file))).toBe(true);
    expect(loaded.some((file) => /[/\\]node-zookeeper-client[/\\]/.test(file))).toBe(true);
  });
});
