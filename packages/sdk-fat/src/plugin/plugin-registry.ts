/**
 * Factories found by name, the way grpc-js registers resolvers and load-balancer types: adding a
 * registry, balancer or cluster strategy registers one factory and touches no core file.
 */
export class PluginRegistry<F> {
  private readonly factories = new Map<string, F>();

  constructor(private readonly kind: string) {}

  register(name: string, factory: F): void {
    this.factories.set(name.toLowerCase(), factory);
  }

  get(name: string): F {
    const factory = this.factories.get(name.toLowerCase());
    if (!factory) {
      throw new Error(
        `unknown ${this.kind} "${name}"; known: ${[...this.factories.keys()].sort().join(', ')}`,
      );
    }
    return factory;
  }

  has(name: string): boolean {
    return this.factories.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.factories.keys()].sort();
  }
}
