// The library starts Web Workers that use top-level await: Vite must emit them as ES modules.
export default {
  base: './',
  worker: { format: 'es' },
};
