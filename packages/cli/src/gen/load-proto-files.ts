import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import protobuf from 'protobufjs';
import { UsageError } from '../usage-error.js';

/** The .proto files of one `gen` run, parsed into one protobufjs Root with every type resolved. */
export interface LoadedProtos {
  readonly root: protobuf.Root;
  /** Every file loaded: the ones named, the ones they import, and bundled `google/protobuf/*.proto`. */
  readonly files: readonly string[];
}

/** How a path is shown in messages: relative to the working directory when below it, else absolute. */
export function displayPath(file: string): string {
  if (file.startsWith('google/protobuf/')) return file;
  const below = relative(process.cwd(), file);
  return below === '' || below.startsWith('..') || isAbsolute(below) ? file : below;
}

/**
 * Loads `paths` (and their imports, resolved from the importing file's directory) with the field names
 * `loadProtoService` uses (`keepCase: false`), so generated types match what the serializers see.
 * Errors are `UsageError`s naming the file and line (cli.md "Output and exit codes": exit 1):
 * a missing file, a parse error, an unknown type.
 */
export function loadProtoFiles(paths: readonly string[]): LoadedProtos {
  const absolute = paths.map((path) => {
    const file = resolve(path);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${path}: no such file`);
    return file;
  });
  const root = new protobuf.Root();
  try {
    root.loadSync(absolute, { keepCase: false, alternateCommentMode: true });
  } catch (error) {
    throw new UsageError(loadProblem(root, error), { cause: error });
  }
  checkTypesResolve(root);
  return { root, files: [...root.files] };
}

/**
 * protobufjs says `illegal token 'x' (line 3)` or `no such Type or Enum 'T' in Type .pkg.M`; cli.md wants
 * the file and line. It records each file before parsing it and stops at the first error, so the file
 * being parsed is the last one recorded.
 */
function loadProblem(root: protobuf.Root, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const parsing = root.files.at(-1);
  const located = /^(.*) \((?:(.+), )?line (\d+)\)$/.exec(message);
  if (located !== null) {
    const file = located[2] ?? parsing;
    return `${file === undefined ? '' : `${displayPath(file)}:`}${located[3]}: ${located[1]}`;
  }
  const unknown = /^no such Type or Enum '([^']+)' in \w+ \.(.+)$/.exec(message);
  if (unknown !== null) {
    const [, typeName = '', owner = ''] = unknown;
    const file = ownerFile(root, owner) ?? parsing;
    const where = file === undefined ? '' : `${displayPath(file)}:${lineOf(file, typeName)}: `;
    return `${where}unknown type ${typeName} in ${owner}`;
  }
  const missing = /ENOENT[^']*'([^']+)'/.exec(message);
  if (missing !== null) return `${displayPath(missing[1]!)}: no such file (imported by a .proto file given)`;
  return message;
}

function ownerFile(root: protobuf.Root, fullName: string): string | undefined {
  try {
    return root.lookup(fullName)?.filename ?? undefined;
  } catch {
    return undefined;
  }
}

/** Resolves every field and method, naming the file and line of the first reference that fails. */
function checkTypesResolve(root: protobuf.Root): void {
  for (const object of allObjects(root)) {
    if (object instanceof protobuf.Type) {
      for (const field of object.fieldsArray) {
        attempt(() => field.resolve(), object, field.type, field.name);
      }
    } else if (object instanceof protobuf.Service) {
      for (const method of object.methodsArray) {
        attempt(() => method.resolve(), object, method.requestType, method.name);
        attempt(() => method.resolve(), object, method.responseType, method.name);
      }
    }
  }
  root.resolveAll();
}

function attempt(
  step: () => unknown,
  owner: protobuf.ReflectionObject,
  typeName: string,
  member: string,
): void {
  try {
    step();
  } catch (error) {
    const file = owner.filename ?? '';
    const where = file === '' ? '' : `${displayPath(file)}:${lineOf(file, typeName)}: `;
    throw new UsageError(`${where}unknown type ${typeName} in ${owner.fullName.slice(1)}.${member}`, {
      cause: error,
    });
  }
}

/**
 * The first line of `file` naming `typeName` as a token: protobufjs keeps no line numbers for fields, and
 * a name that resolves nowhere is rarely written anywhere but where it is used.
 */
function lineOf(file: string, typeName: string): number {
  const token = new RegExp(`(^|[\\s(])${typeName.replace(/\./g, '\\.')}[\\s)]`);
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => token.test(line));
  return Math.max(index, 0) + 1;
}

/** Every Type, Enum and Service under `namespace`, depth first in declaration order. */
export function allObjects(namespace: protobuf.NamespaceBase): protobuf.ReflectionObject[] {
  const out: protobuf.ReflectionObject[] = [];
  for (const object of namespace.nestedArray) {
    if (!(object instanceof protobuf.Field)) out.push(object);
    if (object instanceof protobuf.Namespace) out.push(...allObjects(object));
  }
  return out;
}
