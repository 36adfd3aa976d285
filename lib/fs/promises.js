// node:fs/promises: fs.promises (lib/fs.js), read-only over the app bundle.
import { promises } from 'node:fs';

export const {
  constants, stat, lstat, readFile, readdir, realpath, access, open, writeFile, appendFile, mkdir, mkdtemp, rm, rmdir,
  unlink, rename, copyFile, cp, symlink, chmod, truncate,
} = promises;
export default promises;
