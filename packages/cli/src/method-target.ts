import { UsageError } from './usage-error.js';

/** `<service>/<method>` of `call` and `route`, split at the last slash. */
export function parseMethodTarget(
  command: string,
  target: string | undefined,
): { service: string; method: string } {
  if (target === undefined) throw new UsageError(`${command} needs <service>/<method>`);
  const slash = target.lastIndexOf('/');
  if (slash <= 0 || slash === target.length - 1) {
    throw new UsageError(`"${target}" is not <service>/<method> (e.g. org.demo.Greeter/sayHello)`);
  }
  return { service: target.slice(0, slash), method: target.slice(slash + 1) };
}
