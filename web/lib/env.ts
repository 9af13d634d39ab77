/**
 * Where the library runs. Node built-ins are reached through `process.getBuiltinModule`
 * (Node >= 20.16) or dynamic `import()` of a computed name, never a static import, so that
 * browser bundles never pull them in.
 */
import { FastslowError } from './errors.js';

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/** True in Node (main thread or worker_threads), false in browsers and their workers. */
export const isNode: boolean = typeof nodeProcess?.versions?.node === 'string';

/** A Node built-in module, synchronously. Callers check `isNode` first. */
export function nodeModule<T>(name: string): T {
  const get = nodeProcess?.getBuiltinModule;
  if (typeof get !== 'function') {
    throw new FastslowError('internal', `fastslow needs Node >= 20.16 (process.getBuiltinModule) to load ${name}`);
  }
  return get(name) as T;
}

/** A Node built-in module, asynchronously (works on every Node version). */
export async function importNode<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}
