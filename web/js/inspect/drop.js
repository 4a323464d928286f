// Files dropped anywhere on the page (or picked): image archives and layers go to the
// inspector, Dockerfiles to the editor. Decided by content (the wasm's `detect` over the first
// 512 bytes), never by name — except a `.dockerignore`, which only its name tells apart.
import { isDockerignoreName } from '../build-context.js';

/** Text this small that no archive magic claims is taken for a Dockerfile. */
const MAX_DOCKERFILE_BYTES = 1 << 20;

/** Sort `files` into `{images, dockerfiles, dockerignores}` by their first bytes. */
export async function sortFiles(files, detect) {
  const images = [];
  const dockerfiles = [];
  const dockerignores = [];
  for (const file of files) {
    if (isDockerignoreName(file.name) && file.size <= MAX_DOCKERFILE_BYTES) {
      dockerignores.push(file);
      continue;
    }
    const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
    const kind = detect(head);
    if (kind === 'unknown' && file.size <= MAX_DOCKERFILE_BYTES && !head.includes(0)) dockerfiles.push(file);
    else images.push(file); // empty and unsupported inputs too: the report says what is wrong
  }
  return { images, dockerfiles, dockerignores };
}

/** Accept file drops on the whole document; `onFiles(files)` gets them. */
export function acceptDrops(onFiles) {
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  let depth = 0;
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth++;
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('dragging');
  });
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (event) => {
    depth = 0;
    document.body.classList.remove('dragging');
    if (!hasFiles(event)) return;
    event.preventDefault();
    onFiles([...event.dataTransfer.files]);
  });
}
