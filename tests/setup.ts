import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Unmount whatever a test rendered, in every test file: a component left mounted keeps its Dexie liveQuery
// subscribed, and a late update after the file's jsdom is torn down fails the whole run (« window is not defined »).
afterEach(() => {
  cleanup();
});
