import type hessian from 'hessian.js';
import { lazyModule } from '../lazy-module.js';

/** The hessian.js module (CommonJS, `export =`). */
export type HessianModule = typeof hessian;

/** hessian.js, loaded on first use (`lazyModule`): apps that never call a Java interface do not pay for it. */
export const hessianModule: () => HessianModule = lazyModule<HessianModule>('hessian.js');
