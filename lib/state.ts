/**
 * Process-wide state. App Router and Pages Router code are bundled separately, so a module variable
 * would exist once per bundle; everything that must be shared lives on globalThis under one key.
 */
const registry: Map<string, unknown> = ((globalThis as { __neropanel?: Map<string, unknown> }).__neropanel ??= new Map());

export function processState<T>(key: string, create: () => T): T {
  if (!registry.has(key)) registry.set(key, create());
  return registry.get(key) as T;
}
