import { type JavaType, java } from '@dubbo-mesh/codec-triple';
import { UsageError } from './usage-error.js';

/** Names that are a JavaType as they are spelled (`Class.getName()` = codec-triple's name). */
const SCALARS: ReadonlySet<string> = new Set([
  'int',
  'long',
  'short',
  'byte',
  'double',
  'float',
  'boolean',
  'char',
  'java.lang.Integer',
  'java.lang.Long',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Double',
  'java.lang.Float',
  'java.lang.Boolean',
  'java.lang.Character',
  'java.lang.String',
  'java.lang.Object',
  'java.util.Date',
  'java.math.BigDecimal',
  'java.math.BigInteger',
]);

/** The JVM descriptor letters inside array names (`[I`, `[[J`). */
const ARRAY_LETTERS: Readonly<Record<string, JavaType>> = {
  I: 'int',
  J: 'long',
  S: 'short',
  B: 'byte',
  D: 'double',
  F: 'float',
  Z: 'boolean',
  C: 'char',
};

/** Concrete collections would be sent as `java.util.List`/`Map`/`Set` and miss the declared overload. */
const UNSUPPORTED_COLLECTION =
  /^java\.util\.(ArrayList|LinkedList|Collection|Iterable|Hash(Map|Set)|LinkedHash(Map|Set)|Tree(Map|Set))$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const JAVA_LANG_SHORT = /^(String|Integer|Long|Short|Byte|Double|Float|Boolean|Character|Object)$/;

/** The `--types` list: comma-separated `Class.getName()` spellings; `''` is a method without arguments. */
export function parseTypeList(text: string): string[] {
  if (text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  const empty = names.indexOf('');
  if (empty >= 0) throw new UsageError(`--types: type ${empty + 1} of "${text}" is empty`);
  return names;
}

/**
 * The codec-triple JavaTypes of a parameter list, from `Class.getName()` spellings (hessian.md §6):
 * primitives and boxes, `java.lang.String`, `java.util.Date`, `java.math.BigDecimal`, arrays (`[I`,
 * `[Ljava.lang.String;`, `[[Ljava.lang.String;`), `java.util.List`/`Map`/`Set` with open element types,
 * and any other class name. The CLI does not know that class, so the JSON arguments decide what it is:
 * strings make it an enum, objects a POJO whose fields are their keys, each sent as `java.lang.Object`.
 * A class gets one field list for the whole call, the keys of every object given for it, because hessian
 * sends a class's field list once and every instance with all of it.
 */
export function javaTypesFor(names: readonly string[], values: readonly unknown[]): JavaType[] {
  const classes: Classes = new Map();
  return names.map((name, i) => typeFor(name, [values[i]], classes));
}

/** The field list of each class named in one call, by class name. */
type Classes = Map<string, Record<string, JavaType>>;

function typeFor(name: string, samples: readonly unknown[], classes: Classes): JavaType {
  if (SCALARS.has(name)) return name as JavaType;
  if (name.startsWith('[')) return arrayType(name, samples, classes);
  if (name === 'java.util.List') return java.list();
  if (name === 'java.util.Set') return java.set();
  if (name === 'java.util.Map') return java.map();
  if (JAVA_LANG_SHORT.test(name))
    throw new UsageError(`--types: write java.lang.${name}, the name Java gives the class`);
  if (name.endsWith('[]'))
    throw new UsageError(
      `--types: write arrays the way Class.getName() does, e.g. [I or [Ljava.lang.String; (got ${name})`,
    );
  if (UNSUPPORTED_COLLECTION.test(name)) {
    throw new UsageError(
      `--types: ${name} is not supported; parameters declared as java.util.List, java.util.Map or java.util.Set are`,
    );
  }
  if (!CLASS_NAME.test(name)) throw new UsageError(`--types: "${name}" is not a Java class name`);
  return classType(name, samples, classes);
}

function arrayType(name: string, samples: readonly unknown[], classes: Classes): JavaType {
  if (name === '[B') return '[B';
  const component = name.slice(1);
  // Elements of every array given: the component type is decided by all of them together.
  const elements = samples.flatMap((sample) => (Array.isArray(sample) ? sample : []));
  if (component.startsWith('[')) return java.array(arrayType(component, elements, classes));
  const primitive = ARRAY_LETTERS[component];
  if (primitive !== undefined && component.length === 1) return java.array(primitive);
  if (component.startsWith('L') && component.endsWith(';') && component.length > 2) {
    return java.array(typeFor(component.slice(1, -1), elements, classes));
  }
  throw new UsageError(`--types: "${name}" is not a Java array name (e.g. [I, [J, [Ljava.lang.String;)`);
}

function classType(className: string, samples: readonly unknown[], classes: Classes): JavaType {
  const present = samples.filter((sample) => sample !== null && sample !== undefined);
  if (present.length > 0 && present.every((sample) => typeof sample === 'string'))
    return java.enumOf(className);
  // Shared by every use of the class in this call, and filled before anything is encoded.
  let fields = classes.get(className);
  if (fields === undefined) {
    fields = {};
    classes.set(className, fields);
  }
  for (const sample of present) {
    if (typeof sample !== 'object' || Array.isArray(sample)) {
      throw new UsageError(
        `--types: ${className} takes a JSON object (its fields) or a string (an enum constant)`,
      );
    }
    for (const key of Object.keys(sample)) fields[key] = 'java.lang.Object';
  }
  return java.pojo(className, fields);
}
