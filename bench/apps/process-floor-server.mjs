// The floor of any local Lambda that runs handlers in processes of their own: a bare node:http server that
// hands each request to one child process as a small line on a socket and answers with the line it writes
// back, one line each way per request (no routing, no proxy event, no result mapping, no batching).
// Prints {"url": ...} once it listens on an ephemeral loopback port.
import { spawn } from "node:child_process";
import http from "node:http";

const body = process.argv[2] ?? '{"message":"hello"}';
const child = spawn(
  process.execPath,
  [
    "-e",
    `const channel = new (require("node:net").Socket)({ fd: 3, readable: true, writable: true });
     let pending = "";
     channel.setEncoding("utf8");
     channel.on("data", (chunk) => {
       const lines = (pending + chunk).split("\\n");
       pending = lines.pop();
       for (const line of lines) channel.write(line.slice(0, line.indexOf(" ")) + " " + ${JSON.stringify(body)} + "\\n");
     });
     channel.on("end", () => process.exit(0));`,
  ],
  { stdio: ["ignore", "inherit", "inherit", "pipe"] },
);
const channel = child.stdio[3];
const waiting = new Map();
let nextId = 1;
let pending = "";
channel.setEncoding("utf8");
channel.on("data", (chunk) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop();
  for (const line of lines) {
    const space = line.indexOf(" ");
    const id = Number(line.slice(0, space));
    const response = waiting.get(id);
    waiting.delete(id);
    const bytes = Buffer.from(line.slice(space + 1));
    response.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
    response.end(bytes);
  }
});
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const id = nextId++;
    waiting.set(id, response);
    channel.write(`${id} ${request.method} ${request.url}\n`);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + "\n");
});
process.on("SIGTERM", () => server.close(() => (child.kill(), process.exit(0))));
