/** One generated file: its path relative to the output folder, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}
