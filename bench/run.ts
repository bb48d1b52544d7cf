// `npm run bench [-- --only=bundle,loading,local,sync,load,annuaire,lighthouse] [--full]`: measures Sillon against its budgets
// on the « 3G » and « 4G lent » profiles and writes bench/results/report.{md,json}.
// Not part of `npm test`: figures vary from run to run.
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { cleanup, getBrowser, log, ROOT } from './lib/env';
import { describeProfile, PROFILES } from './lib/profiles';
import { toMarkdown, writeReport, type Figure, type Report, type SectionResult } from './lib/report';
import { runBundle } from './sections/bundle';
import { runLoading } from './sections/loading';
import { runLocalData } from './sections/local-data';
import { runSync } from './sections/sync';
import { runLoad } from './sections/load';
import { runAnnuaire } from './sections/annuaire';
import { runLighthouse } from './sections/lighthouse';

interface Section {
  id: string;
  title: string;
  run: () => Promise<Figure[]>;
}

const SECTIONS: Section[] = [
  { id: 'bundle', title: '1. Bundle', run: runBundle },
  { id: 'loading', title: '2. Loading (real Chromium, emulated link, CPU 4×)', run: runLoading },
  { id: 'local', title: '3. Local data at scale (Chromium IndexedDB, CPU 4×)', run: runLocalData },
  { id: 'sync', title: '4. Sync through the emulated link (real server, SQLite)', run: runSync },
  { id: 'load', title: '5. Server under load (200 devices on 127.0.0.1, 60 s)', run: runLoad },
  {
    id: 'annuaire',
    title: '6. The directory of lieux at the national scale (Chromium IndexedDB, the app offline, CPU 4×)',
    run: runAnnuaire,
  },
  {
    id: 'lighthouse',
    title: '7. Lighthouse 12, mobile preset (home, beneficiaries, new session, statistics)',
    run: runLighthouse,
  },
];

const parseOnly = (argv: string[]): Set<string> | undefined => {
  const arg = argv.find((a) => a.startsWith('--only='));
  return arg
    ? new Set(
        arg
          .slice('--only='.length)
          .split(',')
          .map((s) => s.trim()),
      )
    : undefined;
};

const main = async () => {
  const only = parseOnly(process.argv.slice(2));
  // --full: runs the long cases to their end (over the 15-minute budget of a default run).
  if (process.argv.includes('--full')) process.env.SILLON_BENCH_FULL = '1';
  const unknown = [...(only ?? [])].filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length) {
    console.error(
      `Unknown section(s): ${unknown.join(', ')}. Known: ${SECTIONS.map((s) => s.id).join(', ')}`,
    );
    process.exit(2);
  }
  const started = Date.now();
  const sections: SectionResult[] = [];
  let chromium = 'not used';
  try {
    for (const section of SECTIONS) {
      if (only && !only.has(section.id)) continue;
      log(`section ${section.id}…`);
      const t0 = Date.now();
      const result: SectionResult = { id: section.id, title: section.title, figures: [], seconds: 0 };
      try {
        result.figures = await section.run();
      } catch (error) {
        result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`section ${section.id} failed: ${result.error}`);
      }
      result.seconds = (Date.now() - t0) / 1000;
      sections.push(result);
    }
    if (sections.some((s) => ['loading', 'local', 'sync', 'annuaire'].includes(s.id))) {
      chromium = (await getBrowser()).version();
    }
  } finally {
    await cleanup();
  }
  const git = (cmd: string) => {
    try {
      return execSync(`git ${cmd}`, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const report: Report = {
    startedAt: new Date(started).toISOString(),
    environment: {
      commit: `${git('rev-parse --short HEAD')}${git('status --porcelain --untracked-files=no') ? ' (uncommitted changes)' : ''}`,
      node: process.version,
      chromium,
      cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    },
    profiles: Object.fromEntries(PROFILES.map((p) => [p.name, describeProfile(p)])),
    sections,
    totalSeconds: (Date.now() - started) / 1000,
  };
  const files = writeReport(report, join(ROOT, 'bench', 'results'));
  process.stdout.write(toMarkdown(report));
  log(`report written to ${files.md} and ${files.json}`);
  if (sections.some((s) => s.error)) process.exitCode = 1;
};

await main();
