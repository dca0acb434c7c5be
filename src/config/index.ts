// The configuration text (§11): rendered from the device for `display current-configuration`,
// `display this` and `save`, and loaded back through the command tree (the startup files on
// flash are src/files').
// The lines themselves come from the command handlers (src/commands/config-layout.ts), each next
// to the command that reads it back; this module only puts them together and moves the text.
import type { Device } from '../device';
import { Layout, renderConfiguration, renderView } from './layout';
import { readState } from './state';

export { changed, readState } from './state';
export type { AllSettings, ConfigState, LocalUser, PeerKey, SshUser } from './state';
export { renderConfiguration, renderView, section } from './layout';
export type { Layout, Lines, Section } from './layout';
export { loadConfiguration } from './load';
export type { LoadResult, TypeLines } from './load';
export { bootConfiguration } from './boot';
export type { BootResult, BootSource } from './boot';

/** The whole configuration, line by line. */
export async function currentConfiguration(device: Device, layout: Layout): Promise<string[]> {
  return renderConfiguration(layout, await readState(device));
}

/** A view's `display this` lines (the view names its section in cli-tree). */
export async function viewConfiguration(device: Device, layout: Layout, name: string, vars: Readonly<Record<string, string>>): Promise<string[]> {
  return renderView(layout, name, await readState(device), vars);
}

/** What `save` writes: the whole configuration, one line each, ending in a newline. */
export async function configurationText(device: Device, layout: Layout): Promise<string> {
  return (await currentConfiguration(device, layout)).join('\n') + '\n';
}
