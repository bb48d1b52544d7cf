// Splits @etalab/decoupage-administratif's communes into one compact JSON file per département
// (public/communes/<code>.json: [codeInsee, nom, codesPostaux[]][]), so that the app precaches
// only the configured départements and fetches the others on demand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface SourceCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  codesPostaux?: string[];
}
interface SourceDepartement {
  code: string;
  nom: string;
}

const require = createRequire(import.meta.url);
const read = <T>(file: string): T =>
  JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8')) as T;

const communes = read<SourceCommune[]>('communes.json');
const departements = read<SourceDepartement[]>('departements.json');
const out = join(import.meta.dirname, '..', 'public', 'communes');
mkdirSync(out, { recursive: true });

const byDep = new Map<string, [string, string, string[]][]>();
for (const c of communes) {
  // Current communes and the arrondissements of Paris, Lyon and Marseille carry postal codes.
  if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
  if (!c.departement || !c.codesPostaux?.length) continue;
  const list = byDep.get(c.departement) ?? [];
  list.push([c.code, c.nom, c.codesPostaux]);
  byDep.set(c.departement, list);
}
for (const [dep, list] of byDep) {
  list.sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  writeFileSync(join(out, `${dep}.json`), JSON.stringify(list));
}
const index = departements.filter((d) => byDep.has(d.code)).map((d) => [d.code, d.nom]);
writeFileSync(join(out, 'index.json'), JSON.stringify(index));
console.log(`communes: ${communes.length} source rows → ${byDep.size} départements in public/communes/`);
