/**
 * Every YAML loader fed mutated documents (issue 6, "Rules and config"): each valid sample of
 * governance.md's formats has lines deleted, duplicated, swapped and re-indented, scalars replaced
 * by values of the wrong type, random bytes inserted and the text cut short. Whatever the loader
 * does, it either accepts the document or throws its typed error naming the file, and the line or
 * the key path; nothing else escapes (no TypeError from a half-checked value, no hang).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRuleSet, createRegistry, parseRuleDocuments, RuleError } from '@dubbo-mesh/sdk-fat';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readMeshConfig, SidecarConfigError } from '../../../packages/sidecar/src/index.js';
import { tally } from '../tally.js';
import { RULE_SAMPLES } from './rule-samples.js';

const AREA = 'rules-and-config';
let fed = 0;
const work = mkdtempSync(join(tmpdir(), 'dm-bad-yaml-'));
afterAll(() => {
  tally('badInput', fed, AREA);
  rmSync(work, { recursive: true, force: true });
});

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'indent' | 'dedent' | 'tab' | 'scalar'; line: number; pick: number }
  | { kind: 'swap'; line: number; other: number }
  | { kind: 'bytes'; at: number; bytes: string }
  | { kind: 'truncate'; at: number };

/** Values of the wrong type (or no valid YAML at all) put where a scalar was. */
const WRONG_SCALARS = [
  '[1, 2]',
  '{a: 1}',
  '123',
  '-7',
  'true',
  'null',
  '~',
  '""',
  '"',
  "'",
  '&a',
  '*a',
  '!!binary x',
  '{',
  '[',
  '- x',
  '1e400',
  '0x1F',
  '? k',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent', 'tab', 'scalar'),
    line: fc.nat(),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('swap'), line: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('bytes'),
    at: fc.nat(),
    bytes: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
) as fc.Arbitrary<Mutation>;

function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    if (m.kind === 'bytes' || m.kind === 'truncate') {
      const joined = lines.join('\n');
      const at = m.at % (joined.length + 1);
      lines = (
        m.kind === 'bytes' ? joined.slice(0, at) + m.bytes + joined.slice(at) : joined.slice(0, at)
      ).split('\n');
      continue;
    }
    if (lines.length === 0) continue;
    const i = m.line % lines.length;
    const line = lines[i]!;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, line);
    else if (m.kind === 'indent') lines[i] = `  ${line}`;
    else if (m.kind === 'dedent') lines[i] = line.replace(/^ {1,2}/, '');
    else if (m.kind === 'tab') lines[i] = `\t${line}`;
    else if (m.kind === 'swap') {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, line];
    } else {
      const wrong = WRONG_SCALARS[m.pick % WRONG_SCALARS.length]!;
      lines[i] = /:\s+\S/.test(line)
        ? line.replace(/:\s+.*$/, `: ${wrong}`)
        : line.replace(/-\s+.*$/, `- ${wrong}`);
    }
  }
  return lines.join('\n');
}

/** Runs a loader; returns its typed error, or undefined when it accepted the document. */
function loadOutcome<E extends Error>(
  load: () => unknown,
  type: abstract new (...args: never[]) => E,
): E | undefined {
  fed++;
  try {
    load();
    return undefined;
  } catch (error) {
    if (!(error instanceof type)) {
      throw new Error(`untyped error ${String(error)}`, { cause: error });
    }
    return error;
  }
}

const FILE = '/etc/dubbo-mesh/rules/routing.yaml';

function expectLocatedRuleError(error: RuleError, text: string): void {
  expect(error.file).toBe(FILE);
  expect(error.message.startsWith(FILE)).toBe(true);
  // Where to look: a line (every YAML syntax error has one) or a key path, usually both.
  expect(error.line !== undefined || error.key !== undefined, error.message).toBe(true);
  // A document that parsed as YAML but is wrong is wrong at a key, and the error names its path;
  // except a document that is no rule at all (a scalar, a list, a mapping of no known kind).
  const documentLevel = /invalid YAML|must be a mapping|not a rule:/.test(error.message);
  if (!documentLevel) expect(error.key, error.message).toBeDefined();
  if (error.line !== undefined) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(text.split('\n').length + 1);
  }
}

describe('rule files (every kind of cli.md "Rules files")', () => {
  it('accepts every sample as it is', () => {
    for (const [kind, text] of Object.entries(RULE_SAMPLES)) {
      const documents = parseRuleDocuments(text, FILE);
      expect(documents.length, kind).toBeGreaterThan(0);
      buildRuleSet(documents, { random: () => 0.5 });
    }
  });

  for (const [kind, sample] of Object.entries(RULE_SAMPLES)) {
    it(`accepts or rejects with a located RuleError every mutation of the ${kind} sample (1,000 cases)`, () => {
      let rejected = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          const text = mutate(sample, mutations);
          const error = loadOutcome(
            () => buildRuleSet(parseRuleDocuments(text, FILE), { random: () => 0.5 }),
            RuleError,
          );
          if (error) {
            rejected++;
            expectLocatedRuleError(error, text);
          }
        }),
        { numRuns: 1_000 },
      );
      // The mutations are not all harmless: most of them must be caught.
      expect(rejected).toBeGreaterThan(200);
    });
  }
});

describe('the file registry providers.yaml', () => {
  const good =
    'providers:\n  - "tri://10.0.0.1:50051/org.demo.Greeter?application=greeter&interface=org.demo.Greeter"\n  - tri://10.0.0.2:50051/org.demo.Greeter?application=greeter\n';

  it('accepts or rejects with a RuleError naming the file every mutation (500 cases)', async () => {
    const file = join(work, 'providers.yaml');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const text = mutate(good, mutations);
        writeFileSync(file, text);
        let registry: Awaited<ReturnType<typeof createRegistry>> | undefined;
        const error = loadOutcome(() => {
          registry = createRegistry(`file:${file}`, { application: 'fuzz' });
        }, RuleError);
        await registry?.close();
        if (error) {
          expect(error.file).toBe(file);
          expect(error.line !== undefined || error.key !== undefined, error.message).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the sidecar mesh.yaml', () => {
  const good = [
    'listen: /run/dubbo-mesh/sidecar.sock',
    'registry: zookeeper://127.0.0.1:2181',
    'rules: ./rules',
    'app: shop-web',
    'serve:',
    '  - org.demo.Greeter=127.0.0.1:50051',
    '  - org.demo.Orders=127.0.0.1:50052',
    'metrics: 127.0.0.1:9464',
    '',
  ].join('\n');

  it('accepts the sample', () => {
    const file = join(work, 'mesh.yaml');
    writeFileSync(file, good);
    expect(readMeshConfig(file).serve).toHaveLength(2);
  });

  it('accepts or rejects with a SidecarConfigError naming the file every mutation (1,000 cases)', () => {
    const file = join(work, 'mesh.yaml');
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        writeFileSync(file, mutate(good, mutations));
        const error = loadOutcome(() => readMeshConfig(file), SidecarConfigError);
        if (error) {
          rejected++;
          expect(error.where.startsWith(file)).toBe(true);
          expect(error.message.startsWith(file)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
    expect(rejected).toBeGreaterThan(200);
  });
});
