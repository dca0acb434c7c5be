// The offline tool changes the saved configuration as well as the running one (DESIGN.md: a user
// made by `wx3000 user` exists after every start). The startup file is loaded into a scratch device,
// changed through the same services, rendered and written back, so the text stays the one `save` writes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_LAYOUT } from '../commands/config-layout';
import { loadConfiguration } from '../commands/load-config';
import { configurationText } from '../config';
import { startupConfigOf } from '../files';
import { Device } from '../device';

export async function editSavedConfiguration(device: Device, edit: (saved: Device) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-saved-'));
  const saved = new Device(dir);
  try {
    const startup = startupConfigOf(device.paths);
    const text = startup.read();
    if (text !== undefined) await loadConfiguration(saved, text, startup.name);
    await edit(saved);
    startup.write(await configurationText(saved, CONFIG_LAYOUT));
  } finally {
    await saved.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
