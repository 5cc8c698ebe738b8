import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/**
 * Watches a folder and the folders below it, one watcher a folder, and the folders made later too.
 * Not `fs.watch`'s `recursive`: on Linux, Node.js 20 follows each file by its inode there, and stops
 * reporting a file once an editor has saved it by renaming a new one over it.
 */
export class TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  /**
   * `onChange` gets the path of each file or folder that changes; `skip(folder)` keeps a folder (and
   * what is below it) unwatched; `recursive: false` watches the folder alone.
   */
  constructor(
    folder: string,
    private readonly onChange: (path: string) => void,
    private readonly skip: (folder: string) => boolean,
    private readonly recursive = true,
  ) {
    this.add(folder);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private add(folder: string): void {
    if (this.watchers.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        const path = name ? join(folder, name.toString()) : folder;
        if (this.recursive && name && this.isFolder(path) && !this.skip(path)) this.add(path);
        this.onChange(path);
      });
    } catch {
      return; // Gone before it could be watched.
    }
    watcher.on("error", () => {
      watcher.close();
      this.watchers.delete(folder);
    });
    this.watchers.set(folder, watcher);
    if (!this.recursive) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !this.skip(path)) this.add(path);
    }
  }

  private isFolder(path: string): boolean {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  }
}
