import { createRequire } from 'node:module';
import type hessian from 'hessian.js';

/** The hessian.js module (CommonJS, `export =`). */
export type HessianModule = typeof hessian;

let loaded: HessianModule | undefined;

/**
 * hessian.js, loaded on first use rather than when the package is imported: apps that never call a
 * Java-interface service (a Thin client, ARCHITECTURE.md "sdk-thin") must not pay for it. Loading is
 * synchronous because encoders are. It works the same from the ESM and the CommonJS build, which is
 * why this does not use `import.meta` (a syntax error in CommonJS) or a top-level `import`.
 */
export function hessianModule(): HessianModule {
  loaded ??= requireFromHere()('hessian.js') as HessianModule;
  return loaded;
}

/** A `require` that resolves from this file: CommonJS has its own; ESM builds one from this file's URL. */
function requireFromHere(): NodeJS.Require {
  if (typeof require === 'function') return require;
  return createRequire(callerFile());
}

/**
 * The file of the function that called this one, from V8's structured stack trace: the ESM equivalent
 * of `__filename` that needs no `import.meta` (a `file:` URL in ESM, a path in CommonJS).
 */
function callerFile(): string {
  const saved = Error.prepareStackTrace;
  let file: string | null | undefined;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerFile);
    file = (holder.stack as NodeJS.CallSite[] | undefined)?.[0]?.getFileName();
  } finally {
    Error.prepareStackTrace = saved;
  }
  if (!file) throw new Error('cannot locate @dubbo-mesh/codec-triple to load hessian.js from');
  return file;
}
