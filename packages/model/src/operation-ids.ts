import type { HttpMethod } from "./types";

/**
 * Keywords of TypeScript, Java and Python, and names generated Java classes inherit and cannot
 * redefine (`getClass` is final on every Java object). A derived operationId never takes one.
 */
const RESERVED = new Set(
  [
    // TypeScript and JavaScript
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
      "for function if import in instanceof new null return super switch this throw true try typeof var void " +
      "while with as implements interface let package private protected public static yield await async",
    // Java
    "abstract assert boolean byte char double final float goto int long native short strictfp synchronized " +
      "throws transient volatile record sealed permits var getClass hashCode equals toString notify notifyAll wait",
    // Python
    "False None True and def del elif except from global is lambda nonlocal not or pass raise",
  ]
    .join(" ")
    .split(" ")
    .map((word) => word.toLowerCase()),
);

/** `Ärzte-liste_v2` → `["Arzte", "liste", "v2"]`: ASCII letters and digits only, accents dropped. */
function wordsOf(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const capitalized = (word: string): string => word[0].toUpperCase() + word.slice(1);

/**
 * The operationId an operation without one gets, before it is made unique: the method, then the
 * path's words, each path variable as `By<Name>`: `getPetsByPetId` for GET /pets/{petId}, `getRoot`
 * for GET /. It depends on the method and the path alone, so adding other operations never changes
 * it, and it is an identifier in TypeScript, Java and Python (ASCII letters and digits, starting
 * with a lower-case letter, never a keyword, since it starts with the method and has a word after it).
 */
export function operationIdFor(method: HttpMethod, path: string): string {
  const words = path
    .replace(/\{([^}]*)\}/g, (_, name: string) => `/By-${name.replace(/\+$/, "")}/`)
    .split("/")
    .flatMap(wordsOf);
  return method + (words.length > 0 ? words.map(capitalized).join("") : "Root");
}

/** One operation of the document, as `deriveOperationIds` reads it. */
export interface OperationIdInput {
  readonly method: HttpMethod;
  readonly path: string;
  /** The document's own operationId; undefined (or empty) when it gives none. */
  readonly operationId?: string;
}

/**
 * Gives every operation that has no operationId one derived from its method and path
 * (`operationIdFor`), unique in the document: a name an operationId of the document already holds,
 * or an earlier derived one, or a reserved word (compared ignoring case, as file names and some
 * languages do) gets `2`, `3`… appended. Operations are read in document order; the result is the
 * operationId of each, in the same order, the document's own where it gives one.
 *
 * `specgate generate` and `TypeSafeRestApi` both name operations with this function.
 */
export function deriveOperationIds(operations: readonly OperationIdInput[]): string[] {
  const given = (op: OperationIdInput): string | undefined =>
    typeof op.operationId === "string" && op.operationId !== "" ? op.operationId : undefined;
  const taken = new Set(RESERVED);
  for (const op of operations) {
    const id = given(op);
    if (id !== undefined) taken.add(id.toLowerCase());
  }
  return operations.map((op) => {
    const id = given(op);
    if (id !== undefined) return id;
    const wanted = operationIdFor(op.method, op.path);
    let candidate = wanted;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${wanted}${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
