import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { generateModules } from './generate-modules.js';

const dir = mkdtempSync(join(tmpdir(), 'gen-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function proto(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function moduleText(paths: string[], module: string): string {
  const found = generateModules(paths).find((m) => m.path === module);
  if (found === undefined) throw new Error(`no module ${module}`);
  return found.text;
}

function problem(paths: string[]): string {
  try {
    generateModules(paths);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no error');
}

describe('generateModules', () => {
  const shapes = proto(
    'shapes.proto',
    `syntax = "proto3";
package s;
import "google/protobuf/empty.proto";
import "sub/dep.proto";
enum Kind { KIND_A = 0; KIND_B = 1; }
message M {
  message N { sint64 v = 1; }
  int64 big = 1;
  fixed32 small = 2;
  repeated N ns = 3;
  map<int32, N> by_id = 4;
  oneof pick { string s = 5; Kind k = 6; }
  optional bool flag = 7;
  bytes raw = 8;
  d.Dep dep = 9;
}
service Svc {
  rpc Get(M) returns (google.protobuf.Empty);
  rpc Watch(M) returns (stream M);
}
`,
  );
  mkdirSync(join(dir, 'sub'));
  proto('sub/dep.proto', 'syntax = "proto3";\npackage d;\nmessage Dep { repeated int64 xs = 1; }\n');

  it('writes a module per file, imported ones too, under paths relative to the run', () => {
    expect(generateModules([shapes]).map((m) => m.path)).toEqual([
      'google/protobuf/empty.ts',
      'shapes.ts',
      'sub/dep.ts',
    ]);
  });

  it('types 64-bit integers as decimal strings decoded and bigint | number | string on input', () => {
    const text = moduleText([shapes], 'shapes.ts');
    expect(text).toContain('  big: string;\n');
    expect(text).toContain('  big?: bigint | number | string | null;\n');
    expect(text).toContain('export interface M_N {\n  v: string;\n}');
    expect(text).toContain('  small: number;\n');
  });

  it('types repeated, maps, bytes, enums, proto3 optional and nested messages', () => {
    const text = moduleText([shapes], 'shapes.ts');
    expect(text).toContain('  ns: M_N[];\n');
    expect(text).toContain('  ns?: readonly M_NInit[];\n');
    expect(text).toContain('  byId: { [key: string]: M_N };\n');
    expect(text).toContain('  raw: Uint8Array;\n');
    expect(text).toContain('  raw?: Uint8Array | string | null;\n');
    expect(text).toContain('  flag?: boolean;\n');
    expect(text).toContain("export type Kind = 'KIND_A' | 'KIND_B';");
    expect(text).toContain('  dep: pb_sub_dep.Dep | null;\n');
    expect(text).toContain("import * as pb_sub_dep from './sub/dep.js';");
  });

  it('makes the members of a oneof exclusive', () => {
    const text = moduleText([shapes], 'shapes.ts');
    expect(text).toContain('  | { s: string; k?: undefined }\n  | { s?: undefined; k: Kind | number }\n');
    expect(text).toContain('  | { s?: string | null; k?: null }\n');
  });

  it('describes each service with its kinds, request input and response types', () => {
    const text = moduleText([shapes], 'shapes.ts');
    expect(text).toContain("readonly get: MethodDescriptor<MInit, pb_google_protobuf_empty.Empty, 'unary'>;");
    expect(text).toContain("readonly watch: MethodDescriptor<MInit, M, 'server_streaming'>;");
    expect(text).toContain('export const Svc: ServiceDescriptor<SvcMethods> = generatedService<SvcMethods>(');
    expect(text).toContain("responseType: 'google.protobuf.Empty',");
  });

  it('embeds the reflection of the file only, with its imports as references', () => {
    const text = moduleText([shapes], 'shapes.ts');
    expect(text).toContain("name: 'shapes.proto',");
    expect(text).toContain('imports: [pb_google_protobuf_empty.protoFile, pb_sub_dep.protoFile],');
    expect(text).not.toContain('"Dep"');
    expect(moduleText([shapes], 'google/protobuf/empty.ts')).toContain(
      'export type Empty = Record<string, never>;',
    );
  });

  it('names the file and line of a parse error, and of an unknown type', () => {
    const broken = proto('broken.proto', 'syntax = "proto3";\nmessage A {\n  string a = 1\n}\n');
    expect(problem([broken])).toMatch(/broken\.proto:4: illegal token '}'/);
    const unknown = proto(
      'unknown.proto',
      'syntax = "proto3";\npackage u;\nmessage A {\n  Missing m = 1;\n}\n',
    );
    expect(problem([unknown])).toMatch(/unknown\.proto:4: unknown type Missing in u\.A/);
    expect(problem([join(dir, 'nope.proto')])).toMatch(/nope\.proto: no such file/);
  });

  it('refuses two declarations that would get one TypeScript name', () => {
    const clash = proto(
      'clash.proto',
      'syntax = "proto3";\npackage c;\nmessage A { message B {} }\nmessage A_B {}\n',
    );
    const builtin = proto('builtin.proto', 'syntax = "proto3";\npackage b;\nmessage Record {}\n');
    expect(problem([builtin])).toMatch(/b\.Record and a TypeScript built-in type would both be named Record/);
    expect(problem([clash])).toMatch(
      /c\.A_B and c\.A\.B would both be named A_B|c\.A\.B and c\.A_B would both/,
    );
  });
});
