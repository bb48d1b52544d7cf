// A device named as a person would name it (« Chrome sur Android, tablette »), from the browser's
// user agent, for the coordinateur's device list; never a raw user agent or an id.

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(A|iOS)?\//, 'Edge'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bCriOS\/|\bChrome\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPad\b/, 'iPadOS'],
  [/\biPhone\b|\biPod\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const formOf = (ua: string, system: string | undefined): string | undefined => {
  if (/\biPad\b|\bTablet\b/.test(ua)) return 'tablette';
  if (system === 'Android') return /\bMobile\b/.test(ua) ? 'téléphone' : 'tablette';
  if (system === 'iOS') return 'téléphone';
  if (system) return 'ordinateur';
  return undefined;
};

/** « Chrome sur Android, tablette », « Safari sur iPadOS, tablette », « Firefox sur Windows, ordinateur ». */
export const deviceName = (userAgent: string | null | undefined): string => {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  const form = formOf(ua, system);
  if (!browser && !system) return 'Appareil inconnu';
  const name = `${browser ?? 'Navigateur'}${system ? ` sur ${system}` : ''}`;
  return form ? `${name}, ${form}` : name;
};
