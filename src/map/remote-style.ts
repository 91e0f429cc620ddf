import type { StyleSpecification } from 'maplibre-gl';
import { fetchWithin, readTextWithin, STALL_MS, StalledError } from '../data/worker/stall';
import { absoluteStyle, notAStyle } from '../net/hosts';

/** The largest style read: real ones are tens to hundreds of KB. */
const MAX_STYLE_BYTES = 10 * 1024 * 1024;

/**
 * Fetches a map style a link names, within the same time bounds as data, and
 * checks it is one, before the map is given it: resolves with its URLs made
 * absolute, or rejects with an Error saying in words why not.
 */
export async function fetchStyle(url: string): Promise<StyleSpecification> {
  let text: string;
  let from = url;
  // All of it within the time a stalled download gets: the map is made once the style is here.
  const deadline = performance.now() + STALL_MS;
  try {
    const response = await fetchWithin(url);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    from = response.url || url;
    text = await readTextWithin(response, MAX_STYLE_BYTES, STALL_MS, deadline);
  } catch (error) {
    const why =
      error instanceof StalledError ? `the server did not answer: ${error.message}` : (error as Error).message;
    throw new Error(`it could not be fetched (${why})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('it is not JSON');
  }
  const why = notAStyle(json);
  if (why) throw new Error(`it is not a map style: ${why}`);
  return absoluteStyle(json as StyleSpecification, from);
}
