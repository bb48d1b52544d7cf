// The router's library as the entry imports it alone (src/app/main.tsx), to evaluate it in a task
// of its own: these names, not the module's every export, which a dynamic import of the library
// itself would keep in the build (42 KB of gzip, 13 KB more than the app uses).
export { createBrowserRouter } from 'react-router';
export { RouterProvider } from 'react-router/dom';
