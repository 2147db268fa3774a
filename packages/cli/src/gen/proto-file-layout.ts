import { dirname, posix, relative, sep } from 'node:path';
import protobuf from 'protobufjs';

/** Where one .proto file's module goes, and how other modules refer to it. */
export interface ProtoModule {
  /** The file as protobufjs loaded it (absolute, or `google/protobuf/x.proto` for bundled ones). */
  readonly loadedAs: string;
  /** A stable name with no machine-specific part: the path below the common directory of the run. */
  readonly protoName: string;
  /** The generated module, relative to `--out`, with `/` separators: `greeter.ts`. */
  readonly modulePath: string;
  /** The namespace-import name other generated modules use for it: `pb_google_protobuf_timestamp`. */
  readonly alias: string;
}

const BUNDLED = 'google/protobuf/';

/**
 * Lays out one module per .proto file. Paths are relative to the deepest directory holding every file of
 * the run, so output never depends on where the repository is checked out (deterministic output, cli.md
 * "gen"); protobufjs's bundled well-known types go under `google/protobuf/`.
 */
export function layOutModules(files: readonly string[]): ReadonlyMap<string, ProtoModule> {
  const local = files.filter((file) => !file.startsWith(BUNDLED));
  const base = commonDirectory(local.map(dirname));
  const modules = new Map<string, ProtoModule>();
  for (const file of files) {
    const protoName = file.startsWith(BUNDLED) ? file : relative(base, file).split(sep).join('/');
    const stem = protoName.replace(/\.proto$/, '');
    modules.set(file, {
      loadedAs: file,
      protoName,
      modulePath: `${stem}.ts`,
      alias: `pb_${stem.replace(/[^A-Za-z0-9]/g, '_')}`,
    });
  }
  return modules;
}

/** The specifier `from` uses to import `to` (NodeNext: relative, ending in `.js`). */
export function importSpecifier(from: ProtoModule, to: ProtoModule): string {
  const path = posix.relative(posix.dirname(from.modulePath), to.modulePath).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

function commonDirectory(dirs: readonly string[]): string {
  const [first, ...rest] = dirs;
  if (first === undefined) return '.';
  let parts = first.split(sep);
  for (const dir of rest) {
    const other = dir.split(sep);
    let same = 0;
    while (same < parts.length && parts[same] === other[same]) same++;
    parts = parts.slice(0, same);
  }
  return parts.join(sep) || sep;
}

/**
 * The file that declares `object`. protobufjs records the file on each declaration it parses; bundled
 * well-known types have none, so they are looked up in protobufjs's own table of them.
 */
export function fileOf(object: protobuf.ReflectionObject, bundledFiles: readonly string[]): string {
  for (let at: protobuf.ReflectionObject | null = object; at !== null; at = at.parent) {
    if (at.filename) return at.filename;
  }
  const path = object.fullName.slice(1).split('.');
  for (const file of bundledFiles) {
    let nested: unknown = protobuf.common.get(file);
    for (const name of path) nested = nestedOf(nested)?.[name];
    if (nested !== undefined) return file;
  }
  throw new Error(`cannot tell which .proto file declares ${object.fullName}`);
}

function nestedOf(json: unknown): Record<string, unknown> | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const nested: unknown = Reflect.get(json, 'nested');
  return typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : undefined;
}

/** Bundled files among `files`: their declarations carry no file name (see {@link fileOf}). */
export function bundledFiles(files: readonly string[]): string[] {
  return files.filter((file) => file.startsWith(BUNDLED));
}
