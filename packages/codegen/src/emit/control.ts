/**
 * Text with each control character (U+0000 to U+001F, U+007F) as a space: Python source cannot
 * hold a NUL byte, and no generated comment or docstring needs a control character.
 */
export function withoutControlCharacters(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? " " : char;
  }
  return out;
}
