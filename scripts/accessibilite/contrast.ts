// RGAA 3.2 and 3.3 (WCAG 1.4.3, 1.4.11): the contrast ratios of the app's palette, computed from
// src/app/styles.css itself, for every pair of text and background (and control and background)
// the screens use. tests/unit/contrast.test.ts holds the thresholds; docs/accessibilite/audit.md
// prints the figures (scripts/accessibilite/audit-doc.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const css = readFileSync(resolve(import.meta.dirname, '../../src/app/styles.css'), 'utf8');
export const palette = Object.fromEntries(
  [...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]),
);
export const color = (name: string): string => palette[name] ?? name;

const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

/** WCAG contrast ratio of two #rrggbb colours. */
export const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(color(a)), luminance(color(b))].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

// [foreground, background, what it is]
export const TEXT: [string, string, string][] = [
  ['ink', 'sand', 'texte courant sur le fond'],
  ['ink', 'white', 'texte des cartes et champs'],
  ['muted', 'sand', 'texte secondaire sur le fond'],
  ['muted', 'white', 'texte secondaire dans les cartes'],
  ['green-dark', 'sand', 'liens'],
  ['green-dark', 'white', 'liens dans les cartes, boutons secondaires'],
  ['green-dark', 'green-light', 'badges, section active du menu'],
  ['white', 'green', 'boutons, barre du haut'],
  ['white', 'green-dark', 'boutons survolés'],
  ['white', 'red', 'boutons de suppression'],
  ['red', 'white', 'messages d’erreur'],
  ['red', 'sand', 'messages d’erreur sur le fond'],
  ['red', 'red-light', 'alertes, badges « en retard »'],
  ['amber', 'amber-light', 'avertissements, indicateur hors ligne'],
  ['ink', 'amber-light', 'texte des avertissements'],
  ['ink', 'red-light', 'texte des alertes'],
];
export const UI: [string, string, string][] = [
  ['control-line', 'white', 'bord des champs et des choix'],
  ['control-line', 'sand', 'bord des champs sur le fond'],
  ['#0b57d0', 'white', 'anneau de focus'],
  ['#0b57d0', 'sand', 'anneau de focus sur le fond'],
  ['white', 'green', 'anneau de focus dans la barre du haut (blanc)'],
  ['green', 'white', 'cases et boutons radio cochés, bord des boutons'],
];

/** The table the audit prints (pairs and ratios, one decimal, rounded down). */
export const contrastTable = (): string[][] =>
  [...TEXT.map((p) => [...p, '4,5']), ...UI.map((p) => [...p, '3'])].map(([fg, bg, what, min]) => [
    what!,
    `${color(fg!)} sur ${color(bg!)}`,
    `${(Math.floor(contrast(fg!, bg!) * 10) / 10).toLocaleString('fr-FR')}:1`,
    `${min}:1`,
  ]);
