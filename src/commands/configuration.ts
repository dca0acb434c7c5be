// Configuration text (§11): `display current-configuration`,
// `save [FILE] [force]`, `display saved-configuration`, `reset saved-configuration`.
import { CommandError } from '../cli';
import { configurationText, currentConfiguration } from '../config';
import type { FlashPath } from '../files';
import { CONFIG_LAYOUT } from './config-layout';
import { cwd, displayPath, flash, onFlash, startupConfig } from './flash-cli';
import { visibleConfiguration } from './secrets';
import type { Ctx } from './services';

/** Output filters (`| include …`) are the engine's: every display command gets them from the tree. */
export async function displayCurrentConfiguration(ctx: Ctx): Promise<void> {
  ctx.io.print(visibleConfiguration(ctx, await currentConfiguration(ctx.services.device, CONFIG_LAYOUT)).join('\n'));
}

export async function displaySavedConfiguration(ctx: Ctx): Promise<void> {
  const text = startupConfig(ctx).read();
  if (text === undefined) throw new CommandError('% The saved configuration file does not exist.');
  ctx.io.print(visibleConfiguration(ctx, text.replace(/\n$/, '').split('\n')).join('\n'));
}

/** Writes the running configuration to `target`, the main startup file unless a name was given. */
async function writeConfig(ctx: Ctx, target: FlashPath): Promise<void> {
  const text = await configurationText(ctx.services.device, CONFIG_LAYOUT);
  ctx.io.print('Validating file. Please wait....');
  const startup = startupConfig(ctx);
  onFlash(() => (displayPath(target) === startup.name ? startup.write(text) : flash(ctx).writeFile(target, text, 0o600)));
  ctx.io.print('Configuration is saved to device successfully.');
}

function cfgPath(ctx: Ctx, raw: string): FlashPath {
  const p = onFlash(() => flash(ctx).resolve(raw, cwd(ctx)));
  if (p.length === 0 || !p[p.length - 1].toLowerCase().endsWith('.cfg')) throw new CommandError('% The configuration file name must end with .cfg.');
  return p;
}

/**
 * V5 dialogue. `save FILE` writes another file and leaves the startup files as they are; a new name
 * skips the overwrite question.
 */
export async function save(ctx: Ctx): Promise<void> {
  const startup = startupConfig(ctx);
  let target = ctx.args.file === undefined ? undefined : cfgPath(ctx, String(ctx.args.file));
  if (ctx.keywords.has('force')) return writeConfig(ctx, target ?? startup.path);
  if (!(await ctx.io.confirm('The current configuration will be written to the device. Are you sure?'))) return;
  if (!target) {
    ctx.io.print(`Please input the file name(*.cfg)[${startup.name}]`);
    const name = (await ctx.io.ask('(To leave the existing filename unchanged, press the enter key):')).trim();
    target = name === '' ? startup.path : cfgPath(ctx, name);
  }
  if (flash(ctx).find(target) && !(await ctx.io.confirm(`${displayPath(target)} exists, overwrite?`))) return;
  await writeConfig(ctx, target);
}

export async function resetSavedConfiguration(ctx: Ctx): Promise<void> {
  if (!(await ctx.io.confirm('The saved configuration file will be erased. Are you sure?'))) return;
  ctx.io.print('Configuration file in flash is being cleared.');
  if (!startupConfig(ctx).erase()) throw new CommandError('% The saved configuration file does not exist.');
  ctx.io.print('Configuration file is cleared.');
}
