import type protobuf from 'protobufjs';
import { fieldType, initName, localTypeName, type Shape, type TypeRef } from './field-ts-type.js';

/** A TSDoc block: the .proto comment when there is one, then `summary`, wrapped at 100 columns. */
export function docComment(comment: string | null, summary: string, indent = ''): string {
  const lines = [
    ...(comment ? comment.split('\n') : []),
    ...(comment ? [''] : []),
    ...wrap(summary, 96 - indent.length),
  ];
  const escaped = lines.map((line) => line.trimEnd().replaceAll('*/', '*\\/'));
  if (escaped.length === 1) return `${indent}/** ${escaped[0]} */\n`;
  const body = escaped.map((line) => `${indent} *${line === '' ? '' : ` ${line}`}`);
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** `export type Color = 'RED' | 'GREEN';` */
export function emitEnum(type: protobuf.Enum): string {
  const names = Object.keys(type.values).sort();
  const union = names.length === 0 ? 'never' : names.map((name) => `'${name}'`).join(' | ');
  const summary =
    `The value names of enum \`${type.fullName.slice(1)}\`. Fields of this enum decode as a name, or as ` +
    'the number when it has no name; they accept either.';
  return `${docComment(type.comment, summary)}export type ${localTypeName(type)} = ${union};\n`;
}

/** The message's two shapes: `Name` (decoded) and `NameInit` (accepted on input). */
export function emitMessage(type: protobuf.Type, ref: TypeRef): string {
  const name = localTypeName(type);
  const fullName = type.fullName.slice(1);
  const decoded = docComment(
    type.comment,
    `Message \`${fullName}\` as a client decodes it: every field present, unset ones with their defaults.`,
  );
  const init = docComment(
    null,
    `Message \`${fullName}\` as a client accepts it: every field may be left out (it is sent as its default).`,
  );
  return `${decoded}${declaration(name, type, 'decoded', ref)}\n${init}${declaration(initName(name), type, 'init', ref)}`;
}

/** A real oneof (not the synthetic one of a proto3 `optional` field) constrains its members jointly. */
function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter((oneof) => oneof.fieldsArray.length > 1);
}

function declaration(name: string, type: protobuf.Type, shape: Shape, ref: TypeRef): string {
  const oneofs = realOneofs(type);
  const inOneof = new Set(oneofs.flatMap((oneof) => oneof.fieldsArray));
  const members = type.fieldsArray
    .filter((field) => !inOneof.has(field))
    .map((field) => member(field, shape, ref, '  '));
  const body = members.length === 0 ? '{}' : `{\n${members.join('')}}`;
  if (oneofs.length === 0) {
    return members.length === 0
      ? `export type ${name} = Record<string, never>;\n`
      : `export interface ${name} ${body}\n`;
  }
  const unions = oneofs.map((oneof) => oneofUnion(oneof, shape, ref));
  const parts = members.length === 0 ? unions : [body, ...unions];
  return `export type ${name} = ${parts.join(' & ')};\n`;
}

function member(field: protobuf.Field, shape: Shape, ref: TypeRef, indent: string): string {
  const { type, optional } = fieldType(field, shape, ref);
  const doc = field.comment ? docComment(field.comment, `Field ${field.id}.`, indent) : '';
  return `${doc}${indent}${field.name}${optional ? '?' : ''}: ${type};\n`;
}

/**
 * At most one member of a oneof is set: one alternative per member, where every other member is absent
 * (or null on input, which `encode` treats as absent), plus none set.
 */
function oneofUnion(oneof: protobuf.OneOf, shape: Shape, ref: TypeRef): string {
  const fields = oneof.fieldsArray;
  const absent = shape === 'init' ? 'null' : 'undefined';
  const alternative = (chosen: protobuf.Field | undefined): string => {
    const entries = fields.map((field) => {
      if (field !== chosen) return `${field.name}?: ${absent}`;
      const { type } = fieldType(field, shape, ref);
      return shape === 'init' ? `${field.name}?: ${type}` : `${field.name}: ${type}`;
    });
    return `{ ${entries.join('; ')} }`;
  };
  const alternatives = fields.map(alternative);
  if (shape === 'decoded') alternatives.push(alternative(undefined));
  return `(\n  | ${alternatives.join('\n  | ')}\n)`;
}
