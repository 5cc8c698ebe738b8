/** A problem with the app, its assembly or the command line: its message says where and what to do. */
export class LocalGatewayError extends Error {
  /** `port-in-use`: the port to listen on is taken (the caller knows how it was given, and says how to change it). */
  readonly reason?: "port-in-use";

  constructor(message: string, reason?: "port-in-use") {
    super(message);
    this.name = "LocalGatewayError";
    if (reason) this.reason = reason;
  }
}
