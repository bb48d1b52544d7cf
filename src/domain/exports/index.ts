// La Coop's exports, laid out as La Coop writes them (one module per worksheet builder).
export * from './accompagnements';
export * from './beneficiaires';
export * from './filters';
export * from './sheet';
export * from './statistiques';
