import * as fs from "node:fs";

/** Descriptors whose pipe once would have blocked: their stream holds what is pending, and keeps the order. */
const streamed = new Set<1 | 2>();

/**
 * Writes a line straight to standard output (fd 1) or error (fd 2): setting up `process.stdout` for a
 * pipe costs a small run several milliseconds. A pipe that would block gets the rest through the stream.
 */
export function printLine(fd: 1 | 2, line: string): void {
  // Only read when needed: reading process.stdout is what sets the stream up.
  const stream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  const bytes = Buffer.from(`${line}\n`);
  if (streamed.has(fd)) {
    stream().write(bytes);
    return;
  }
  let offset = 0;
  try {
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Nobody reads any more (`specgate ... | head -0`): what is left to say has no reader.
    if (code === "EPIPE") return;
    if (code !== "EAGAIN") throw error;
    streamed.add(fd);
    stream().write(bytes.subarray(offset));
  }
}
