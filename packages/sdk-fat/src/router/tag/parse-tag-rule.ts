import { type RuleDocument, ruleError } from '../../rules/rule-document.js';
import {
  documentFields,
  documentSource,
  nestedFields,
  type RuleFields,
  readBoolean,
  readList,
  readOptionalString,
  readRequiredString,
} from '../condition/rule-fields.js';
import { type AddressExpression, parseAddressExpression } from './address-expression.js';
import { parseStringMatch } from './string-match.js';
import type { TagDefinition, TagParamMatch, TagRule } from './tag-rule.js';

/**
 * Parses a `tag` rule document (governance.md §3.5): `key` (provider app), `enabled`, `force`,
 * `tags: [{name, addresses?, match?: [{key, value: StringMatch}]}]`. Throws a RuleError naming the
 * key for anything unusable, including a bad address expression, a bad regex and a tag name used twice.
 */
export function parseTagRule(document: RuleDocument): TagRule {
  if (document.kind !== 'tag') {
    throw ruleError(document, 'tags', `not a tag rule (this document is a ${document.kind} rule)`);
  }
  const fields = documentFields(document);
  const seen = new Set<string>();
  const tags = readList(fields, 'tags').map((entry, i) => {
    const tag = parseTag(nestedFields(fields, entry, `tags[${i}]`));
    if (seen.has(tag.name))
      throw ruleError(document, `tags[${i}].name`, `tag ${JSON.stringify(tag.name)} is defined twice`);
    seen.add(tag.name);
    return tag;
  });
  return {
    key: readRequiredString(fields, 'key'),
    enabled: readBoolean(fields, 'enabled', true),
    force: readBoolean(fields, 'force', false),
    runtime: readBoolean(fields, 'runtime', true),
    configVersion: readOptionalString(fields, 'configVersion')?.trim(),
    tags,
    source: documentSource(document),
  };
}

function parseTag(fields: RuleFields): TagDefinition {
  const name = readRequiredString(fields, 'name');
  const addresses = readList(fields, 'addresses').map((entry, i): AddressExpression => {
    const path = `${fields.path}.addresses[${i}]`;
    const parsed = typeof entry === 'string' ? parseAddressExpression(entry) : 'expected an address string';
    if (typeof parsed === 'string') throw ruleError(fields.document, path, parsed);
    return parsed;
  });
  const match = readList(fields, 'match').map((entry, i): TagParamMatch => {
    const item = nestedFields(fields, entry, `${fields.path}.match[${i}]`);
    const key = readRequiredString(item, 'key');
    const value = parseStringMatch(item.record.value);
    if ('problem' in value) {
      const path = `${item.path}.value${value.key === undefined ? '' : `.${value.key}`}`;
      throw ruleError(fields.document, path, value.problem);
    }
    return { key, value };
  });
  return { name, addresses, match };
}
