import { registerSW } from 'virtual:pwa-register';
import { t } from '../i18n/page-language';
import type { Messages } from '../ui/messages';

/**
 * Installs the service worker that keeps the app, the basemap, the fonts and the embedded dataset for use
 * without a network (docs/offline.md). A new version waits until the reader chooses Reload, so the page
 * never changes under them. Called once the map shows its data, so the download does not slow the first one.
 */
export function installOffline(messages: Messages): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () =>
      messages.show(t('offline.updateReady'), 'info', { label: t('offline.reload'), run: () => void update() }),
    // Without it the app works as before, online; the console says why for whoever looks.
    onRegisterError: (error) => console.warn('Incident Atlas could not be installed for offline use:', error),
  });
}
