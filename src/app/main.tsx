// The entry: the app's start-up in steps, each its own task. One module graph evaluates in one task,
// and React DOM, the router and Dexie with the app's shell evaluated in one of about 40 ms (160 ms on a
// phone 4× slower, which a tap waits for): each library comes in by its own import, with the
// interface let through between them. The chunks are all modulepreloaded with the HTML
// (vite.config.ts), so the steps cost no round trip.
// First: schemas created by the modules imported below must not probe eval (the CSP forbids it).
import '../domain/zod-jitless';

import { yieldToInterface } from '../data/yield-to-interface';
import './styles.css';

const start = async () => {
  await import('react-dom/client');
  await yieldToInterface();
  await import('./router-library');
  await yieldToInterface();
  await import('dexie');
  await yieldToInterface();
  const app = await import('./start');
  await yieldToInterface();
  await app.start();
};

void start();
