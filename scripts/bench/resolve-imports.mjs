export async function resolve(specifier, context, next) {
  if (specifier === '#imports') return next(new URL('./imports-shim.ts', import.meta.url).href, context);
  return next(specifier, context);
}
