export { main } from './main.js';
export type { CliIo } from './output.js';
