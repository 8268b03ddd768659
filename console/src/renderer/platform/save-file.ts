import { consoleBridge } from './bridge.ts';

/** Saves text to a file: a native save dialog in Electron, a download in a browser. */
export async function saveTextFile(suggestedName: string, contents: string, type = 'text/csv'): Promise<void> {
  const bridge = consoleBridge();
  if (bridge) {
    await bridge.saveFile({ suggestedName, contents });
    return;
  }
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: suggestedName });
  link.click();
  URL.revokeObjectURL(url);
}
