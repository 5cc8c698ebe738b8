/** A problem with the app, its assembly or the command line: its message says where and what to do. */
export class LocalGatewayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalGatewayError";
  }
}
