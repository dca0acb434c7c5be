// The configuration's layout (§11): its sections in the device's order and, in each block, the
// lines of the commands that read them back. Every line's text is exported by its command's handler
// module, next to the handler; a new configurable command adds its lines there and names them here.
import { ConfigState, Layout, Lines, section } from '../config';
import { Acl, parseStored } from '../device/acl';
import { aclNumberLines, aclRuleLines, uiAclInboundLines } from './acl';
import { headerLines } from './header';
import { infoCenterLoghostLines } from './info-center';
import { domainDefaultLines, domainLines, domainMethodLines, domainStateLines } from './domain';
import {
  radiusKeyLines,
  radiusMessageAuthenticatorLines,
  radiusNasIpLines,
  radiusPrimaryLines,
  radiusRetryLines,
  radiusSchemeLines,
  radiusSecondaryLines,
  radiusServerTypeLines,
  radiusTimerLines,
  radiusUserNameFormatLines,
} from './radius';
import { SYSTEM } from '../device/aaa-types';
import { authorizationLevelLines, localUserLines, serviceTypeLines, userStateLines } from './local-user';
import { netconfSshServerEnableLines, netconfSshServerPortLines } from './netconf';
import { passwordControlEnableLines, passwordControlLoginAttemptLines } from './password-control';
import {
  passwordControlAgingLines,
  passwordControlCompositionLines,
  passwordControlFeatureLines,
  passwordControlHistoryLines,
  passwordControlLengthLines,
  passwordControlSuperAgingLines,
  passwordControlSuperCompositionLines,
  passwordControlSuperLengthLines,
} from './password-policy';
import { luserPasswordLines } from './passwords';
import { keyCodeLines, peerPublicKeyEndLines, publicKeyPeerLines } from './peer-keys';
import { sftpServerEnableLines, sftpServerIdleTimeoutLines } from './sftp-server';
import { sshServerEnableLines, sshServerRekeyLines, sshServerRetriesLines, sshServerTimeoutLines } from './ssh-server';
import { sshUserLines } from './ssh-user';
import { sshClientAuthServerLines, sshClientFirstTimeLines } from './ssh-client';
import { superPasswordLines } from './super-password';
import { sysnameLines } from './sysname';
import {
  uiAuthenticationModeLines,
  uiHistorySizeLines,
  uiIdleTimeoutLines,
  uiPrivilegeLevelLines,
  uiProtocolInboundLines,
  uiScreenLengthLines,
  userInterfaceLines,
  UiKind,
} from './user-interface';

const byName = (item: { name: string }, vars: Readonly<Record<string, string>>) => item.name === vars.name;
/** Case-insensitive names (domains, schemes). */
const byNameNoCase = (item: { name: string }, vars: Readonly<Record<string, string>>) => item.name.toLowerCase() === vars.name?.toLowerCase();

const RADIUS_LINES = [
  radiusServerTypeLines,
  radiusPrimaryLines,
  radiusSecondaryLines,
  radiusKeyLines,
  radiusTimerLines,
  radiusRetryLines,
  radiusUserNameFormatLines,
  radiusNasIpLines,
  radiusMessageAuthenticatorLines,
];
const DOMAIN_LINES = [domainMethodLines, domainStateLines];

/** The predefined `system` scheme or domain only once something in it was changed (§2.2). */
function configured<T extends { name: string }>(items: T[], lines: readonly Lines<T>[], state: ConfigState): T[] {
  return items.filter((i) => i.name.toLowerCase() !== SYSTEM || lines.some((l) => l(i, state, true).length > 0));
}

/** Section names are what cli-tree views give as `section:` for `display this`. */
export const CONFIG_LAYOUT: Layout = [
  section<void>({
    name: 'global',
    lines: [
      sysnameLines,
      infoCenterLoghostLines,
      superPasswordLines,
      passwordControlEnableLines,
      passwordControlFeatureLines,
      passwordControlAgingLines,
      passwordControlLengthLines,
      passwordControlCompositionLines,
      passwordControlHistoryLines,
      passwordControlSuperAgingLines,
      passwordControlSuperLengthLines,
      passwordControlSuperCompositionLines,
      passwordControlLoginAttemptLines,
      headerLines,
    ],
  }),
  section({
    name: 'acl',
    items: (s) => parseStored(s.settings['acl.basic']),
    ofView: (a: Acl, vars) => a.number === Number(vars.num),
    head: aclNumberLines,
    lines: [aclRuleLines],
  }),
  // As a V5 backup: the RADIUS schemes, then the ISP domains, then the default domain.
  section({
    name: 'radius-scheme',
    items: (s) => configured(s.radiusSchemes, RADIUS_LINES, s),
    ofView: byNameNoCase,
    head: radiusSchemeLines,
    lines: RADIUS_LINES,
  }),
  section({
    name: 'isp-domain',
    items: (s) => configured(s.domains, DOMAIN_LINES, s),
    ofView: byNameNoCase,
    head: domainLines,
    lines: DOMAIN_LINES,
  }),
  section<void>({ name: 'domain-default', lines: [domainDefaultLines] }),
  section({
    name: 'public-key',
    items: (s) => s.keys,
    ofView: byName,
    head: publicKeyPeerLines,
    lines: [keyCodeLines, peerPublicKeyEndLines],
  }),
  section({
    name: 'local-user',
    items: (s) => s.users,
    ofView: byName,
    head: localUserLines,
    lines: [luserPasswordLines, authorizationLevelLines, serviceTypeLines, userStateLines],
  }),
  // System-view commands printed after the blocks, as the device does.
  section<void>({
    name: 'ssh',
    lines: [sshServerEnableLines, sshServerRetriesLines, sshServerTimeoutLines, sshServerRekeyLines, sftpServerEnableLines, sftpServerIdleTimeoutLines, sshUserLines, sshClientAuthServerLines, sshClientFirstTimeLines, netconfSshServerEnableLines, netconfSshServerPortLines],
  }),
  // As V5: a user-interface view's `display this` shows every block.
  section({
    name: 'user-interface',
    items: (): UiKind[] => ['aux', 'vty'],
    head: userInterfaceLines,
    omitEmpty: true,
    lines: [uiAclInboundLines, uiProtocolInboundLines, uiAuthenticationModeLines, uiIdleTimeoutLines, uiScreenLengthLines, uiHistorySizeLines, uiPrivilegeLevelLines],
  }),
];
