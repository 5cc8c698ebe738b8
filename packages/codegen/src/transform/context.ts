import type { ApiModel } from "@specgate/model";
import { refPointer, resolvePointer } from "@specgate/model";
import { NameScope, pascalCase, safeIdentifier } from "../naming";

/** A schema feature generated code maps loosely (or not at all), and where it is. */
export interface RuntimeWarning {
  /** JSON pointer into the bundled document. */
  readonly pointer: string;
  readonly message: string;
}

/** A named type to declare in `models.ts`. */
export interface Declaration {
  readonly name: string;
  readonly schema: unknown;
  /** Where the schema is, for warnings. */
  readonly pointer: string;
}

const COMPONENT_SCHEMA = /^#\/components\/schemas\/([^/]+)$/;

const unescape = (segment: string): string =>
  decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");

/** The name a schema's type gets: its own name when that is a valid identifier, else PascalCase; never a keyword or global. */
export function schemaTypeName(name: string): string {
  return safeIdentifier(/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : pascalCase(name));
}

/**
 * State shared by one generation: the names handed out and the types still to declare. Named
 * schemas are declared in document order, then the inline schemas hoisted as they are met.
 */
export class TypeContext {
  readonly warnings: RuntimeWarning[] = [];
  private readonly byPointer = new Map<string, string>();
  private readonly queue: Declaration[] = [];
  private readonly warned = new Set<string>();

  constructor(
    readonly model: ApiModel,
    readonly scope: NameScope,
  ) {}

  /** Names every `components.schemas` entry, in document order, before anything refers to them. */
  nameComponentSchemas(): void {
    for (const [name, schema] of Object.entries(this.model.schemas)) {
      const pointer = `#/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const typeName = this.scope.claim(schemaTypeName(name));
      this.byPointer.set(pointer, typeName);
      this.queue.push({ name: typeName, schema, pointer });
    }
  }

  /** The type name a `$ref` stands for, hoisting the target when it is not a named schema. */
  refType(written: string, from: string): string {
    const ref = refPointer(written);
    const known = this.byPointer.get(ref);
    if (known) return known;
    if (!ref.startsWith("#")) {
      this.warn(from, `external $ref "${ref}" is not bundled: typed as unknown`);
      return "unknown";
    }
    const target = resolvePointer(this.model.document, ref);
    if (target === undefined) {
      this.warn(from, `$ref "${ref}" points at nothing: typed as unknown`);
      return "unknown";
    }
    const segments = ref.replace(/^#\/?/, "").split("/").map(unescape);
    const match = COMPONENT_SCHEMA.exec(ref);
    const wanted = match ? schemaTypeName(unescape(match[1])) : pascalCase(segments.slice(-2).join(" "));
    return this.hoist(wanted, target, ref);
  }

  /** Declares an inline schema as a named type and returns its name. */
  hoist(wanted: string, schema: unknown, pointer: string): string {
    const known = this.byPointer.get(pointer);
    if (known) return known;
    const name = this.scope.claim(wanted);
    this.byPointer.set(pointer, name);
    this.queue.push({ name, schema, pointer });
    return name;
  }

  /** The next type to declare, or undefined when all are done. */
  nextDeclaration(): Declaration | undefined {
    return this.queue.shift();
  }

  warn(pointer: string, message: string): void {
    const key = `${pointer}\u0000${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push({ pointer, message });
  }
}

/** `#/a` + `b` → `#/a/b`, escaping the segment. */
export function childPointer(pointer: string, ...segments: readonly (string | number)[]): string {
  return `${pointer}${segments.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}
