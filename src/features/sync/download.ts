import { getDb } from '../../data/db';
import { exportUnsynced } from '../../data/sync/export';

/** Saves the unsynced changes as a JSON file (the escape hatch before signing out or after a revocation). */
export const downloadUnsynced = async (): Promise<void> => {
  const data = await exportUnsynced(getDb());
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `sillon-non-synchronise-${data.exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
