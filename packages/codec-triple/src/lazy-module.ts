import { createRequire } from 'node:module';

/**
 * A CommonJS dependency loaded on first use rather than when the package is imported: apps that
 * never need it (a Thin client never decodes hessian nor parses a .proto, ARCHITECTURE.md
 * "sdk-thin") must not pay for it. Loading is synchronous because encoders are. It resolves from
 * this package and works the same from the ESM and the CommonJS build, which is why it uses neither
 * `import.meta` (a syntax error in CommonJS) nor a top-level `import`.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireFromHere()(specifier) as T;
    return loaded;
  };
}

/** A `require` that resolves from this file: CommonJS has its own; ESM builds one from this file's URL. */
function requireFromHere(): NodeJS.Require {
  if (typeof require === 'function') return require;
  return createRequire(thisFile());
}

/**
 * This file, from V8's structured stack trace: the ESM equivalent of `__filename` that needs no
 * `import.meta` (a `file:` URL in ESM, a path in CommonJS).
 */
function thisFile(): string {
  const saved = Error.prepareStackTrace;
  let file: string | null | undefined;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, thisFile);
    file = (holder.stack as NodeJS.CallSite[] | undefined)?.[0]?.getFileName();
  } finally {
    Error.prepareStackTrace = saved;
  }
  if (!file) throw new Error('cannot locate @dubbo-mesh/codec-triple to load its dependencies from');
  return file;
}
