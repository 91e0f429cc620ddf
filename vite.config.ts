import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and sub-path.
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
});
