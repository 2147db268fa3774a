import { UsageError } from './usage-error.js';

/**
 * Parts of the cli.md contract that this build does not have yet. They are recognised and refused with
 * exit 1 and a message saying so, rather than misread as unknown flags or silently ignored.
 */
const UNBUILT_FLAGS: Readonly<Record<string, string>> = {};

const UNBUILT_COMMANDS: Readonly<Record<string, string>> = {};

/** Throws a `UsageError` if `argv` asks for something this build does not have. */
export function rejectUnbuilt(argv: readonly string[]): void {
  const command = argv[0];
  if (command !== undefined && Object.hasOwn(UNBUILT_COMMANDS, command)) {
    throw new UsageError(
      `dubbo-mesh ${command} is not available yet in this build: ${UNBUILT_COMMANDS[command]}`,
    );
  }
  for (const token of argv) {
    if (token === '--') return;
    const flag = token.split('=')[0] ?? token;
    if (Object.hasOwn(UNBUILT_FLAGS, flag)) {
      throw new UsageError(`${flag} is not available yet in this build: ${UNBUILT_FLAGS[flag]}`);
    }
  }
}
