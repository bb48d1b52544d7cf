// First: schemas created by the imports below must not probe eval (the CSP forbids it).
import '../domain/zod-jitless';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';

import { createRouter } from './router';
import './styles.css';

// Ask the browser to keep our data (Settings shows whether it was granted).
void navigator.storage?.persist?.().catch(() => false);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={createRouter()} />
  </StrictMode>,
);
