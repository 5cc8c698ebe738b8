/** Work to do however the process ends, short of a signal: its last turn, `process.exit`, a fatal uncaught error. */
const tasks = new Set<() => void>();
let hooked = false;

function runAll(): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // The process is ending: what could not be undone is left as it is.
    }
  }
}

/**
 * Runs `task` (synchronous) when the process ends, unless the returned function is called first. An uncaught
 * error counts only when nothing handles it: the process is then about to end without an "exit" event.
 */
export function atProcessEnd(task: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.on("exit", runAll);
    process.on("uncaughtExceptionMonitor", () => {
      if (process.listenerCount("uncaughtException") === 0 && !process.hasUncaughtExceptionCaptureCallback())
        runAll();
    });
  }
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}
