import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Navigations the service worker leaves to the network: an address whose path names a file (docs, a dataset
 * beside the app). Workbox tests path and query together, so the file must be in the path: a `?data=` or
 * `?style=` link naming a .geojson elsewhere is still the page.
 */
export const NOT_THE_PAGE = /^[^?]*\/[^/?]+\.[^/?]+(?:\?.*)?$/;

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and sub-path.
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: true },
  plugins: [
    // Offline install (docs/offline.md): a manifest, and a service worker that precaches the app, the basemap,
    // its glyphs, the page's fonts and the embedded dataset. Every path is relative, like `base`.
    VitePWA({
      registerType: 'prompt',
      // The same worker in every build, tests' included (the default follows NODE_ENV, 'test' there).
      mode: 'production',
      // Registered from src/app/offline.ts through `virtual:pwa-register`: no inline script for the CSP to refuse.
      injectRegister: false,
      scope: './',
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: './',
        name: 'Incident Atlas',
        short_name: 'Incident Atlas',
        description: 'Explore dated, located incidents on a map and a timeline, offline.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#fbfaf7',
        theme_color: '#1f5fa8',
        lang: 'en',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app's code (its workers included: they read datasets), its fonts, the basemap's layers and
        // glyphs, and the embedded dataset; the icons come from includeAssets and the manifest. Not the
        // licence and provenance texts, nor _headers.
        globPatterns: ['**/*.{html,js,mjs,css,woff2,pbf,geojson}'],
        // The main chunk is the largest file; anything past this is a mistake to be looked at, not cached.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // The first page is served from the cache too, once the worker is installed.
        clientsClaim: true,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [NOT_THE_PAGE],
        // Nothing is cached as it is fetched: a ?data= or ?style= link is read from its site each time.
        runtimeCaching: [],
      },
    }),
  ],
});
