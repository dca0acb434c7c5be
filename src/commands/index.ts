// Handler registry: cli-tree names handlers, this map supplies them. A test checks both ways.
// Configuration commands go through configCommand (store errors as `%` lines, one log-buffer record
// per change); the others through withStoreErrors.
import { configCommand, withStoreErrors } from './audit';
import { displayClock } from './clock';
import {
  displayCurrentConfiguration,
  displaySavedConfiguration,
  resetSavedConfiguration,
  save,
} from './configuration';
import { displayDevice, displayDeviceManuinfo } from './device';
import { header } from './header';
import { displayHistoryCommand } from './history';
import { displayPublicKeyLocal, publicKeyLocalCreate, publicKeyLocalDestroy } from './local-keys';
import { authorizationLevel, localUser, serviceType, undoLocalUser, userState } from './local-user';
import { displayLocalUser } from './local-user-display';
import { displayLogbuffer } from './logbuffer';
import { quit, returnToUserView, systemView } from './navigation';
import { terminalMonitor } from './monitor';
import {
  displayPasswordControl,
  displayPasswordControlBlacklist,
  passwordControlEnable,
  passwordControlLoginAttempt,
  resetPasswordControlBlacklist,
} from './password-control';
import { luserPasswordAsk, luserPasswordHash, luserPasswordSimple, ownPassword } from './passwords';
import {
  displayPublicKeyPeer,
  keyCodeLine,
  peerPublicKeyEnd,
  publicKeyCodeBegin,
  publicKeyCodeEnd,
  publicKeyPeer,
  publicKeyPeerImport,
  undoPublicKeyPeer,
} from './peer-keys';
import { screenLengthDisable } from './screen';
import type { CliHandler } from './services';
import { displayUserInterface, displayUsers, freeUserInterface, sendMessage } from './sessions';
import { displaySshServerSession, displaySshServerStatus, displaySshUserInformation } from './ssh-display';
import { sshServerEnable, sshServerRekey, sshServerRetries, sshServerSsh1, sshServerTimeout } from './ssh-server';
import { sshUserAssignKey, sshUserAuthType, sshUserServiceType, undoSshUser } from './ssh-user';
import { superLevel } from './super';
import { superPassword } from './super-password';
import { sysname } from './sysname';
import { displayThis } from './this';
import {
  uiAuthenticationMode,
  uiHistorySize,
  uiIdleTimeout,
  uiPrivilegeLevel,
  uiProtocolInbound,
  uiScreenLength,
  userInterface,
} from './user-interface';
import { displayVersion } from './version';

const wrap = (wrapper: (h: CliHandler) => CliHandler, hs: Record<string, CliHandler>): Record<string, CliHandler> =>
  Object.fromEntries(Object.entries(hs).map(([name, h]) => [name, wrapper(h)]));

/** Commands that change the configuration: each is logged with user and command. */
const configuration = wrap(configCommand, {
  authorizationLevel,
  header,
  localUser,
  luserPasswordAsk,
  luserPasswordHash,
  luserPasswordSimple,
  ownPassword,
  passwordControlEnable,
  passwordControlLoginAttempt,
  peerPublicKeyEnd,
  publicKeyLocalCreate,
  publicKeyLocalDestroy,
  publicKeyPeerImport,
  resetPasswordControlBlacklist,
  resetSavedConfiguration,
  save,
  serviceType,
  sshServerEnable,
  sshServerRekey,
  sshServerRetries,
  sshServerTimeout,
  sshUserAssignKey,
  sshUserAuthType,
  sshUserServiceType,
  superPassword,
  sysname,
  uiAuthenticationMode,
  uiHistorySize,
  uiIdleTimeout,
  uiPrivilegeLevel,
  uiProtocolInbound,
  uiScreenLength,
  undoLocalUser,
  undoPublicKeyPeer,
  undoSshUser,
  userState,
});

/** Everything else: displays, views, sessions. */
const other = wrap(withStoreErrors, {
  displayClock,
  displayCurrentConfiguration,
  displayDevice,
  displayDeviceManuinfo,
  displayHistoryCommand,
  displayLocalUser,
  displayLogbuffer,
  displayPasswordControl,
  displayPasswordControlBlacklist,
  displayPublicKeyLocal,
  displayPublicKeyPeer,
  displaySavedConfiguration,
  displaySshServerSession,
  displaySshServerStatus,
  displaySshUserInformation,
  displayThis,
  displayUserInterface,
  displayUsers,
  displayVersion,
  freeUserInterface,
  keyCodeLine,
  publicKeyCodeBegin,
  publicKeyCodeEnd,
  publicKeyPeer,
  quit,
  returnToUserView,
  screenLengthDisable,
  sendMessage,
  sshServerSsh1,
  superLevel,
  systemView,
  terminalMonitor,
  userInterface,
});

export const handlers: Readonly<Record<string, CliHandler>> = { ...configuration, ...other };

export { sections } from './sections';
export type { CliServices, SuperPasswordCheck } from './services';
