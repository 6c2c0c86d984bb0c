// The temporary files of tus uploads (DATA_DIR/uploads): the bytes received so
// far in <id> and tus's own record in <id>.json.
import { rm } from 'node:fs/promises';
import path from 'node:path';

const UPLOAD_ID = /^[a-f0-9]{32}$/;

export class UploadFiles {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = path.resolve(directory);
  }

  pathOf(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new Error('invalid upload id');
    return path.join(this.directory, uploadId);
  }

  async remove(uploadId: string): Promise<void> {
    const file = this.pathOf(uploadId);
    await rm(file, { force: true });
    await rm(`${file}.json`, { force: true });
  }
}
