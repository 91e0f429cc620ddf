// A story step's title and text in the reader's language: the step's
// translation where it has one, else its own text, taken to be English (as an
// incident's, see incident-text.ts). Pure.
import type { Story, StoryStep } from '../data/types';
import { isSource, translationFor } from './incident-text';

export interface StepText {
  title: string;
  text: string;
  titleTranslated: boolean;
  textTranslated: boolean;
}

/** The title and text of `step` in language `tag`, each translated where the step translates it. */
export function stepText(step: Pick<StoryStep, 'title' | 'text' | 'translations'>, tag: string): StepText {
  const translation = isSource(tag) ? undefined : translationFor(step.translations, tag);
  const title = translation?.title;
  const text = translation?.text;
  return {
    title: title ?? step.title,
    text: text ?? step.text,
    titleTranslated: title !== undefined,
    textTranslated: text !== undefined,
  };
}

/** The story's own title in language `tag` (its translation where it has one), or null when it has none. */
export function storyTitle(story: Pick<Story, 'title' | 'translations'>, tag: string): StoryTitle | null {
  if (!story.title) return null;
  const translated = isSource(tag) ? undefined : translationFor(story.translations, tag)?.title;
  return { title: translated ?? story.title, translated: translated !== undefined };
}

export interface StoryTitle {
  title: string;
  translated: boolean;
}
