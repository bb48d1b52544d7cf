/** Lower-case, accents removed, apostrophes and dashes as spaces: the form search compares. */
export const normalize = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'\-_.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Distinct normalised words of the given texts (for multi-entry search indexes). */
export const searchTokens = (...texts: (string | undefined | null)[]): string[] => {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of normalize(text).split(' ')) if (word) words.add(word);
  }
  return [...words];
};

export const digitsOnly = (text: string): string => text.replace(/\D/g, '');
