// Handler registry: cli-tree names handlers, this map supplies them. A test checks both ways.
import { displayClock } from './clock';
import { displayDevice, displayDeviceManuinfo } from './device';
import { displayHistoryCommand } from './history';
import { quit, returnToUserView, systemView } from './navigation';
import { screenLengthDisable } from './screen';
import type { CliHandler } from './services';
import { superLevel } from './super';
import { sysname } from './sysname';
import { displayThis } from './this';
import { displayVersion } from './version';

export const handlers: Readonly<Record<string, CliHandler>> = {
  displayClock,
  displayDevice,
  displayDeviceManuinfo,
  displayHistoryCommand,
  displayThis,
  displayVersion,
  quit,
  returnToUserView,
  screenLengthDisable,
  superLevel,
  sysname,
  systemView,
};

export { sections } from './sections';
export type { CliServices, SuperPasswordCheck } from './services';
