import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import protobuf from 'protobufjs';
import { UsageError } from '../usage-error.js';

/** The .proto files of one `gen` run, parsed into one protobufjs Root with every type resolved. */
export interface LoadedProtos {
  readonly root: protobuf.Root;
  /** Every file loaded: the ones named, the ones they import, and bundled `google/protobuf/*.proto`. */
  readonly files: readonly string[];
}

/** How a path is shown in messages: relative to the working directory, as the user typed it. */
export function displayPath(file: string): string {
  return file.startsWith('google/protobuf/') ? file : relative(process.cwd(), file) || file;
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
    throw new UsageError(parseProblem(error), { cause: error });
  }
  checkTypesResolve(root);
  return { root, files: [...root.files] };
}

/** protobufjs says `illegal token 'x' (/abs/a.proto, line 3)`; cli.md wants `a.proto:3: ...`. */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const located = /^(.*) \((.+), line (\d+)\)$/.exec(message);
  if (located !== null) return `${displayPath(located[2]!)}:${located[3]}: ${located[1]}`;
  const missing = /ENOENT[^']*'([^']+)'/.exec(message);
  if (missing !== null) return `${displayPath(missing[1]!)}: no such file (imported by a .proto file given)`;
  return message;
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
