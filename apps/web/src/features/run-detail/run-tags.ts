/** "a, b ,, a" → ["a", "b"]: trimmed, empty and repeated tags dropped. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** The tags as the editor shows them. */
export const tagsText = (tags: readonly string[]) => tags.join(', ');
