import type { ContainerType, ResolverData } from 'type-graphql';

// type-graphql identifies resolvers by their class.
type ResolverClass = abstract new (...args: never[]) => object;

/**
 * type-graphql asks the container for each resolver instance. Resolvers are
 * built by hand in the composition root (app/services.ts) with their services,
 * so this container only looks them up by class.
 */
export class ResolverContainer implements ContainerType {
  private readonly instances = new Map<ResolverClass, object>();

  register<T extends object>(instance: T): this {
    this.instances.set(instance.constructor as ResolverClass, instance);
    return this;
  }

  get(someClass: ResolverClass, _data: ResolverData): object {
    const instance = this.instances.get(someClass);
    if (!instance) throw new Error(`no instance registered for resolver ${someClass.name}`);
    return instance;
  }
}
