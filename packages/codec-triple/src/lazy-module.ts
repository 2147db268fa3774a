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

/**
 * A Node built-in (`node:http2`, `node:tls`, `node:net`, `node:zlib`) loaded on first use, so that
 * importing the SDK does not pay for modules a process may never need: together they were most of
 * the Thin client's import time (bench/README.md, "Hot path"). `process.getBuiltinModule` (Node
 * 20.16 and later) loads it synchronously from ESM and CommonJS alike; older Node falls back to
 * `require`.
 */
export function lazyBuiltin<T>(id: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const host = process as { getBuiltinModule?: (id: string) => unknown };
      loaded = (
        typeof host.getBuiltinModule === 'function' ? host.getBuiltinModule(id) : requireFromHere()(id)
      ) as T;
    }
    return loaded;
  };
}

/**
 * A `require` that resolves from this file (in CommonJS and ESM alike, from its path or URL). Not
 * CommonJS's own `require`, even where it exists: a bundler rewrites that name in an ESM bundle into
 * a stub that throws (scripts/bundle.mjs), and the result would be the same anyway.
 */
function requireFromHere(): NodeJS.Require {
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
