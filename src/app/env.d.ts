declare const __SILLON_DEPARTEMENTS__: string[];
declare const __APP_VERSION__: string;
