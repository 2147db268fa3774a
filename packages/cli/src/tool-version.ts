/**
 * The version `dubbo-mesh --version` prints. A constant rather than a read of package.json at run time:
 * the CommonJS build has no `import.meta.url` to find the file by, and a bundled copy may have no file
 * at all. `tool-version.spec.ts` fails when it drifts from package.json.
 */
export const TOOL_VERSION = '0.1.0';
