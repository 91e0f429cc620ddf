import { formatIncidentDate, t, translator } from '../i18n/page-language';
import { BASEMAP_WATER } from '../map/basemap-style';
import { captureMap } from '../map/map-image';
import { download } from '../ui/data-controls';
import { composeViewImage } from '../ui/image/view-image';
import type { MenuButton } from '../ui/menu-button';
import type { Messages } from '../ui/messages';
import type { Explorer } from './explorer';

/** Device pixels to a CSS pixel in the saved image, whatever the screen's. */
export const IMAGE_SCALE = 2;

export interface ViewImageOptions {
  /** The dataset's title as the page shows it. */
  title: string;
  /** The dataset's attribution, as its file gives it ('' for none). */
  attribution: string;
  /** The colour behind the map's picture (the embedded basemap draws no water). */
  water: string;
  /** The link that reopens this view. */
  permalink: string;
  now?: Date;
}

/**
 * The view as a PNG (docs/sharing.md, "Image"): the map as drawn at IMAGE_SCALE,
 * its legend, the timeline's date and counts, the dataset's title, attribution
 * and the map's credits, the permalink printed and as a QR code; the permalink,
 * attribution and time made also in the PNG's text chunks.
 */
export async function exportViewImage(explorer: Explorer, options: ViewImageOptions): Promise<Blob> {
  const now = options.now ?? new Date();
  const picture = await captureMap(explorer.map, IMAGE_SCALE);
  const { legend, readout } = explorer.viewParts();
  const attribution = options.attribution.trim();
  // The map's attribution control lists the dataset's too: it is printed on its own line.
  const credits = picture.credits.filter((credit) => !attribution.startsWith(credit.replace(/…$/, '')));
  const metadata: [string, string][] = [
    ['Title', options.title],
    ['Source', options.permalink],
    ...(attribution ? [['Copyright', attribution] as [string, string]] : []),
    // RFC 1123, as the PNG standard suggests for this key.
    ['Creation Time', now.toUTCString()],
    ['Software', 'Incident Atlas'],
  ];
  return composeViewImage({
    map: picture.canvas,
    mapSize: { width: picture.width, height: picture.height },
    water: options.water,
    scale: IMAGE_SCALE,
    words: {
      title: options.title,
      readout: readout.count ? t('image.readout', { date: readout.date, count: readout.count }) : readout.date,
      legendTitle: t('legend.title'),
      legend,
      // The data's English, kept in its own order on a right-to-left image (a left-to-right isolate).
      data: attribution
        ? t('image.data', {
            attribution: translator().language.tag === 'en' ? attribution : `\u2066${attribution}\u2069`,
          })
        : '',
      credits: t('image.credits', { credits: credits.join(' · ') }),
      link: options.permalink,
      made: t('image.made', { date: formatIncidentDate(now.toISOString().slice(0, 10)) }),
    },
    metadata,
  });
}

/** How the page names the dataset on screen: its title as shown, and the slug of its file names. */
export interface DatasetNaming {
  title: (name: string) => string;
  slug: (name: string) => string;
}

/** The view on screen as a PNG, with the address bar's link as its permalink (`window.explorer.exportImage()`). */
export function imageOfView(explorer: Explorer, naming: Pick<DatasetNaming, 'title'>): Promise<Blob> {
  const { name, attribution } = explorer.dataset;
  return exportViewImage(explorer, {
    title: naming.title(name),
    attribution: (attribution ?? '').slice(0, 2000),
    water: BASEMAP_WATER,
    permalink: location.href,
  });
}

/** Adds Share → Save image (PNG): the view saved as `<dataset>-<date>.png`; a failure is said in a message. */
export function addImageItem(
  share: MenuButton,
  options: { explorer: () => Explorer | null; naming: DatasetNaming; messages: Messages },
): void {
  let saving = false;
  share.add(
    t('image.save'),
    () => {
      const explorer = options.explorer();
      // One at a time: the map is drawn at another pixel ratio while its picture is taken.
      if (!explorer || saving) return;
      saving = true;
      const filename = `${options.naming.slug(explorer.dataset.name)}-${explorer.api.getState().date}.png`;
      imageOfView(explorer, options.naming)
        .then((blob) => download(blob, filename))
        .catch((error: unknown) =>
          options.messages.show(t('image.failed', { error: error instanceof Error ? error.message : String(error) })),
        )
        .finally(() => {
          saving = false;
        });
    },
    { name: 'image' },
  );
}
