import protobuf from 'protobufjs';
import { emitModule } from './emit-module.js';
import { compare } from './emit-service.js';
import { allObjects, loadProtoFiles } from './load-proto-files.js';
import { bundledFiles, fileOf, layOutModules, type ProtoModule } from './proto-file-layout.js';

/** One generated module: its path relative to `--out` (`/`-separated) and its text. */
export interface GeneratedModule {
  readonly path: string;
  readonly text: string;
}

/**
 * Generates one TypeScript module per .proto file of `paths` and of every file they import (an imported
 * file's types are referenced from its own module), in path order. The text depends only on the files'
 * contents and their paths relative to each other: no timestamps, no absolute paths.
 */
export function generateModules(paths: readonly string[]): GeneratedModule[] {
  const { root, files } = loadProtoFiles(paths);
  const modules = layOutModules(files);
  const bundled = bundledFiles(files);
  const moduleOf = (object: protobuf.ReflectionObject): ProtoModule => {
    const module = modules.get(fileOf(object, bundled));
    if (module === undefined) throw new Error(`no module for ${object.fullName}`);
    return module;
  };
  const declarations = new Map<ProtoModule, protobuf.ReflectionObject[]>();
  for (const object of allObjects(root)) {
    const declares =
      object instanceof protobuf.Type ||
      object instanceof protobuf.Enum ||
      object instanceof protobuf.Service;
    if (!declares) continue;
    const module = moduleOf(object);
    const list = declarations.get(module) ?? [];
    list.push(object);
    declarations.set(module, list);
  }
  return [...modules.values()]
    .filter((module) => declarations.has(module))
    .map((module) => ({
      path: module.modulePath,
      text: emitModule({ module, declarations: declarations.get(module) ?? [], moduleOf }),
    }))
    .sort((a, b) => compare(a.path, b.path));
}
