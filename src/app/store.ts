import { create } from 'zustand';

/** App-wide UI state that no single feature owns. */
interface AppState {
  /** Set when the server says this app is outdated (426): the update prompt shows. */
  updateRequired: boolean;
  setUpdateRequired: (value: boolean) => void;
}

export const useAppStore = create<AppState>((set) => ({
  updateRequired: false,
  setUpdateRequired: (updateRequired) => set({ updateRequired }),
}));
