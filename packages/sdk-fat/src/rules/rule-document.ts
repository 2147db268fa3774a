import { loadAll } from 'js-yaml';
import { RuleError } from './rule-error.js';

/** The kinds of rule documents, recognised by their shape (cli.md "Rules files"). */
export type RuleKind =
  | 'condition'
  | 'tag'
  | 'configurator'
  | 'istio-virtual-service'
  | 'istio-destination-rule'
  | 'dubbo-virtual-service'
  | 'dubbo-destination-rule'
  | 'traffic-label';

/** One YAML document of a rules file, classified, with where it came from. */
export interface RuleDocument {
  readonly kind: RuleKind;
  readonly value: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly documentIndex: number;
  /** 1-based line where the document starts in its file. */
  readonly startLine: number;
  /** The document's own text, for locating keys in error messages. */
  readonly text: string;
}

/**
 * Parses a YAML text of one or more documents into classified rule documents. Throws RuleError on
 * invalid YAML or an unrecognised document, naming the file, document and line.
 */
export function parseRuleDocuments(text: string, file: string): RuleDocument[] {
  let values: unknown[];
  try {
    values = loadAll(text);
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
    throw new RuleError(
      `invalid YAML: ${reason}`,
      { file, line: mark?.line === undefined ? undefined : mark.line + 1 },
      { cause: err },
    );
  }
  const chunks = splitDocuments(text);
  const documents: RuleDocument[] = [];
  values.forEach((value, documentIndex) => {
    const chunk = chunks[documentIndex] ?? { text, startLine: 1 };
    if (value === null || value === undefined) return; // an empty document between separators
    const where = { file, documentIndex, line: chunk.startLine };
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new RuleError('a rule document must be a mapping', where);
    }
    const record = value as Record<string, unknown>;
    documents.push({ kind: classify(record, where), value: record, file, documentIndex, ...chunk });
  });
  return documents;
}

function classify(
  value: Record<string, unknown>,
  where: { file: string; documentIndex: number; line: number },
): RuleKind {
  const { apiVersion, kind } = value;
  if (typeof apiVersion === 'string' && typeof kind === 'string') {
    if (kind === 'TrafficLabel') return 'traffic-label';
    const dubbo = apiVersion.startsWith('service.dubbo.apache.org/');
    if (kind === 'VirtualService') return dubbo ? 'dubbo-virtual-service' : 'istio-virtual-service';
    if (kind === 'DestinationRule') return dubbo ? 'dubbo-destination-rule' : 'istio-destination-rule';
    throw new RuleError(`unknown resource kind ${JSON.stringify(kind)} (apiVersion ${apiVersion})`, {
      ...where,
      key: 'kind',
    });
  }
  if ('conditions' in value) return 'condition';
  if ('tags' in value) return 'tag';
  if ('configs' in value) return 'configurator';
  throw new RuleError(
    'not a rule: expected configVersion with conditions, tags or configs, or apiVersion and kind',
    where,
  );
}

/** The text and first line of each `---`-separated document, to point errors at lines. */
function splitDocuments(text: string): { text: string; startLine: number }[] {
  const lines = text.split('\n');
  const chunks: { text: string; startLine: number }[] = [];
  let start = 0;
  let sawContent = false;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    const separator = line !== undefined && /^---(\s|$)/.test(line);
    if (separator || i === lines.length) {
      if (sawContent || separator)
        chunks.push({ text: lines.slice(start, i).join('\n'), startLine: start + 1 });
      start = i + 1;
      sawContent = false;
    } else if (line !== undefined && line.trim() !== '' && !line.trim().startsWith('#')) {
      sawContent = true;
    }
  }
  // A leading `---` produces an empty first chunk that js-yaml does not count as a document.
  if (
    chunks.length > 0 &&
    lines[0] !== undefined &&
    /^---(\s|$)/.test(lines[0]) &&
    chunks[0]!.text.trim() === ''
  ) {
    chunks.shift();
  }
  return chunks;
}

/**
 * The 1-based line of a key path (`spec.subsets[1].labels`) inside a document, for error messages:
 * each segment is searched from the line of the previous one, in block or flow style. The
 * document's first line when nothing matches.
 */
export function lineOfKey(document: RuleDocument, keyPath: string): number {
  const lines = document.text.split('\n');
  let from = 0;
  for (const segment of keyPath.split('.')) {
    const name = segment.replace(/\[\d+\]/g, '');
    if (name === '') continue;
    const pattern = new RegExp(`(^|[\\s{,-])["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    for (let i = from; i < lines.length; i++) {
      if (pattern.test(lines[i]!)) {
        from = i;
        break;
      }
    }
  }
  return document.startLine + from;
}

/** A RuleError about `keyPath` of `document`. */
export function ruleError(document: RuleDocument, keyPath: string, problem: string): RuleError {
  return new RuleError(problem, {
    file: document.file,
    documentIndex: document.documentIndex,
    line: lineOfKey(document, keyPath),
    key: keyPath,
  });
}
