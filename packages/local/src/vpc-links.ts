import type { StackArtifact } from "./assembly/cloud-assembly";

const VPC_LINK = "AWS::ApiGateway::VpcLink";

/** The names `--vpc-link` may give a VPC link resource: its logical id, its construct path, and that path without `/Resource`. */
function namesOf(stack: StackArtifact, logicalId: string): string[] {
  const path = stack.constructPaths.get(logicalId);
  return path === undefined ? [logicalId] : [logicalId, path, path.replace(/\/Resource$/, "")];
}

/** Where each VPC link leads locally (`--vpc-link`), and which of those the app's integrations used. */
export class VpcLinkTargets {
  private readonly used = new Set<string>();

  constructor(private readonly targets: ReadonlyMap<string, string>) {}

  /** The URL an integration through `connectionId` (as its stack resolves it) goes to, if `--vpc-link` gives one. */
  urlFor(connectionId: string, stack: StackArtifact): string | undefined {
    const names = stack.resources[connectionId] ? namesOf(stack, connectionId) : [connectionId];
    for (const name of names) {
      const url = this.targets.get(name);
      if (url !== undefined) {
        this.used.add(name);
        return url;
      }
    }
    return undefined;
  }

  /**
   * One warning per `--vpc-link` no integration went through, naming the VPC links of the app (by construct
   * path where the assembly tells it): a typo, or a link the app no longer has.
   */
  unusedWarnings(stacks: readonly StackArtifact[]): string[] {
    const unused = [...this.targets.keys()].filter((name) => !this.used.has(name));
    if (unused.length === 0) return [];
    const links = stacks.flatMap((stack) =>
      Object.entries(stack.resources)
        .filter(([, resource]) => resource.Type === VPC_LINK)
        .map(([logicalId]) => namesOf(stack, logicalId).at(-1) ?? logicalId),
    );
    const known = links.length > 0 ? `its VPC links: ${links.join(", ")}` : "it has none";
    return unused.map(
      (name) => `--vpc-link ${name} names no VPC link an integration of the app goes through (${known})`,
    );
  }
}
