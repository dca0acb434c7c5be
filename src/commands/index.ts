// Handler registry: cli-tree names handlers, this map supplies them. A test checks both ways.
import { displayClock } from './clock';
import { displayDevice, displayDeviceManuinfo } from './device';
import { displayHistoryCommand } from './history';
import { quit, returnToUserView, systemView } from './navigation';
import { terminalMonitor } from './monitor';
import { screenLengthDisable } from './screen';
import type { CliHandler } from './services';
import { superLevel } from './super';
import { sysname } from './sysname';
import { displayCurrentConfiguration, displayThis } from './this';
import { displayVersion } from './version';

export const handlers: Readonly<Record<string, CliHandler>> = {
  displayClock,
  displayCurrentConfiguration,
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
  terminalMonitor,
};

export { sections } from './sections';
export type { CliServices, SuperPasswordCheck } from './services';
