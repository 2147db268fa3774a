import { Code } from '../code.js';
import { hessianModule } from '../java/hessian-module.js';
import { readHessian } from '../java/hessian-reader.js';
import { RpcError } from '../rpc-error.js';
import type { Serializer } from '../serializer.js';

/**
 * One bare Hessian 2 value per message, as in Dubbo's wrapper mode (hessian.md §0). `encode` is
 * `hessian.encode(value, '2.0')` (never 1.0, hessian.md §8 pitfall 1): shape values with `toHessian` first
 * when Java expects a particular type; hessian.js failures become `RpcError(InvalidArgument)`. `decode` is
 * `readHessian` with its default limits: plain objects, unsafe longs as decimal strings.
 */
export const hessian2Serializer: Serializer<unknown> = {
  name: 'hessian2',
  encode(value) {
    try {
      return hessianModule().encode(value, '2.0');
    } catch (error) {
      throw new RpcError(
        Code.InvalidArgument,
        `cannot encode hessian2: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  },
  decode: (bytes) => readHessian(bytes),
};
