/**
 * A rule or configuration document that cannot be used. The message names the file, the document
 * (0-based, as `---` separates them), the line and the key, so it can be fixed without guessing
 * (cli.md "Rules files"; ARCHITECTURE.md "Configuration").
 */
export class RuleError extends Error {
  readonly file: string;
  readonly documentIndex: number | undefined;
  readonly line: number | undefined;
  readonly key: string | undefined;

  constructor(
    problem: string,
    where: { file: string; documentIndex?: number; line?: number; key?: string },
    options?: { cause?: unknown },
  ) {
    const parts = [where.file];
    if (where.documentIndex !== undefined) parts.push(`document ${where.documentIndex}`);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.key !== undefined) parts.push(`key ${where.key}`);
    super(`${parts.join(', ')}: ${problem}`, options);
    this.name = 'RuleError';
    this.file = where.file;
    this.documentIndex = where.documentIndex;
    this.line = where.line;
    this.key = where.key;
  }
}
