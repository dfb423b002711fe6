/**
 * One field of a patch: left out (`undefined`) keeps `current`, `null` gives `cleared`, a value replaces.
 * WeCom's updates overwrite whole objects, so every patch is merged this way before it is sent.
 */
export function patched<T>(value: T | null | undefined, current: T, cleared: T): T {
  if (value === undefined) return current;
  return value === null ? cleared : value;
}
