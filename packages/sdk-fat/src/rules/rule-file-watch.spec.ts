import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuleDocument } from './rule-document.js';
import { watchRuleFiles } from './rule-file-watch.js';

const RULE = 'configVersion: v3.0\nscope: service\nkey: "a.B::"\nconditions:\n  - "=> region=hz"\n';

describe('watchRuleFiles', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  it('applies an edit and reports a broken one without applying it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dm-rules-watch-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, RULE);
    const applied: (readonly RuleDocument[])[] = [];
    const reported: Error[] = [];
    cleanups.push(
      watchRuleFiles(
        file,
        (d) => applied.push(d),
        (e) => reported.push(e),
        20,
      ),
    );

    writeFileSync(file, RULE.replace('hz', 'sh'));
    await vi.waitFor(() => expect(applied.at(-1)?.[0]?.text).toContain('region=sh'), { timeout: 5000 });
    const count = applied.length;
    writeFileSync(file, 'conditions: [broken\n');
    await vi.waitFor(() => expect(reported.length).toBeGreaterThan(0), { timeout: 5000 });
    expect(reported[0]!.message).toContain('rules.yaml');
    expect(applied.length).toBe(count);
  });

  it('reports a path that does not exist instead of throwing', () => {
    const reported: Error[] = [];
    const stop = watchRuleFiles(
      '/nonexistent/rules.yaml',
      () => {},
      (e) => reported.push(e),
    );
    stop();
    expect(reported).toHaveLength(1);
  });
});
