// Handler registry: cli-tree names handlers, this table says which module exports each one. A test
// checks both ways (every named handler exists, every registered one is named).
// Configuration commands go through configCommand (store errors as `%` lines, one log-buffer record
// per change); the others through withStoreErrors.
//
// Modules load when one of their commands first runs: an idle session compiles none of them (each
// CLI process is one session, and five sessions plus a spare multiply what a session holds).
import { configCommand, withStoreErrors } from './audit';
import type { CliHandler } from './services';

interface HandlerModule {
  load(): Record<string, unknown>;
  /** Handlers that change the configuration: each success is logged with user and command. */
  config?: string[];
  other?: string[];
}

const MODULES: HandlerModule[] = [
  { load: () => require('./acl'), config: ['aclNumber', 'aclRule', 'uiAclInbound', 'undoAcl', 'undoAclRule'], other: ['displayAcl'] },
  { load: () => require('./aaa-display'), config: ['resetRadiusStatistics'], other: ['displayDomain', 'displayRadiusScheme', 'displayRadiusStatistics'] },
  { load: () => require('./clock'), other: ['displayClock'] },
  { load: () => require('./configuration'), config: ['resetSavedConfiguration', 'save'], other: ['displayCurrentConfiguration', 'displaySavedConfiguration'] },
  { load: () => require('./device'), other: ['displayDevice', 'displayDeviceManuinfo'] },
  { load: () => require('./header'), config: ['header'] },
  { load: () => require('./file-system'), other: ['cd', 'dir', 'format', 'mkdir', 'more', 'pwd', 'rmdir'] },
  { load: () => require('./file-ops'), other: ['copy', 'deleteFile', 'move', 'rename', 'resetRecycleBin', 'undelete'] },
  { load: () => require('./domain'), config: ['domain', 'domainAccounting', 'domainAuthentication', 'domainAuthorization', 'domainDefault', 'domainScheme', 'domainState', 'undoDomain'] },
  { load: () => require('./history'), other: ['displayHistoryCommand'] },
  { load: () => require('./info-center'), config: ['infoCenterLoghost'] },
  { load: () => require('./local-keys'), config: ['publicKeyLocalCreate', 'publicKeyLocalDestroy'], other: ['displayPublicKeyLocal'] },
  { load: () => require('./local-user'), config: ['authorizationLevel', 'localUser', 'serviceType', 'undoLocalUser', 'userState'] },
  { load: () => require('./local-user-display'), other: ['displayLocalUser'] },
  { load: () => require('./logbuffer'), other: ['displayLogbuffer'] },
  { load: () => require('./monitor'), other: ['terminalLogging', 'terminalMonitor'] },
  { load: () => require('./netconf'), config: ['netconfSshServerEnable', 'netconfSshServerPort'], other: ['displayNetconfService', 'freeNetconfSession'] },
  { load: () => require('./navigation'), other: ['quit', 'returnToUserView', 'systemView'] },
  { load: () => require('./password-control'), config: ['passwordControlEnable', 'passwordControlLoginAttempt', 'resetPasswordControlBlacklist'], other: ['displayPasswordControl', 'displayPasswordControlBlacklist'] },
  {
    load: () => require('./password-policy'),
    config: [
      'passwordControlAging',
      'passwordControlComposition',
      'passwordControlFeature',
      'passwordControlHistory',
      'passwordControlLength',
      'passwordControlSuperAging',
      'passwordControlSuperComposition',
      'passwordControlSuperLength',
    ],
  },
  { load: () => require('./passwords'), config: ['luserPasswordAsk', 'luserPasswordHash', 'luserPasswordSimple', 'ownPassword'] },
  { load: () => require('./peer-keys'), config: ['peerPublicKeyEnd', 'publicKeyPeerImport', 'undoPublicKeyPeer'], other: ['displayPublicKeyPeer', 'keyCodeLine', 'publicKeyCodeBegin', 'publicKeyCodeEnd', 'publicKeyPeer'] },
  { load: () => require('./reboot'), other: ['displayScheduleReboot', 'reboot', 'scheduleReboot'] },
  { load: () => require('./radius'), config: ['radiusKey', 'radiusMessageAuthenticator', 'radiusNasIp', 'radiusPrimary', 'radiusRetry', 'radiusScheme', 'radiusSecondary', 'radiusServerType', 'radiusTimer', 'radiusUserNameFormat', 'undoRadiusScheme'] },
  { load: () => require('./screen'), other: ['screenLengthDisable'] },
  { load: () => require('./sessions'), other: ['displayUserInterface', 'displayUsers', 'freeUserInterface', 'sendMessage'] },
  { load: () => require('./ssh-client'), config: ['sshClientAuthServer', 'sshClientFirstTime'], other: ['displaySshServerInfo', 'ssh2'] },
  {
    load: () => require('./sftp-client'),
    other: ['sftpBye', 'sftpCd', 'sftpCdup', 'sftpConnect', 'sftpDelete', 'sftpDir', 'sftpGet', 'sftpHelp', 'sftpMkdir', 'sftpPut', 'sftpPwd', 'sftpRename', 'sftpRmdir'],
  },
  { load: () => require('./ssh-display'), other: ['displaySshServerSession', 'displaySshServerStatus', 'displaySshUserInformation'] },
  { load: () => require('./sftp-server'), config: ['sftpServerEnable', 'sftpServerIdleTimeout'] },
  { load: () => require('./ssh-server'), config: ['sshServerEnable', 'sshServerRekey', 'sshServerRetries', 'sshServerTimeout'], other: ['sshServerSsh1'] },
  { load: () => require('./ssh-user'), config: ['sshUserAssignKey', 'sshUserAuthType', 'sshUserServiceType', 'undoSshUser'] },
  { load: () => require('./startup'), other: ['displayStartup', 'startupSavedConfiguration'] },
  { load: () => require('./super'), other: ['superLevel'] },
  { load: () => require('./super-password'), config: ['superPassword'] },
  { load: () => require('./sysname'), config: ['sysname'] },
  { load: () => require('./this'), other: ['displayThis'] },
  { load: () => require('./user-interface'), config: ['uiAuthenticationMode', 'uiHistorySize', 'uiIdleTimeout', 'uiPrivilegeLevel', 'uiProtocolInbound', 'uiScreenLength'], other: ['userInterface'] },
  { load: () => require('./version'), other: ['displayVersion'] },
];

function lazy(mod: HandlerModule, name: string): CliHandler {
  let handler: CliHandler | undefined;
  return (ctx) => {
    handler ??= mod.load()[name] as CliHandler;
    return handler(ctx);
  };
}

export const handlers: Readonly<Record<string, CliHandler>> = Object.fromEntries(
  MODULES.flatMap((mod) => [
    ...(mod.config ?? []).map((name) => [name, configCommand(lazy(mod, name))] as const),
    ...(mod.other ?? []).map((name) => [name, withStoreErrors(lazy(mod, name))] as const),
  ]),
);

/** Loads every module and returns the registered names its module does not export as a function. */
export function missingHandlers(): string[] {
  return MODULES.flatMap((mod) => {
    const exports = mod.load();
    return [...(mod.config ?? []), ...(mod.other ?? [])].filter((name) => typeof exports[name] !== 'function');
  });
}

export type { CliServices, SuperPasswordCheck } from './services';
