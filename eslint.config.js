import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Layers point one way: app → features → data → domain; server → domain.
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'public', 'coverage', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(
    ['src/domain/**'],
    ['**/data/**', '**/features/**', '**/app/**', 'react', 'dexie', '**/server/**'],
    'domain is pure: no I/O, no React',
  ),
  layer(
    ['src/data/**'],
    ['**/features/**', '**/app/**', 'react', 'react-dom', '**/server/**'],
    'data has no React and no features',
  ),
  layer(['src/features/**'], ['**/app/**', '**/server/**'], 'features do not import app or server'),
  {
    // The app's router must come from react-router/dom: only that RouterProvider is handed
    // ReactDOM.flushSync, without which a `flushSync: true` navigation (a ticked filter written to the
    // address) silently becomes a transition and the box springs back until the render catches up.
    files: ['src/app/**'],
    ignores: ['src/app/prerender.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react-router',
              importNames: ['RouterProvider'],
              message: "import RouterProvider from 'react-router/dom' (flushSync navigations)",
            },
          ],
        },
      ],
    },
  },
  layer(
    ['server/**'],
    ['**/src/data/**', '**/src/features/**', '**/src/app/**'],
    'server imports src/domain only',
  ),
);
