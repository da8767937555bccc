// The yaml package, for what the flat reader does not understand. Imported dynamically through this
// module: a dynamic import of the package itself (CommonJS under node) gives only its default
// export once bundled, so `parse` is taken here, statically.
export { parse } from 'yaml';
