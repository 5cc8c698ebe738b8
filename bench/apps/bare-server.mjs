// The baseline: a bare node:http server answering every request with the bytes the API's routes return.
// Prints {"url": ...} once it listens on an ephemeral loopback port.
import http from "node:http";

const body = Buffer.from(process.argv[2] ?? '{"message":"hello"}');
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
