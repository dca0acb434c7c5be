// Configuration text (§11): `display current-configuration`,
// `save [force]`, `display saved-configuration`, `reset saved-configuration`.
import { CommandError } from '../cli';
import { configurationText, currentConfiguration, startupConfig } from '../config';
import { CONFIG_LAYOUT } from './config-layout';
import { visibleConfiguration } from './secrets';
import type { Ctx } from './services';

export const STARTUP_NAME = 'flash:/startup.cfg';

/** Output filters (`| include …`) are the engine's: every display command gets them from the tree. */
export async function displayCurrentConfiguration(ctx: Ctx): Promise<void> {
  ctx.io.print(visibleConfiguration(ctx, await currentConfiguration(ctx.services.device, CONFIG_LAYOUT)).join('\n'));
}

export async function displaySavedConfiguration(ctx: Ctx): Promise<void> {
  const text = startupConfig(ctx.services.device).read();
  if (text === undefined) throw new CommandError('% The saved configuration file does not exist.');
  ctx.io.print(visibleConfiguration(ctx, text.replace(/\n$/, '').split('\n')).join('\n'));
}

async function writeStartup(ctx: Ctx): Promise<void> {
  const text = await configurationText(ctx.services.device, CONFIG_LAYOUT);
  ctx.io.print('Validating file. Please wait....');
  startupConfig(ctx.services.device).write(text);
  ctx.io.print('Configuration is saved to device successfully.');
}

/** V5 dialogue; the file name is fixed (the data directory holds one startup.cfg). */
export async function save(ctx: Ctx): Promise<void> {
  if (ctx.keywords.has('force')) return writeStartup(ctx);
  if (!(await ctx.io.confirm('The current configuration will be written to the device. Are you sure?'))) return;
  ctx.io.print(`Please input the file name(*.cfg)[${STARTUP_NAME}]`);
  const name = (await ctx.io.ask('(To leave the existing filename unchanged, press the enter key):')).trim();
  if (name !== '' && name !== STARTUP_NAME && name !== 'startup.cfg') {
    throw new CommandError(`% Only ${STARTUP_NAME} can be written on this device.`);
  }
  if (startupConfig(ctx.services.device).exists() && !(await ctx.io.confirm(`${STARTUP_NAME} exists, overwrite?`))) return;
  await writeStartup(ctx);
}

export async function resetSavedConfiguration(ctx: Ctx): Promise<void> {
  if (!(await ctx.io.confirm('The saved configuration file will be erased. Are you sure?'))) return;
  ctx.io.print('Configuration file in flash is being cleared.');
  if (!startupConfig(ctx.services.device).erase()) throw new CommandError('% The saved configuration file does not exist.');
  ctx.io.print('Configuration file is cleared.');
}
