import { t } from '../i18n/page-language';

/** Lets a file be dropped onto `target` (the map); shows a hint while one is dragged over it. */
export function bindFileDrop(target: HTMLElement, onFile: (file: File) => void): void {
  const hint = document.createElement('div');
  hint.className = 'drop-hint';
  hint.textContent = t('open.dropHint');
  hint.hidden = true;
  target.append(hint);
  const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  target.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    hint.hidden = false;
  });
  target.addEventListener('dragleave', (event) => {
    if (event.relatedTarget instanceof Node && target.contains(event.relatedTarget)) return;
    hint.hidden = true;
  });
  target.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    hint.hidden = true;
    const file = event.dataTransfer?.files[0];
    if (file) onFile(file);
  });
}
