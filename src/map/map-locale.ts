import { t } from '../i18n/page-language';

/**
 * MapLibre's own words (its controls' labels and the map's name for screen
 * readers) in the page's language: the `locale` a map is made with.
 */
export function mapLocale(): Record<string, string> {
  return {
    'Map.Title': t('map.title'),
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
    'AttributionControl.MapFeedback': t('map.feedback'),
    'Popup.Close': t('map.closePopup'),
  };
}
