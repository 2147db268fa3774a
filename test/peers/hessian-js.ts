import { createRequire } from 'node:module';
import type { HessianJs } from './types/hessian-js.js';

export type { HessianDecoderV2, HessianJs, JavaObject } from './types/hessian-js.js';

/** hessian.js, typed by types/hessian-js.d.ts. */
export const hessian = createRequire(import.meta.url)('hessian.js') as HessianJs;
