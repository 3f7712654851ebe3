import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Be Vietnam Pro, whole TTFs (every Vietnamese letter with its diacritics, and basic Latin),
 * embedded in each PDF. The forms function ships them beside its bundle (infra/stacks/functions.ts
 * copies them there); run from the sources they are read from the package.
 */
export const FONT_PACKAGE = '@expo-google-fonts/be-vietnam-pro';
export const FONT_FILES = {
  regular: '400Regular/BeVietnamPro_400Regular.ttf',
  bold: '700Bold/BeVietnamPro_700Bold.ttf',
} as const;

const loaded = new Map<string, Buffer>();

export function fontData(font: keyof typeof FONT_FILES): Buffer {
  const file = FONT_FILES[font];
  let data = loaded.get(file);
  if (!data) {
    const beside = join(dirname(fileURLToPath(import.meta.url)), basename(file));
    data = readFileSync(existsSync(beside) ? beside : createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/${file}`));
    loaded.set(file, data);
  }
  return data;
}
