// Whether a link was made with the dataset on screen: links carry the dataset's
// fingerprint (`ds=`), and a different one means the view may not be what its
// maker saw. Pure.
import { t } from '../i18n/page-language';
import type { LinkState } from './hash';

/**
 * The polite warning for a link made with other data than `loaded` (the
 * fingerprint of the dataset on screen), or null: none when the link names no
 * fingerprint or the dataset's is not known.
 */
export function dataChangedWarning(link: LinkState, loaded: string | undefined): string | null {
  if (link.ds === undefined || loaded === undefined || link.ds === loaded) return null;
  return t('cite.dataChanged', { linked: link.ds, loaded });
}
