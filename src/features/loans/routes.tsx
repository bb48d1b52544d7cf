import type { RouteObject } from 'react-router';

// Every screen is its own chunk; jsPDF loads only when an agreement is signed.
export const loanRoutes: RouteObject[] = [
  { path: 'materiel', lazy: async () => ({ Component: (await import('./item-list-page')).ItemListPage }) },
  {
    path: 'materiel/nouveau',
    lazy: async () => ({ Component: (await import('./item-form-page')).ItemFormPage }),
  },
  {
    path: 'materiel/scanner',
    lazy: async () => ({ Component: (await import('./scanner-page')).ScannerPage }),
  },
  { path: 'materiel/:id', lazy: async () => ({ Component: (await import('./item-page')).ItemPage }) },
  {
    path: 'materiel/:id/modifier',
    lazy: async () => ({ Component: (await import('./item-form-page')).ItemFormPage }),
  },
  {
    path: 'materiel/:id/etiquette',
    lazy: async () => ({ Component: (await import('./item-label-page')).ItemLabelPage }),
  },
  { path: 'prets', lazy: async () => ({ Component: (await import('./loan-list-page')).LoanListPage }) },
  {
    path: 'prets/nouveau',
    lazy: async () => ({ Component: (await import('./loan-form-page')).LoanFormPage }),
  },
  { path: 'prets/modele', lazy: async () => ({ Component: (await import('./template-page')).TemplatePage }) },
  { path: 'prets/:id', lazy: async () => ({ Component: (await import('./loan-page')).LoanPage }) },
  {
    path: 'prets/:id/convention',
    lazy: async () => ({ Component: (await import('./loan-sign-page')).LoanSignPage }),
  },
  {
    path: 'prets/:id/convention/texte',
    lazy: async () => ({ Component: (await import('./agreement-text-page')).AgreementTextPage }),
  },
  {
    path: 'prets/:id/retour',
    lazy: async () => ({ Component: (await import('./loan-return-page')).LoanReturnPage }),
  },
];
